// Generated provider notice payloads for the notices benchmark: an AWS What's New RSS feed and
// Microsoft Graph Message Center list pages, realistic in size and shape (HTML bodies with links and
// lists, product categories of which some are used by the example organisation, tag keywords).
const START = new Date('2025-05-15T00:00:00Z');

// Products across AWS: some the example organisation uses (portal, e-apply), most it does not.
const AWS_SLUGS = [
  'amazon-ec2',
  'amazon-rds',
  'aws-waf',
  'amazon-cloudfront',
  'amazon-s3',
  'aws-lambda',
  'amazon-sagemaker',
  'amazon-bedrock',
  'aws-iot-core',
  'amazon-connect',
  'amazon-eks',
  'amazon-dynamodb',
  'aws-glue',
  'amazon-quicksight',
  'aws-elastic-beanstalk',
  'amazon-ses',
];
const M365_SERVICES = [
  'Exchange Online',
  'Microsoft Teams',
  'SharePoint Online',
  'Microsoft Entra',
  'Power BI',
  'Microsoft Intune',
  'Microsoft Viva',
  'Dynamics 365 Apps',
  'Microsoft Purview',
  'Planner',
];
const PHRASES = [
  'is now generally available in the Asia Pacific (Tokyo) Region.',
  'now enables encryption by default for new resources.',
  'will reach end of standard support on July 31, 2026.',
  'adds protection against a newly disclosed vulnerability (CVE-2025-31337).',
  'の既定の設定が変更されます。既存のリソースには影響しません。',
  'adds support for additional instance types.',
];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An AWS What's New feed of `n` items, each with an HTML description of about 700 characters. */
export function generateFeed(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const slug = AWS_SLUGS[i % AWS_SLUGS.length]!;
    const other = AWS_SLUGS[(i * 7 + 3) % AWS_SLUGS.length]!;
    const phrase = PHRASES[i % PHRASES.length]!;
    const when = new Date(START.getTime() - i * 60_000).toUTCString().replace('GMT', '+0000');
    const html =
      `<p>Starting today, <a href="https://aws.amazon.com/${slug}/">${slug}</a> ${phrase} ` +
      `Customers can use this with <b>${other}</b> to simplify operations across accounts and Regions.</p>` +
      `<ul><li>Available in all commercial Regions</li><li>No additional charge</li><li>Update ${i}</li></ul>` +
      `<p>To learn more, read the <a href="https://docs.aws.amazon.com/${slug}/latest/userguide/">user guide</a> ` +
      `and the <a href="https://aws.amazon.com/blogs/aws/${slug}-${i}/">launch blog post</a>.</p>`;
    items.push(
      `<item><guid isPermaLink="false">bench-${i.toString(16).padStart(8, '0')}-7f3c-4e1a</guid>` +
        `<title>${escapeXml(`${slug} ${phrase}`)} (${i})</title>` +
        `<description>${escapeXml(html)}</description><pubDate>${when}</pubDate>` +
        `<category>general:products/${slug},general:products/${other},marketing:marchitecture/compute</category>` +
        `<author>aws@amazon.com</author>` +
        `<link>https://aws.amazon.com/about-aws/whats-new/2025/05/bench-${i}/</link></item>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
    `<title>Recent Announcements</title><link>https://aws.amazon.com/about-aws/whats-new/recent/</link>` +
    `<description>Recent Announcements</description>${items.join('')}</channel></rss>`
  );
}

/** `n` Message Center messages as Graph list pages of `pageSize` (each with its nextLink but the last). */
export function generateGraphPages(n: number, pageSize = 100): string[] {
  const pages: string[] = [];
  for (let start = 0; start < n; start += pageSize) {
    const value = [];
    for (let i = start; i < Math.min(n, start + pageSize); i++) {
      const service = M365_SERVICES[i % M365_SERVICES.length]!;
      const at = new Date(START.getTime() - i * 60_000).toISOString();
      value.push({
        startDateTime: at,
        endDateTime: null,
        lastModifiedDateTime: at,
        title: `${service}: ${PHRASES[i % PHRASES.length]!} (${i})`,
        id: `MC${(1_000_000 + i).toString()}`,
        category: ['planForChange', 'stayInformed', 'preventOrFixIssue'][i % 3],
        severity: ['normal', 'high', 'critical'][i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0],
        tags: i % 5 === 0 ? ['Retirement', 'Admin impact'] : ['Feature update', 'User impact'],
        isMajorChange: i % 11 === 0,
        actionRequiredByDateTime:
          i % 4 === 0 ? new Date(START.getTime() + 90 * 86_400_000).toISOString() : null,
        services: [service],
        hasAttachments: false,
        details: [{ name: 'ExternalLink', value: `https://learn.microsoft.com/bench/${i}` }],
        body: {
          contentType: 'html',
          content:
            `<p>[When this will happen:]</p><p>Rollout will begin in mid-June 2025 and complete by late July 2025.</p>` +
            `<p>[How this will affect your organization:]</p><p>${service} ${PHRASES[(i + 1) % PHRASES.length]!} ` +
            `Admins can change this in the <a href="https://admin.microsoft.com/">Microsoft 365 admin center</a>.</p>` +
            `<ul><li>Users will see the new experience</li><li>No action is required</li></ul>` +
            `<p>[What you need to do to prepare:]</p><p>Review your settings and update your documentation (${i}).</p>`,
        },
      });
    }
    const next =
      start + pageSize < n
        ? {
            '@odata.nextLink': `https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/messages?$skiptoken=${start + pageSize}`,
          }
        : {};
    pages.push(JSON.stringify({ '@odata.context': 'bench', ...next, value }));
  }
  return pages;
}
