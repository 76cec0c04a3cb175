// Which services a notice concerns, which subscriptions want it, and when a notice seen again
// counts as updated: the pure rules behind "each notice arrives once, where it matters".
import { describe, expect, it } from 'vitest';
import { changedFields, contentHash, fieldHashes } from '../../src/core/notices/content-hash.js';
import type { Subscription } from '../../src/core/notices/notice-events.js';
import { matchableServices, sameProduct, servicesUsing } from '../../src/core/notices/product-match.js';
import { subscriptionWants } from '../../src/core/notices/subscription-filter.js';
import { sameSubscription } from '../../src/core/notices/subscription-rules.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { aNotice } from '../helpers/notice-factory.js';

describe('product names', () => {
  it.each([
    ['Amazon EC2', 'EC2'],
    ['Amazon EC2', 'amazon-ec2'],
    ['EC2', 'AMAZON_EC2'],
    ['Exchange Online', 'Exchange'],
    ['Amazon Elastic Compute Cloud (EC2)', 'Amazon EC2'],
    ['Microsoft Entra ID', 'Microsoft Entra'],
    ['Amazon CloudFront', 'Cloud Front'],
    ['ＡＷＳ　ＷＡＦ', 'AWS WAF'],
    ['Amazon RDS', 'Amazon RDS for PostgreSQL'],
    ['SharePoint Online', 'sharepoint'],
  ])('"%s" is the same product as "%s"', (a, b) => {
    expect(sameProduct(a, b)).toBe(true);
    expect(sameProduct(b, a)).toBe(true);
  });

  it.each([
    ['AWS Direct Connect', 'Amazon Connect'],
    ['Elastic Load Balancing', 'Cloud Load Balancing'],
    ['Amazon S3', 'Amazon SES'],
    ['Exchange Online', 'SharePoint Online'],
    ['Microsoft Teams', 'Microsoft 365'],
    ['AWS', 'Amazon'],
  ])('"%s" is not "%s"', (a, b) => {
    expect(sameProduct(a, b)).toBe(false);
  });
});

describe('matching notices to the services in tsunagi.yaml', () => {
  const services = matchableServices(exampleDirectory());

  it('finds every service that uses one of the products', () => {
    expect(servicesUsing({ provider: 'aws', products: ['Amazon RDS'] }, services)).toEqual([
      'portal',
      'e-apply',
    ]);
    expect(servicesUsing({ provider: 'aws', products: ['EC2'] }, services)).toEqual(['portal']);
    expect(servicesUsing({ provider: 'microsoft-365', products: ['Exchange'] }, services)).toEqual(['mail']);
    expect(servicesUsing({ provider: 'azure', products: ['Microsoft Entra'] }, services)).toEqual(['mail']);
  });

  it('matches nothing for a product nobody uses', () => {
    expect(servicesUsing({ provider: 'aws', products: ['Amazon Braket'] }, services)).toEqual([]);
    expect(servicesUsing({ provider: 'aws', products: [] }, services)).toEqual([]);
  });

  it("never matches one vendor's notice to a service that only uses another's products", () => {
    // "Teams" is a Microsoft product; a Google Workspace notice about its own "Teams" is not ours.
    expect(servicesUsing({ provider: 'google-workspace', products: ['Teams'] }, services)).toEqual([]);
    expect(servicesUsing({ provider: 'google-cloud', products: ['Cloud Front'] }, services)).toEqual([]);
    // A feed of unknown origin is matched on product names alone.
    expect(servicesUsing({ provider: 'other', products: ['Microsoft Teams'] }, services)).toEqual(['mail']);
  });
});

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'SUB-1',
    number: 1,
    source: 'm365-messages',
    platform: 'slack',
    channel: 'C-OPS',
    products: [],
    categories: [],
    keywords: [],
    tags: [],
    services: [],
    all: false,
    by: 'takahashi',
    ...overrides,
  };
}

describe('subscription filters', () => {
  const candidate = { source: 'm365-messages', notice: aNotice(), services: ['mail'] };
  const wants = (overrides: Partial<Subscription>, c = candidate): boolean =>
    subscriptionWants(subscription(overrides), c);

  it('takes notices of its source only, or of every source with "all"', () => {
    expect(wants({})).toBe(true);
    expect(wants({ source: 'aws-health' })).toBe(false);
    expect(wants({ source: 'all' })).toBe(true);
  });

  it('leaves out notices about products nobody uses unless it asks for all', () => {
    const unused = { ...candidate, services: [] };
    expect(wants({}, unused)).toBe(false);
    expect(wants({ all: true }, unused)).toBe(true);
  });

  it('filters by service, product, category, severity, keyword and tag', () => {
    expect(wants({ services: ['mail'] })).toBe(true);
    expect(wants({ services: ['portal'] })).toBe(false);
    expect(wants({ products: ['Exchange'] })).toBe(true);
    expect(wants({ products: ['Microsoft Teams'] })).toBe(false);
    expect(wants({ categories: ['plan-for-change'] })).toBe(true);
    expect(wants({ categories: ['stayInformed'] })).toBe(false);
    expect(wants({ severity: 'normal' })).toBe(true);
    expect(wants({ severity: 'high' })).toBe(true);
    expect(wants({ severity: 'critical' })).toBe(false);
    expect(wants({ keywords: ['SMTP auth'] })).toBe(true);
    expect(wants({ keywords: ['Teams'] })).toBe(false);
    expect(wants({ tags: ['default-change'] })).toBe(true);
    expect(wants({ tags: ['retirement'] })).toBe(false);
  });

  it('needs every filter to match, and any one value within a filter', () => {
    expect(wants({ categories: ['planForChange'], services: ['mail'] })).toBe(true);
    expect(wants({ categories: ['planForChange'], services: ['portal'] })).toBe(false);
    expect(wants({ tags: ['retirement', 'default-change'] })).toBe(true);
  });

  it('finds Japanese keywords whatever their width or case', () => {
    const japanese = {
      ...candidate,
      notice: aNotice({ title: 'ＳＭＴＰ認証の既定値が変わります', body: 'ｾｷｭﾘﾃｨ既定値の変更です。' }),
    };
    expect(wants({ keywords: ['smtp認証'] }, japanese)).toBe(true);
    expect(wants({ keywords: ['セキュリティ'] }, japanese)).toBe(true);
    expect(wants({ keywords: ['提供終了'] }, japanese)).toBe(false);
  });

  it('counts the same filters in another spelling as the same subscription', () => {
    const a = subscription({ products: ['Amazon EC2'], categories: ['planForChange'] });
    const b = subscription({ products: ['ec2'], categories: ['PLAN_FOR_CHANGE'], id: 'SUB-2' });
    expect(sameSubscription(a, b)).toBe(true);
    expect(sameSubscription(a, subscription({ products: ['Amazon EC2'] }))).toBe(false);
  });
});

describe('update detection', () => {
  it('does not count new timestamps, or reordered lists, as a change', () => {
    const first = aNotice({ products: ['Exchange Online', 'Microsoft Purview'] });
    const again = aNotice({
      products: ['Microsoft Purview', 'Exchange Online'],
      updated: '2026-11-21T09:00:00Z',
      published: '2026-11-20T02:00:00Z',
    });
    expect(contentHash(again)).toBe(contentHash(first));
  });

  it('counts a change to what a reader sees, and names what changed', () => {
    const first = aNotice();
    const edited = aNotice({
      body: `${first.body} Updated: the date moved.`,
      actionRequiredBy: '2027-01-31',
    });
    expect(contentHash(edited)).not.toBe(contentHash(first));
    expect(changedFields(fieldHashes(first), fieldHashes(edited))).toEqual(['body', 'actionRequiredBy']);
    expect(contentHash(aNotice({ tags: ['default-change', 'security'] }))).not.toBe(contentHash(first));
    expect(contentHash(aNotice({ severity: 'critical' }))).not.toBe(contentHash(first));
  });
});
