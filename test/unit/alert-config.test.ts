// tsunagi.yaml `alerts` (routing, grouping window, extra Sigma rules) and services' audit_accounts,
// and how an alert is routed: the first matching route, else the default channel, else nowhere.
import { describe, expect, it } from 'vitest';
import { ruleGlobMatches, routeAlert } from '../../src/core/alerts/alert-routing.js';
import { ConfigError } from '../../src/core/errors.js';
import { parseConfig } from '../../src/core/parties/load-config.js';

const location = { file: 'tsunagi.yaml', isExample: false };

const base = `organisation:
  name: { ja: 市, en: City }
parties:
  - { id: city, role: customer, name: 市 }
  - { id: si, role: sier, name: SI }
  - { id: aws, role: provider, name: AWS }
services:
  - id: portal
    name: Portal
    model: IaaS
    provider: aws
    sier: si
    audit_accounts: ['123456789012']
`;

describe('alerts in tsunagi.yaml', () => {
  it('reads routes, the default channel, the window and the Sigma folder', () => {
    const config = parseConfig(
      `${base}alerts:
  channel: { slack: '#security' }
  group_window: 30m
  sigma_dir: my-rules
  routes:
    - { rules: ['cis-aws-*'], severity_at_least: high, channels: { slack: '#soc', console: '#soc' } }
    - { responsible: [si], channels: { teams: '19:si@thread.tacv2' } }
`,
      location,
    );
    expect(config.services[0]!.auditAccounts).toEqual(['123456789012']);
    expect(config.alerts).toMatchObject({
      channel: { slack: '#security' },
      groupWindow: '30m',
      sigmaDir: 'my-rules',
      routes: [
        { rules: ['cis-aws-*'], severityAtLeast: 'high', channels: { slack: '#soc', console: '#soc' } },
        { responsible: ['si'], channels: { teams: '19:si@thread.tacv2' } },
      ],
    });
    const settings = config.alerts!;
    expect(routeAlert(settings, 'cis-aws-4.5', 'high')).toEqual([
      { platform: 'slack', channel: '#soc' },
      { platform: 'console', channel: '#soc' },
    ]);
    expect(routeAlert(settings, 'cis-aws-4.6', 'low', 'si')).toEqual([
      { platform: 'teams', channel: '19:si@thread.tacv2' },
    ]);
    expect(routeAlert(settings, 'entra-role-assigned', 'critical')).toEqual([
      { platform: 'slack', channel: '#security' },
    ]);
    expect(routeAlert(undefined, 'cis-aws-4.5', 'high')).toEqual([]);
  });

  it('refuses an unknown key in alerts, and a route for an unknown party', () => {
    expect(() => parseConfig(`${base}alerts:\n  chanel: { slack: '#x' }\n`, location)).toThrow(ConfigError);
    let problems: unknown;
    try {
      parseConfig(
        `${base}alerts:\n  routes:\n    - { responsible: [nobody], channels: { slack: '#x' } }\n`,
        location,
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(JSON.stringify(problems)).toContain('nobody');
  });

  it('matches rule globs case-insensitively and literally apart from * and ?', () => {
    expect(ruleGlobMatches('cis-aws-*', 'CIS-AWS-4.15')).toBe(true);
    expect(ruleGlobMatches('cis-aws-4.1', 'cis-aws-4.15')).toBe(false);
    expect(ruleGlobMatches('cis-aws-4.?', 'cis-aws-4.3')).toBe(true);
    expect(ruleGlobMatches('cis-aws-4.1', 'cis-aws-411')).toBe(false);
  });
});
