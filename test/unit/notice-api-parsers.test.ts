// The API sources: AWS Health (DescribeEvents + DescribeEventDetails) and Microsoft 365 Message
// Center and service health issues (Microsoft Graph list pages, with paging).
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { feedFixture, noticeById, parseFixture } from '../helpers/notice-fixtures.js';

const RETIREMENT_ARN =
  'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_4d5e6f7a-1b2c';

describe('AWS Health events', () => {
  const { notices, skipped } = parseFixture('aws-health', 'aws-health.json');

  it('joins each event with its details, with every optional field', () => {
    expect(noticeById(notices, `aws-health:${RETIREMENT_ARN}`)).toEqual({
      id: `aws-health:${RETIREMENT_ARN}`,
      provider: 'aws',
      products: ['Amazon EC2'],
      title: 'Amazon EC2: Instance retirement scheduled (ap-northeast-1)',
      // Announced (last updated) before the scheduled change starts.
      published: '2025-05-14T05:20:00.123Z',
      url: `https://health.aws.amazon.com/health/home#/account/event-log?eventTab=details&eventID=${encodeURIComponent(RETIREMENT_ARN)}`,
      category: 'scheduledChange',
      severity: 'normal',
      actionRequiredBy: '2025-06-09T08:00:00.000Z',
      body: expect.stringContaining('We will stop your instance after 2025-06-09 08:00:00 UTC.'),
      tags: ['retirement'],
    });
  });

  it('rates an issue high, reads ISO times too, and strips terminal escapes from the description', () => {
    const issue = notices.find((n) => n.category === 'issue')!;
    expect(issue).toMatchObject({
      products: ['Amazon CloudFront'],
      severity: 'high',
      published: '2025-05-13T02:10:00.000Z',
      updated: '2025-05-13T03:45:00.000Z',
    });
    expect(issue.actionRequiredBy).toBeUndefined();
    expect(issue.body).toBe(
      '[RESOLVED] Increased Error Rates\n\n12:45 PM JST We are investigating increased error rates for requests served from edge locations in Tokyo. Other edge locations are not affected.',
    );
  });

  it('tags a security notification from its event type code and rates it high', () => {
    const security = notices.find((n) => n.id.includes('AWS_IAM_SECURITY_NOTIFICATION'))!;
    expect(security).toMatchObject({
      category: 'accountNotification',
      severity: 'high',
      tags: ['security'],
      products: ['AWS Identity and Access Management'],
    });
  });

  it('reads a minimal event (ARN and start only), taking service and code from the ARN', () => {
    const minimal = notices.find((n) => n.id.endsWith('AWS_EC2_OPERATIONAL_ISSUE_minimal'))!;
    expect(minimal).toMatchObject({
      products: ['Amazon EC2'],
      title: 'Amazon EC2: Operational issue',
      published: '2025-05-05T00:00:00.000Z',
      body: '',
    });
  });

  it('skips an event without an ARN and says why', () => {
    expect(notices).toHaveLength(5);
    expect(skipped).toEqual([
      { index: 5, reason: expect.objectContaining({ en: expect.stringContaining('no identifier') }) },
    ]);
  });

  it('reads a raw DescribeEventDetails response on its own', () => {
    const raw = JSON.parse(feedFixture('aws-health.json')) as { details: unknown[] };
    const { notices: fromDetails } = normalise('aws-health', JSON.stringify({ successfulSet: raw.details }));
    expect(fromDetails.map((n) => n.id)).toContain(`aws-health:${RETIREMENT_ARN}`);
  });
});

describe('Microsoft 365 Message Center (Graph serviceUpdateMessage pages)', () => {
  const page1 = parseFixture('m365-messages', 'm365-messages.page1.json');
  const page2 = parseFixture('m365-messages', 'm365-messages.page2.json');

  it('reads each page of the list, with ids and Message Center links', () => {
    expect(page1.notices.map((n) => n.id)).toEqual(['m365:MC1050312', 'm365:MC1049876']);
    expect(page2.notices.map((n) => n.id)).toEqual(['m365:MC1048001', 'm365:MC1047000']);
    expect(page1.notices[0]!.url).toBe(
      'https://admin.microsoft.com/Adminportal/Home#/MessageCenter/:/messages/MC1050312',
    );
  });

  it('maps every field of a full message, with isMajorChange and the Retirement tag', () => {
    const smtp = noticeById(page1.notices, 'm365:MC1050312');
    expect(smtp).toMatchObject({
      provider: 'microsoft-365',
      products: ['Exchange Online'],
      title:
        '(Updated) Exchange Online: Basic authentication for SMTP AUTH client submission retires in September 2025',
      published: '2025-05-13T22:47:03.000Z',
      updated: '2025-05-14T01:02:55.000Z',
      category: 'planForChange',
      severity: 'high',
      actionRequiredBy: '2025-09-01T07:00:00.000Z',
      tags: ['major', 'retirement'],
    });
    expect(smtp.body).toContain(
      'On September 1, 2025, Exchange Online will permanently remove support for Basic',
    );
    expect(smtp.body).toContain('- OAuth is not affected.');
  });

  it('lets isMajorChange: false decide, while default changes still come from keywords', () => {
    const teams = noticeById(page1.notices, 'm365:MC1049876');
    expect(teams.tags).toEqual(['default-change']);
    expect(teams.body).toContain(
      '外部アクセスの既定値は Teams 管理センターの 外部コミュニケーション (https://admin.teams.microsoft.com/company-wide-settings/external-communications) で確認できます。',
    );
  });

  it('keeps Japanese titles and drops style content', () => {
    const purview = noticeById(page2.notices, 'm365:MC1048001');
    expect(purview).toMatchObject({
      title: 'Microsoft Purview: 監査ログの保持期間の既定値の変更',
      products: ['Microsoft Purview', 'Microsoft 365 suite'],
      severity: 'critical',
      tags: ['default-change'],
    });
    expect(purview.body).not.toContain('color');
  });

  it('reads a minimal message and skips one without a title', () => {
    expect(noticeById(page2.notices, 'm365:MC1047000')).toEqual({
      id: 'm365:MC1047000',
      provider: 'microsoft-365',
      products: [],
      title: 'SharePoint Online: minimal message',
      published: '2025-05-08T10:00:00.000Z',
      url: 'https://admin.microsoft.com/Adminportal/Home#/MessageCenter/:/messages/MC1047000',
      severity: 'normal',
      body: '',
      tags: [],
    });
    expect(page2.skipped).toEqual([
      { index: 2, ref: 'MC1046000', reason: expect.objectContaining({ en: 'It has no title.' }) },
    ]);
  });
});

describe('Microsoft 365 service health issues (Graph serviceHealthIssue page)', () => {
  const { notices, skipped } = parseFixture('m365-issues', 'm365-issues.json');

  it('rates an incident high and writes the impact and the latest post as the body', () => {
    expect(skipped).toEqual([]);
    const outage = noticeById(notices, 'm365-issue:EX1083112');
    expect(outage).toMatchObject({
      provider: 'microsoft-365',
      products: ['Exchange Online'],
      category: 'incident',
      severity: 'high',
      published: '2025-05-13T08:05:00.000Z',
      updated: '2025-05-13T09:30:41.220Z',
      url: 'https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/EX1083112',
    });
    expect(
      outage.body.startsWith('Users may be unable to access their mailboxes using Outlook on the web.\n\n'),
    ).toBe(true);
    expect(outage.body).toContain("We've identified a recent configuration change as the cause");
    expect(outage.body).not.toContain('reviewing service monitoring telemetry');
  });

  it('rates an advisory normal and keeps Japanese; reads a minimal issue', () => {
    expect(noticeById(notices, 'm365-issue:TM1082001')).toMatchObject({
      category: 'advisory',
      severity: 'normal',
      title: 'Teams の会議の録画が一部のユーザーで遅延する',
      body: '一部のユーザーで会議の録画の表示が遅延する場合があります。',
    });
    expect(noticeById(notices, 'm365-issue:SP1080000')).toMatchObject({
      products: [],
      body: '',
      severity: 'normal',
    });
  });
});
