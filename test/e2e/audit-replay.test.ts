// `tsunagi audit replay` as an operator runs it over real CloudTrail files (Stratus Red Team
// detonations, test/fixtures/audit/stratus): exactly the CIS AWS 4.x alerts a person reading the
// published metric filter patterns expects for each file, and nothing else from the CIS set.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const STRATUS = path.join(REPO_ROOT, 'test', 'fixtures', 'audit', 'stratus');
const CASES = path.join(REPO_ROOT, 'test', 'fixtures', 'audit', 'cloudtrail', 'cis-cases.json');

/** GetPasswordData refused with Client.UnauthorizedOperation: `*UnauthorizedOperation` matches (4.1). */
const GET_PASSWORD_DATA_DENIED = [
  '450230d4-b39e-4a18-a6a0-d07a6e2105cb',
  '560bcc37-36b9-43f4-8447-2bab2d7cd7cf',
  '76a3f52e-5c4c-4a62-818d-a2bc8bddc2e6',
  '0c7f6148-c337-4e49-8df5-cb333c6fb7d6',
  '4bf1ca5d-42ba-4e95-a493-9cdeefb58b87',
  '7466f497-7987-44d9-aeb1-5034d02c9f87',
  '8d006dac-fa19-4599-a336-d3a230b535f6',
  'b1f34826-4e8b-4527-b17a-ef9cb24ac379',
  'eec493d8-1181-4ed7-9d29-1de1e87ee98b',
  '45b5d41d-4732-49d2-aa3b-8b87a1c4d8e1',
  'c07943fa-79ed-4f9a-9bde-b0eefcece09a',
  'cf7fcd24-2c91-4836-b460-d01f837d5db4',
  'ec79b60b-6bc0-4a75-bf79-45a42db477df',
  'f2d94374-18b0-4479-8585-d24f7a58e3de',
  '396d8a62-46e7-472f-b046-5c41a75ae61b',
  '71ce0541-113b-4b74-bbc7-5ef364318787',
  '8aa69c7f-117d-4010-b7ea-009cd1f4f5de',
  '9fa0f6c4-dafd-46e6-af33-264c70b79add',
  'b8a37387-6dd5-49a1-b55a-a491a0bb85b0',
  'c1e66f32-ddf1-4e85-9a5c-9b11b09e2d06',
  '1078f3f3-e72f-42bd-a0c8-7f321b5fce0b',
  '735eae92-16e3-469c-b454-4507c47aadcb',
  '73f28e1e-7fe0-40d2-94a4-cf42930e8b0a',
  'a8d8ee73-2a80-4d03-ae6c-42e2964a5e43',
  'afcc764e-2db4-4fe2-aa74-85d01843d7ca',
  'b5da67b9-87fa-4151-bd9a-818f3237fb91',
  '52242c8d-7ef7-4165-90cd-621ebe835388',
  'a9da1fbd-464c-4b74-8c64-96eea2564978',
  'd2d44fa9-f50b-4877-8a52-9e3855029970',
  'f1e17321-830c-4761-854c-158258e915b6',
];
/** DescribeInstanceAttribute refused with Client.UnauthorizedOperation (4.1). */
const DESCRIBE_USER_DATA_DENIED = [
  '4839af5e-7b6a-4353-a5ef-41febc9a9fa8',
  '5a44c114-2692-4701-bc09-faeb3f49b56d',
  '0a4a4ee3-b1a7-4194-ab60-7465b4d5216e',
  '962d6fc2-b79e-4d8a-a7ab-36d72048c12e',
  '12b3736b-a8c7-4eaf-ae84-fa8dab5b5503',
  'b6ed03db-7300-48b3-bdf4-b778a5c3e5a4',
  '971a0ce7-1f66-4dba-918d-cd2a5b12ebe5',
  '0ee61554-ac1d-4c40-abde-2ff51473f180',
  '3178929b-eb35-4a1b-b479-de1ca5187fb9',
  '66ffee8d-1866-43f6-b17e-4ffe3ddf8503',
  'b307eaf9-2be2-44dd-b942-ce2bc8a3cc57',
  '205f694d-35d4-4e33-9f38-f5e7a20ffa50',
  '330b18f1-2763-4429-acf9-7293a5604ef3',
  '95da874e-1cbd-47df-bba6-26dd2ed9ad82',
  'a7ca94eb-492f-41e9-b23d-e4875b795041',
];
const on = (rule: string, ids: readonly string[]): string[] => ids.map((id) => `${rule} ${id}`);

/** File → the exact CIS alerts (`rule_id event_id`), with why, read from the records and the patterns. */
const EXPECTED: Record<string, { alerts: string[]; why: string }> = {
  'aws.credential-access.ec2-get-password-data.json': {
    alerts: [
      ...on('cis-aws-4.1', GET_PASSWORD_DATA_DENIED),
      // sts:AssumeRole refused with errorCode AccessDenied: `AccessDenied*` matches; the two that
      // succeeded have no errorCode, and an absent field never equals a value.
      ...on('cis-aws-4.1', ['46558847-8b84-43de-8c96-302aa4744763', '8a8844ff-dc95-4ef5-87d2-d86cc23fedd0']),
    ],
    why: '30 refused GetPasswordData calls and 2 refused AssumeRole calls: unauthorized API calls (4.1)',
  },
  'aws.credential-access.secretsmanager-batch-retrieve-secrets.json': {
    alerts: [],
    why: 'BatchGetSecretValue succeeded: reading secrets is not among the CIS 4.x operations',
  },
  'aws.credential-access.ssm-retrieve-securestring-parameters.json': {
    alerts: [],
    why: 'DescribeParameters / GetParameters succeeded: reads, no CIS 4.x operation',
  },
  'aws.defense-evasion.cloudtrail-delete.json': {
    alerts: ['cis-aws-4.5 ee73c230-44bc-4492-8542-cfb189eae287'],
    why: 'DeleteTrail is one of the five CloudTrail configuration changes of 4.5',
  },
  'aws.defense-evasion.cloudtrail-event-selectors.json': {
    alerts: [],
    why: 'PutEventSelectors silences a trail, but the published 4.5 pattern lists only CreateTrail, UpdateTrail, DeleteTrail, StartLogging and StopLogging',
  },
  'aws.defense-evasion.vpc-remove-flow-logs.json': {
    alerts: [],
    why: 'DeleteFlowLogs is in none of the patterns (4.14 VPC changes lists VPC, peering and ClassicLink calls only)',
  },
  'aws.discovery.ec2-download-user-data.json': {
    alerts: [
      ...on('cis-aws-4.1', DESCRIBE_USER_DATA_DENIED),
      ...on('cis-aws-4.1', ['4cf5dad6-648f-48eb-85a7-6181c5d79424', '67fa9341-bd06-4ceb-a8b8-6815522b5a1b']),
    ],
    why: '15 refused DescribeInstanceAttribute calls and 2 refused AssumeRole calls (4.1)',
  },
  'aws.execution.ec2-launch-unusual-instances.json': {
    alerts: ['cis-aws-4.1 1a4debbb-12e9-4bde-b8c7-ea29002bb2a7'],
    why: 'RunInstances refused with Client.UnauthorizedOperation (4.1); the AssumeRole calls succeeded',
  },
  'aws.execution.ec2-user-data.json': {
    alerts: [],
    why: 'Describe/Start/Stop instances and ModifyInstanceAttribute: no pattern names them (4.14 has ModifyVpcAttribute, not instance attributes)',
  },
  'aws.execution.ssm-start-session.json': {
    alerts: [],
    why: 'SSM sessions are not among the CIS 4.x operations',
  },
  'aws.exfiltration.ec2-share-ami.json': {
    alerts: [],
    why: 'ModifyImageAttribute (sharing an AMI) is in no CIS 4.x pattern',
  },
  'aws.impact.bedrock-invoke-model.json': {
    alerts: [],
    why: 'Bedrock calls by an assumed role: no CIS 4.x operation',
  },
  'aws.lateral-movement.ec2-instance-connect.json': { alerts: [], why: 'SendSSHPublicKey is in no pattern' },
  'aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json': {
    alerts: [],
    why: 'EnableSerialConsoleAccess and SendSerialConsoleSSHPublicKey are in no pattern',
  },
  'aws.persistence.iam-backdoor-role.json': {
    alerts: [],
    why: 'UpdateAssumeRolePolicy changes a trust policy, which the 4.4 list (put/attach/create/delete policy calls) does not name',
  },
  'aws.persistence.iam-backdoor-user.json': { alerts: [], why: 'CreateAccessKey is not in 4.4' },
  'aws.persistence.iam-create-admin-user.json': {
    alerts: ['cis-aws-4.4 083dc4ad-e264-46bc-a407-d0dd31b58bdc'],
    why: 'AttachUserPolicy is an IAM policy change (4.4); CreateUser and CreateAccessKey are not',
  },
  'aws.persistence.iam-create-user-login-profile.json': {
    alerts: [],
    why: 'Login profiles are not in 4.4, and DeleteLoginProfile failed with EntityTemporarilyUnmodifiableException, which is no 4.1 error code',
  },
  'aws.persistence.lambda-backdoor-function.json': {
    alerts: [],
    why: 'Lambda AddPermission is in no pattern',
  },
  'aws.persistence.lambda-layer-extension.json': {
    alerts: [],
    why: 'Lambda UpdateFunctionConfiguration is in no pattern',
  },
  'aws.persistence.rolesanywhere-create-trust-anchor.json': {
    alerts: [],
    why: 'IAM Roles Anywhere calls are in no pattern',
  },
};

interface Alert {
  rule_id: string;
  event_id: string;
  event_time: string;
  principal: string;
  source_ip: string;
  severity: string;
  rule_title: string;
  action: string;
  resource: string | null;
  account: string;
}

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
});
afterAll(() => temp.cleanup());

const env = (locale: 'ja' | 'en' = 'en'): NodeJS.ProcessEnv =>
  testEnv(path.join(temp.path, 'data'), { TSUNAGI_LOCALE: locale });
const replay = (file: string, ...extra: string[]) =>
  runCli(['audit', 'replay', '--source', 'cloudtrail', '--file', file, ...extra], { env: env() });
const alertsOf = (stdout: string): Alert[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Alert);

describe('audit replay over the Stratus Red Team CloudTrail files', () => {
  it('has an expectation for every file in the fixture folder', () => {
    const files = readdirSync(STRATUS).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, { alerts, why }] of Object.entries(EXPECTED)) {
    it(`${file}: ${why}`, async () => {
      const result = await replay(path.join(STRATUS, file));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const printed = alertsOf(result.stdout);
      const cis = printed.filter((alert) => alert.rule_id.startsWith('cis-aws-'));
      expect(cis.map((alert) => `${alert.rule_id} ${alert.event_id}`).sort()).toEqual([...alerts].sort());
      for (const alert of printed) {
        expect(alert).toMatchObject({
          event_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          principal: expect.stringMatching(/^arn:aws:/),
          source_ip: expect.any(String),
          severity: expect.stringMatching(/^(low|medium|high|critical)$/),
          rule_title: expect.any(String),
          account: expect.stringMatching(/^\d{12}$/),
        });
      }
    });
  }

  it('reads the same file gzipped, as CloudTrail delivers it to S3', async () => {
    const file = path.join(temp.path, 'cloudtrail-delete.json.gz');
    writeFileSync(
      file,
      gzipSync(readFileSync(path.join(STRATUS, 'aws.defense-evasion.cloudtrail-delete.json'))),
    );
    const result = await replay(file);
    expect(result.code).toBe(0);
    expect(alertsOf(result.stdout)).toEqual([
      expect.objectContaining({
        rule_id: 'cis-aws-4.5',
        event_id: 'ee73c230-44bc-4492-8542-cfb189eae287',
        action: 'cloudtrail:DeleteTrail',
        severity: 'high',
        playbook: 'collect-evidence',
      }),
    ]);
  });
});

describe('audit replay over hand-written CloudTrail records', () => {
  it('reads {"Records": [...]} and prints one alert per matched rule', async () => {
    const result = await replay(CASES);
    expect(result.code).toBe(0);
    const ids = alertsOf(result.stdout).map((alert) => `${alert.rule_id} ${alert.event_id}`);
    expect(ids).toContain('cis-aws-4.2 cis-4.2-pos-iam-user-without-mfa');
    expect(ids).toContain('cis-aws-4.3 cis-4.2-neg-root-without-mfa-is-4.3');
    expect(ids.filter((id) => id.includes('-neg-') && id.startsWith('cis-aws-4.2 '))).toEqual([]);
  });

  it('reads one record per line (JSONL)', async () => {
    const records = (JSON.parse(readFileSync(CASES, 'utf8')) as { Records: unknown[] }).Records;
    const file = path.join(temp.path, 'cases.jsonl');
    writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n'));
    const [jsonl, document] = await Promise.all([replay(file), replay(CASES)]);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stdout).toBe(document.stdout);
  });

  it('reports unreadable lines on stderr, prints the rest, and exits 1', async () => {
    const file = path.join(temp.path, 'broken.jsonl');
    const [first] = (JSON.parse(readFileSync(CASES, 'utf8')) as { Records: unknown[] }).Records;
    writeFileSync(file, `${JSON.stringify(first)}\n{"eventName": oops}\n`);
    const result = await replay(file);
    expect(result.code).toBe(1);
    expect(alertsOf(result.stdout).map((alert) => alert.event_id)).toEqual([
      'cis-4.1-pos-client-unauthorized-operation',
    ]);
    expect(result.stderr).toMatch(/line 2: not valid JSON/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('audit replay with Sigma rules (--rules DIR)', () => {
  it('adds the Sigma rules of the folder to the built-in ones', async () => {
    const result = await replay(
      path.join(STRATUS, 'aws.defense-evasion.cloudtrail-delete.json'),
      '--rules',
      path.join(REPO_ROOT, 'rules', 'sigma', 'aws'),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const alerts = alertsOf(result.stdout);
    expect(alerts.map((alert) => alert.rule_id)).toContain('cis-aws-4.5');
    expect(alerts.filter((alert) => alert.rule_id.startsWith('sigma-')).length).toBeGreaterThan(0);
    expect(new Set(alerts.map((alert) => alert.event_id))).toEqual(
      new Set(['ee73c230-44bc-4492-8542-cfb189eae287']),
    );
  });

  it('reports a rule it cannot use on stderr once, and evaluates the others', async () => {
    const dir = path.join(temp.path, 'sigma');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'delete-trail.yml'),
      [
        'title: Trail deleted',
        'id: 11111111-2222-4333-8444-555555555555',
        'author: Tsunagi tests',
        'logsource:',
        '  product: aws',
        '  service: cloudtrail',
        'detection:',
        '  selection:',
        '    eventName: DeleteTrail',
        '  condition: selection',
        'level: high',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'broken.yml'), 'title: Broken\ndetection: [\n');
    const result = await replay(
      path.join(STRATUS, 'aws.defense-evasion.cloudtrail-delete.json'),
      '--rules',
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stderr.match(/broken\.yml/g)).toHaveLength(1);
    expect(
      alertsOf(result.stdout)
        .map((alert) => alert.rule_id)
        .sort(),
    ).toEqual(['cis-aws-4.5', 'sigma-11111111-2222-4333-8444-555555555555']);
  });
});

describe('audit replay arguments', () => {
  it('exits 2 with the usage when --source or --file is missing', async () => {
    const result = await runCli(['audit', 'replay', '--file', CASES], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/audit replay --source/);
  });

  it('exits 2 and names the kinds for an unknown --source', async () => {
    const result = await runCli(['audit', 'replay', '--source', 'syslog', '--file', CASES], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cloudtrail, google-reports, graph-directory-audits, graph-signins/);
  });

  it('exits 1 with a clear message for a missing file, in Japanese by default', async () => {
    const missing = path.join(temp.path, 'nowhere.json');
    const result = await runCli(['audit', 'replay', '--source', 'cloudtrail', '--file', missing], {
      env: env('ja'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ファイル ${missing} を開けません（ENOENT）`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when --rules is neither builtin nor a folder', async () => {
    const file = path.join(temp.path, 'one.json');
    copyFileSync(path.join(STRATUS, 'aws.defense-evasion.cloudtrail-delete.json'), file);
    const result = await replay(file, '--rules', path.join(temp.path, 'no-such-dir'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--rules takes builtin or a folder of Sigma rules/);
  });
});
