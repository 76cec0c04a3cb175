// The RSS and Atom sources, parsed from fixtures written from each source's documentation: AWS
// What's New, Azure Updates, Google Workspace Updates, and any RSS/Atom feed (an SIer's notices).
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../src/sources/feeds/notice.js';
import { productFromSlug } from '../../src/sources/feeds/parse/aws-product-names.js';
import { noticeById, parseFixture } from '../helpers/notice-fixtures.js';

const NO_MARKUP = /<[a-z/!][^>]*>|&[a-z]+;|&#\d+;/i;

function expectSafeBodies(notices: readonly Notice[]): void {
  for (const n of notices) {
    expect(n.body, n.id).not.toMatch(NO_MARKUP);
    expect(n.title, n.id).not.toMatch(NO_MARKUP);
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(n.body, n.id).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }
}

describe('AWS What’s New (RSS)', () => {
  const { notices, skipped } = parseFixture('aws-whats-new', 'aws-whats-new.rss.xml');

  it('reads every item with ids from the guid, or the link when there is none', () => {
    expect(skipped).toEqual([]);
    expect(notices.map((n) => n.id)).toEqual([
      'aws-whats-new:5f2c7d1e-9a4b-4c3e-8f21-1d0b6e7a9c01',
      'aws-whats-new:0b9e3a44-6c1d-4e8f-a2b7-3c5d9e0f1a22',
      'aws-whats-new:c41d2e55-7f60-4b1a-9e3c-8d2f4a6b0e33',
      'aws-whats-new:e7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8a9b44',
      'aws-whats-new:https://aws.amazon.com/about-aws/whats-new/2025/05/aws-elastic-beanstalk-nodejs-22/',
    ]);
    expect(notices.every((n) => n.provider === 'aws')).toBe(true);
  });

  it('names products from the general:products categories, leaving the marketing tags out', () => {
    const imds = noticeById(notices, 'aws-whats-new:5f2c7d1e-9a4b-4c3e-8f21-1d0b6e7a9c01');
    expect(imds.products).toEqual(['Amazon EC2', 'Amazon EC2 Auto Scaling']);
    const waf = noticeById(notices, 'aws-whats-new:c41d2e55-7f60-4b1a-9e3c-8d2f4a6b0e33');
    // A slug with no plain reading stays as AWS wrote it.
    expect(waf.products).toEqual(['AWS WAF', 'AWS Firewall Manager', 'aws-sdk-for-.net']);
  });

  it('derives readable product names from slugs', () => {
    expect(productFromSlug('amazon-cloudfront')).toBe('Amazon CloudFront');
    expect(productFromSlug('aws-identity-and-access-management')).toBe('AWS Identity and Access Management');
    expect(productFromSlug('elastic-load-balancing')).toBe('Elastic Load Balancing');
    expect(productFromSlug('amazon-rds')).toBe('Amazon RDS');
  });

  it('gives dates as ISO 8601, a plain-text body with its links, and tags from keywords', () => {
    const imds = noticeById(notices, 'aws-whats-new:5f2c7d1e-9a4b-4c3e-8f21-1d0b6e7a9c01');
    expect(imds.published).toBe('2025-05-14T17:00:00.000Z');
    expect(imds.url).toBe(
      'https://aws.amazon.com/about-aws/whats-new/2025/05/amazon-ec2-imdsv2-default-console/',
    );
    expect(imds.body).toContain('Amazon EC2 (https://aws.amazon.com/ec2/) instances launched');
    expect(imds.body).toContain('- Applies in all commercial Regions');
    expect(imds.tags).toEqual(['default-change']);
    expect(noticeById(notices, 'aws-whats-new:0b9e3a44-6c1d-4e8f-a2b7-3c5d9e0f1a22').tags).toEqual([
      'retirement',
    ]);
  });

  it('leaves out script content, images and javascript: links', () => {
    const waf = noticeById(notices, 'aws-whats-new:c41d2e55-7f60-4b1a-9e3c-8d2f4a6b0e33');
    expect(waf.body).not.toMatch(/tracking pixel|javascript|document\.write/);
    expect(waf.body).toContain('Use it with AWS Firewall Manager to apply it across accounts.');
    expect(waf.tags).toEqual(['security']);
    expect(noticeById(notices, 'aws-whats-new:0b9e3a44-6c1d-4e8f-a2b7-3c5d9e0f1a22').body).not.toMatch(
      /logo|png/,
    );
    expectSafeBodies(notices);
  });

  it('keeps Japanese text as it is', () => {
    const cloudfront = noticeById(notices, 'aws-whats-new:e7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8a9b44');
    expect(cloudfront.title).toBe(
      'Amazon CloudFront が東京リージョンのオリジンに対する新しいデフォルトのキャッシュポリシーを提供開始',
    );
    expect(cloudfront.body).toContain('既定のキャッシュポリシーとして CachingOptimized が選択されます');
    expect(cloudfront.tags).toEqual(['default-change']);
  });

  it('reads a minimal item (title, link and date only)', () => {
    const minimal = noticeById(
      notices,
      'aws-whats-new:https://aws.amazon.com/about-aws/whats-new/2025/05/aws-elastic-beanstalk-nodejs-22/',
    );
    expect(minimal).toEqual({
      id: 'aws-whats-new:https://aws.amazon.com/about-aws/whats-new/2025/05/aws-elastic-beanstalk-nodejs-22/',
      provider: 'aws',
      products: [],
      title: 'AWS Elastic Beanstalk supports Node.js 22',
      published: '2025-05-08T18:00:00.000Z',
      url: 'https://aws.amazon.com/about-aws/whats-new/2025/05/aws-elastic-beanstalk-nodejs-22/',
      severity: 'normal',
      body: '',
      tags: [],
    });
  });
});

describe('Azure Updates (RSS)', () => {
  const { notices, skipped } = parseFixture('azure-updates', 'azure-updates.rss.xml');

  it('takes the status as category, product names as products, and retirement from its category', () => {
    expect(skipped).toEqual([]);
    const basicIp = noticeById(notices, 'azure-updates:493511');
    expect(basicIp).toMatchObject({
      provider: 'azure',
      category: 'Retirements',
      products: ['Virtual Machines'],
      published: '2025-05-14T16:00:07.000Z',
      updated: '2025-05-14T18:12:40.000Z',
      url: 'https://azure.microsoft.com/updates?id=493511',
    });
    expect(basicIp.tags).toContain('retirement');
    // "network security group" in the body is not a security bulletin.
    expect(basicIp.tags).not.toContain('security');
  });

  it('reads In preview and Launched items, and the Security update type as a security tag', () => {
    expect(noticeById(notices, 'azure-updates:492870')).toMatchObject({
      category: 'In preview',
      products: ['Microsoft Defender for Cloud'],
      tags: ['security'],
    });
    expect(noticeById(notices, 'azure-updates:491002')).toMatchObject({
      category: 'Launched',
      products: ['Azure Database for PostgreSQL'],
    });
  });

  it('reads a minimal item without link or categories', () => {
    const minimal = noticeById(notices, 'azure-updates:490555');
    expect(minimal.url).toBeUndefined();
    expect(minimal.category).toBeUndefined();
    expect(minimal.products).toEqual([]);
    expectSafeBodies(notices);
  });
});

describe('Google Workspace Updates (Atom from Blogger)', () => {
  const { notices, skipped } = parseFixture('workspace-updates', 'workspace-updates.atom.xml');

  it('names products from the post labels, without the release tracks', () => {
    expect(skipped).toEqual([]);
    const lsa = noticeById(
      notices,
      'workspace-updates:tag:blogger.com,1999:blog-3318213349183455917.post-7130551092240148901',
    );
    expect(lsa).toMatchObject({
      provider: 'google-workspace',
      products: ['Admin console', 'Gmail'],
      published: '2025-05-14T17:30:00.000Z',
      updated: '2025-05-14T17:33:02.615Z',
      url: 'https://workspaceupdates.googleblog.com/2025/05/less-secure-app-access-off-by-default.html',
      tags: ['default-change'],
    });
    expect(lsa.body).toContain('What’s changing\n\nStarting June 16, 2025, less secure app access');
  });

  it('keeps a Japanese post and tags its retirement', () => {
    const drive = noticeById(
      notices,
      'workspace-updates:tag:blogger.com,1999:blog-3318213349183455917.post-2284771100365219004',
    );
    expect(drive.title).toBe('Google ドライブのレガシー共有リンクの提供終了について');
    expect(drive.products).toEqual(['Google Drive']);
    expect(drive.tags).toEqual(['retirement']);
    expectSafeBodies(notices);
  });
});

describe('any RSS 2.0 feed (an SIer’s notices)', () => {
  const { notices, skipped } = parseFixture('rss', 'generic.rss.xml');

  it('qualifies a bare guid with the channel link and uses a permalink guid as it is', () => {
    expect(notices.map((n) => n.id)).toEqual([
      'rss:https://support.hikari-systems.example.jp/notices/#notice-2025-0514-01',
      'rss:https://support.hikari-systems.example.jp/notices/2025/0512-waf.html',
      'rss:https://support.hikari-systems.example.jp/notices/2025/0501-maintenance.html',
    ]);
  });

  it('reads JST and numeric zones and dc:date, products from categories, provider other by default', () => {
    const [sharing, waf, maintenance] = notices;
    expect(sharing).toMatchObject({
      provider: 'other',
      products: ['Microsoft 365', 'SharePoint Online'],
      published: '2025-05-14T09:00:00.000Z',
      tags: ['default-change'],
    });
    expect(sharing!.body).toContain('作業日 | 2025年6月3日（火）\n影響 | なし（設定変更のみ）');
    expect(waf).toMatchObject({ published: '2025-05-12T01:00:00.000Z', tags: ['security'] });
    expect(waf!.body).toBe(
      'CMS プラグインの脆弱性（CVE-2025-31337）を悪用する攻撃を防ぐため、AWS WAF のマネージドルールを更新しました。\nポータルサイトへの影響はありません。',
    );
    expect(maintenance!.published).toBe('2025-05-01T00:00:00.000Z');
    expectSafeBodies(notices);
  });

  it('skips an item without a date and says why', () => {
    expect(skipped).toEqual([
      {
        index: 3,
        ref: 'https://support.hikari-systems.example.jp/notices/undated.html',
        reason: expect.objectContaining({ en: expect.stringContaining('no publication date') }),
      },
    ]);
  });

  it('takes the provider and a product from the caller', () => {
    const { notices: aws } = parseFixture('rss', 'generic.rss.xml', { provider: 'aws', product: 'Portal' });
    expect(aws[1]).toMatchObject({ provider: 'aws', products: ['Portal', 'AWS WAF'] });
  });
});

describe('any Atom feed', () => {
  const { notices, skipped } = parseFixture('atom', 'generic.atom.xml');

  it('reads entries with ids, HTML titles, XHTML content, summaries and published/updated dates', () => {
    expect(skipped).toEqual([]);
    const entra = noticeById(notices, 'atom:urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a');
    expect(entra).toMatchObject({
      title: 'Microsoft Entra ID の 既定 の多要素認証ポリシー変更について',
      products: ['Microsoft Entra ID', 'security'],
      published: '2025-05-13T01:00:00.000Z',
      updated: '2025-05-14T00:00:00.000Z',
      url: 'https://ops.sakura-integration.example.jp/notices/entra-mfa-default',
      tags: ['default-change', 'security'],
    });
    expect(entra.body).toBe(
      'Microsoft 社は 2025 年 7 月より、既定のセキュリティ設定を有効にしているテナントで多要素認証の登録を必須にします。\n\n対象: 職員メール（Microsoft 365）',
    );
    expect(noticeById(notices, 'atom:tag:ops.sakura-integration.example.jp,2025:notice-42').body).toBe(
      'We will update the CMS plugins on May 20.',
    );
  });

  it('gives an entry without id or link a stable id from its feed, title and date', () => {
    const anonymous = notices.find((n) => n.title === 'No identifier')!;
    expect(anonymous.id).toMatch(/^atom:sha256:[0-9a-f]{16}$/);
    expect(
      parseFixture('atom', 'generic.atom.xml').notices.find((n) => n.title === 'No identifier')!.id,
    ).toBe(anonymous.id);
    expect(anonymous.body).toBe('This entry has neither an id nor a link.');
    expectSafeBodies(notices);
  });
});
