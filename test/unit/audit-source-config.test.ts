// tsunagi.yaml `alerts.sources`: the audit logs an administrator switches on, read into what the
// audit poller needs, and the mistakes a kind cannot live with refused at start-up.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parties/load-config.js';

const location = { file: 'tsunagi.yaml', isExample: false };

const base = `organisation:
  name: { ja: 市, en: City }
  timezone: Asia/Tokyo
parties:
  - { id: city, role: customer, name: 市 }
`;

function rejected(yaml: string): string {
  try {
    parseConfig(yaml, location);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return JSON.stringify((error as ConfigError).problems);
  }
  throw new Error('expected the configuration to be rejected');
}

describe('audit sources in tsunagi.yaml', () => {
  it('reads CloudTrail accounts, Workspace applications and lag, and Graph lists', () => {
    const config = parseConfig(
      `${base}alerts:
  sources:
    - id: aws
      kind: cloudtrail
      every: PT2M
      accounts:
        - { account: '111122223333', region: ap-northeast-1 }
        - { account: '444455556666', region: us-east-1, profile: audit-readonly }
    - { id: workspace, kind: google-reports, applications: [admin, login], lag: PT1H }
    - { id: entra, kind: graph-directory-audits, enabled: false }
    - { id: signins, kind: graph-signins, lag: PT15M }
`,
      location,
    );
    const sources = config.alerts!.sources!;
    expect(sources.map((s) => [s.id, s.kind, s.everyMs, s.enabled])).toEqual([
      ['aws', 'cloudtrail', 120_000, true],
      ['workspace', 'google-reports', 300_000, true],
      ['entra', 'graph-directory-audits', 300_000, false],
      ['signins', 'graph-signins', 300_000, true],
    ]);
    // Only Workspace waits for late data unless told to.
    expect(sources.map((s) => s.lagMs)).toEqual([0, 3_600_000, 0, 900_000]);
    expect(sources[0]!.accounts).toEqual([
      { account: '111122223333', region: 'ap-northeast-1' },
      { account: '444455556666', region: 'us-east-1', profile: 'audit-readonly' },
    ]);
    expect(sources[1]).toMatchObject({ applications: ['admin', 'login'], lagMs: 3_600_000 });
    expect(sources[2]).toMatchObject({ name: { en: 'entra' } });
  });

  it('reads Workspace with the admin, login and token applications and a 3-hour lag by default', () => {
    const config = parseConfig(
      `${base}alerts:\n  sources:\n    - { id: ws, kind: google-reports }\n`,
      location,
    );
    expect(config.alerts!.sources![0]).toMatchObject({
      applications: ['admin', 'login', 'token'],
      lagMs: 10_800_000,
    });
  });

  it('refuses CloudTrail without accounts, fields of another kind, short intervals and repeated ids', () => {
    expect(rejected(`${base}alerts:\n  sources:\n    - { id: aws, kind: cloudtrail }\n`)).toContain(
      'accounts',
    );
    expect(
      rejected(`${base}alerts:\n  sources:\n    - { id: e, kind: graph-signins, applications: [login] }\n`),
    ).toContain('applications');
    expect(
      rejected(
        `${base}alerts:\n  sources:\n    - { id: aws, kind: cloudtrail, every: PT10S, accounts: [{ account: '111122223333', region: us-east-1 }] }\n`,
      ),
    ).toContain('every');
    expect(
      rejected(
        `${base}alerts:\n  sources:\n    - { id: aws, kind: cloudtrail, accounts: [{ account: '1234', region: us-east-1 }] }\n`,
      ),
    ).toContain('account');
    expect(
      rejected(
        `${base}alerts:\n  sources:\n    - { id: a, kind: graph-signins }\n    - { id: a, kind: graph-alerts }\n`,
      ),
    ).toContain('unique');
  });
});
