// The SigmaHQ cloud rules as shipped (test copy in fixtures/sigma/cloud, the bot's default set in
// rules/sigma): every rule compiles or is reported with a reason; the AWS rules raise the alerts a
// reader of each rule expects on the Stratus Red Team CloudTrail records; the Workspace and Entra
// rules read Reports and Graph records through the field mapping; and no compiled matcher throws.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledRule } from '../../src/sources/rules/rule.js';
import { loadSigmaRules } from '../../src/sources/rules/sigma/load-sigma.js';
import { mayMatch } from '../../src/sources/rules/sigma/rule-index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const CLOUD = path.join(FIXTURES, 'sigma/cloud');
const STRATUS = path.join(FIXTURES, 'audit/stratus');
const SHIPPED = path.resolve(import.meta.dirname, '../../rules/sigma');

const cloud = loadSigmaRules(CLOUD);
const byId = (id: string): CompiledRule => cloud.rules.find((r) => r.id === `sigma-${id}`)!;
const ruleFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml'));

describe('the SigmaHQ cloud rules', () => {
  it('every rule either compiles or is reported with a reason in both languages', () => {
    const files = ruleFiles(CLOUD).map((f) => path.join(CLOUD, f));
    expect(files).toHaveLength(225);
    const accounted = [
      ...cloud.rules.map((r) => (r.origin.kind === 'sigma' ? r.origin.file : '')),
      ...cloud.problems.map((p) => p.file),
    ];
    expect(accounted.sort()).toEqual(files.sort());
    for (const problem of cloud.problems) {
      expect(problem.rule).toMatch(/^sigma-/);
      expect(problem.message.en).toMatch(/^Skipped, not supported: /);
      expect(problem.message.ja).toMatch(/^未対応のため読み込みません: /);
    }
  });

  it('all 57 AWS CloudTrail rules load; other logsources load where a mapping is clear', () => {
    const count = (source: string): number => cloud.rules.filter((r) => r.sources[0] === source).length;
    expect(count('cloudtrail')).toBe(57);
    expect(count('google-reports')).toBe(10);
    expect(count('graph-directory-audits')).toBe(38);
    expect(count('graph-signins')).toBe(10);
    const reasons = cloud.problems.map((p) => p.message.en);
    expect(reasons.filter((r) => r.includes('no GCP audit log source'))).toHaveLength(16);
    expect(reasons.filter((r) => r.includes('logsource m365/'))).toHaveLength(19);
  });

  it('the shipped default folder holds exactly the AWS rules, all loading, authors kept', () => {
    const shipped = loadSigmaRules(SHIPPED);
    expect(shipped.problems).toEqual([]);
    expect(shipped.rules).toHaveLength(57);
    for (const rule of shipped.rules) {
      expect(rule.origin).toMatchObject({ kind: 'sigma', author: expect.any(String) as string });
      expect(rule.references.length).toBeGreaterThan(0);
    }
  });
});

describe('AWS rules over the Stratus Red Team CloudTrail records', () => {
  const aws = cloud.rules.filter((r) => r.sources.includes('cloudtrail'));
  const alerts = (file: string): Record<string, number> => {
    const records = JSON.parse(readFileSync(path.join(STRATUS, file), 'utf8')) as unknown[];
    const counts: Record<string, number> = {};
    for (const record of records) {
      for (const rule of aws) if (rule.matches(record)) counts[rule.id] = (counts[rule.id] ?? 0) + 1;
    }
    return counts;
  };

  it('deleting a trail: "AWS CloudTrail Important Change" (eventSource cloudtrail, DeleteTrail)', () => {
    expect(alerts('aws.defense-evasion.cloudtrail-delete.json')).toEqual({
      'sigma-4db60cc0-36fb-42b7-9b58-a5b53019fb74': 1,
    });
  });

  it('removing VPC flow logs: "AWS VPC Flow Logs Deleted" (DeleteFlowLogs with no errorCode)', () => {
    expect(alerts('aws.defense-evasion.vpc-remove-flow-logs.json')).toEqual({
      'sigma-e386b9b5-af12-450e-afff-761730fb8a98': 1,
    });
  });

  it('a Lambda layer added: "AWS New Lambda Layer Attached" (UpdateFunctionConfiguration*, layers present)', () => {
    expect(alerts('aws.persistence.lambda-layer-extension.json')).toEqual({
      'sigma-97fbabf8-8e1b-47a2-b7d5-a418d2b95e3d': 1,
    });
  });

  it('an access key for another user: "AWS IAM Backdoor Users Keys" (its filter compares with literal text)', () => {
    expect(alerts('aws.persistence.iam-backdoor-user.json')).toEqual({
      'sigma-0a5177f4-6ca9-44c2-aacf-d3f3d8b6e4d2': 1,
    });
  });

  it('GetPasswordData from an assumed role: "AWS STS AssumeRole Misuse" on each of the 30 calls', () => {
    expect(alerts('aws.credential-access.ec2-get-password-data.json')).toEqual({
      'sigma-905d389b-b853-46d0-9d3d-dea0d3a3cd49': 30,
    });
  });

  it('changing user data by ModifyInstanceAttribute raises nothing: the rule wants requestParameters.attribute', () => {
    expect(alerts('aws.execution.ec2-user-data.json')).toEqual({});
  });

  it('the eventName index never hides a match', () => {
    for (const file of readdirSync(STRATUS).filter((f) => f.endsWith('.json'))) {
      for (const record of JSON.parse(readFileSync(path.join(STRATUS, file), 'utf8')) as unknown[]) {
        for (const rule of aws) if (rule.matches(record)) expect(mayMatch(rule, record)).toBe(true);
      }
    }
    expect(aws.filter((r) => r.index).length).toBeGreaterThanOrEqual(50);
  });
});

describe('field mapping for Google Workspace and Microsoft Entra', () => {
  const activity = (applicationName: string, events: unknown[]): Record<string, unknown> => ({
    kind: 'admin#reports#activity',
    id: { time: '2024-05-01T01:02:03.000Z', uniqueQualifier: '-1', applicationName, customerId: 'C01' },
    actor: { callerType: 'USER', email: 'admin@example.jp', profileId: '1' },
    ipAddress: '203.0.113.5',
    events,
  });

  it('Workspace admin privilege granted: eventService and eventName read the Reports activity', () => {
    const rule = byId('2d1b83e4-17c6-4896-a37b-29140b40a788');
    const grant = { type: 'DELEGATED_ADMIN_SETTINGS', name: 'GRANT_ADMIN_PRIVILEGE', parameters: [] };
    expect(rule.sources).toEqual(['google-reports']);
    expect(rule.matches(activity('admin', [grant]))).toBe(true);
    expect(rule.matches(activity('login', [grant]))).toBe(false);
  });

  it('Workspace 2-step verification disabled: each event is judged on its own parameters', () => {
    const rule = byId('780601d1-6376-4f2a-884e-b8d45599f78c');
    const event = (name: string, value: string): unknown => ({
      type: 'SECURITY_SETTINGS',
      name,
      parameters: [
        { name: 'ORG_UNIT_NAME', value: 'example.jp' },
        { name: 'NEW_VALUE', value },
      ],
    });
    expect(rule.matches(activity('admin', [event('ENFORCE_STRONG_AUTHENTICATION', 'false')]))).toBe(true);
    expect(rule.matches(activity('admin', [event('ENFORCE_STRONG_AUTHENTICATION', 'true')]))).toBe(false);
    const split = [
      event('ENFORCE_STRONG_AUTHENTICATION', 'true'),
      event('CHANGE_APPLICATION_SETTING', 'false'),
    ];
    expect(rule.matches(activity('admin', split))).toBe(false);
  });

  it('Workspace suspicious login, written against Cloud Logging names', () => {
    const rule = byId('38360161-76c4-4283-842e-efcf997dafc8');
    const login = { type: 'account_warning', name: 'suspicious_login', parameters: [] };
    expect(rule.matches(activity('login', [login]))).toBe(true);
    expect(rule.matches(activity('admin', [login]))).toBe(false);
  });

  it('Entra directory audits: operationName and properties.targetResources read Graph properties', () => {
    const rule = byId('ebbeb024-5b1d-4e16-9c0c-917f86c708a7');
    const audit = (activityDisplayName: string, role: string): Record<string, unknown> => ({
      id: 'Directory_1',
      category: 'RoleManagement',
      activityDisplayName,
      result: 'success',
      targetResources: [
        {
          type: 'User',
          userPrincipalName: 'bob@example.jp',
          modifiedProperties: [{ displayName: 'Role.DisplayName', newValue: `"${role}"` }],
        },
      ],
    });
    expect(rule.sources).toEqual(['graph-directory-audits']);
    expect(rule.matches(audit('Add member to role', 'Global Administrator'))).toBe(true);
    expect(rule.matches(audit('Add member to role', 'Message Center Reader'))).toBe(false);
    expect(rule.matches(audit('Remove member from role', 'Global Administrator'))).toBe(false);
    const deleted = byId('26e7c5e2-6545-481e-b7e6-050143459635');
    expect(
      deleted.matches({ activityDisplayName: 'Delete conditional access policy', result: 'success' }),
    ).toBe(true);
  });

  it('Entra sign-ins: ResultType is Graph status.errorCode', () => {
    const rule = byId('2b7d6fc0-71ac-4cf7-8ed1-b5788ee5257a');
    expect(rule.sources).toEqual(['graph-signins']);
    expect(rule.matches({ id: 's1', status: { errorCode: 50053, failureReason: 'Account is locked' } })).toBe(
      true,
    );
    expect(rule.matches({ id: 's2', status: { errorCode: 0 } })).toBe(false);
  });
});

describe('matchers never throw', () => {
  const all = cloud.rules;
  it('on arbitrary JSON values and objects', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object(), fc.anything()), (record) => {
        for (const rule of all) expect(typeof rule.matches(record)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('on records shaped like the real ones, with values of the wrong types', () => {
    const anyValue = fc.oneof(fc.jsonValue(), fc.constantFrom(null, [], {}, '', 0, true));
    const shaped = fc.record({
      eventName: fc.oneof(fc.constantFrom('DeleteTrail', 'CreateAccessKey', 'ConsoleLogin'), anyValue),
      eventSource: fc.oneof(fc.constantFrom('cloudtrail.amazonaws.com', 'iam.amazonaws.com'), anyValue),
      userIdentity: fc.oneof(fc.record({ type: anyValue, arn: anyValue }), anyValue),
      requestParameters: anyValue,
      events: fc.oneof(fc.array(fc.record({ name: anyValue, parameters: anyValue })), anyValue),
      id: fc.oneof(fc.record({ applicationName: fc.constantFrom('admin', 'login') }), anyValue),
      status: anyValue,
      targetResources: anyValue,
    });
    fc.assert(
      fc.property(shaped, (record) => {
        for (const rule of all) {
          const matched = rule.matches(record);
          if (matched) expect(mayMatch(rule, record)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on deeply nested records and hostile objects', () => {
    let deep: unknown = 'DeleteTrail';
    for (let i = 0; i < 10_000; i++) deep = { eventName: deep, requestParameters: [deep] };
    const hostile = new Proxy(
      { eventName: 'DeleteTrail' },
      {
        get() {
          throw new Error('no');
        },
      },
    );
    for (const rule of all) {
      expect(rule.matches(deep)).toBe(false);
      expect(rule.matches(hostile)).toBe(false);
    }
  });
});
