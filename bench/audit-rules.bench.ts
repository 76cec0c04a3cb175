// The detection rules at CloudTrail volume: the Stratus Red Team records (test/fixtures/audit/stratus)
// repeated to a million events (each with its own eventID and eventTime), written as JSONL, then
//   1. read + JSON.parse alone (the floor: what any reader pays),
//   2. read + JSON.parse + every CloudTrail rule: built-in and the SigmaHQ AWS rules of rules/sigma/aws
//      (the goal: at most 50% over 1),
//   3. Debian's jq running the fifteen CIS filters as one program (the goal: 2 at least 5× faster).
// Times are CPU seconds (user + system), not wall time: the 2-core machine is shared with other work.
// jq is measured on the file's first `jqEvents` lines to keep the run short (it is far slower); the
// figures are events per second, so the sizes compare. Both also count the alerts: they must agree.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { PACKAGE_ROOT } from '../src/app/paths.js';
import { readRecords } from '../src/sources/audit/records.js';
import { loadRuleSet } from '../src/sources/rules/rule-set.js';
import { fmt, mb, printTable, scratchDir } from './measure.js';

export interface AuditRulesOptions {
  readonly events: number;
  readonly jqEvents: number;
}

export interface AuditRulesFigures {
  readonly parseEventsPerSecond: number;
  readonly evaluateEventsPerSecond: number;
  /** Evaluation's share on top of parsing: (evaluate time − parse time) / parse time. */
  readonly overhead: number;
  readonly jqEventsPerSecond: number | undefined;
  readonly rules: number;
  readonly failures: readonly string[];
}

/** The fifteen CIS AWS 4.x metric filters (src/sources/rules/builtin/cis-aws.ts) in jq, with the same
 * CloudWatch semantics: only strings compare, and an absent field matches neither `=` nor `!=`. */
export const JQ_CIS_PROGRAM = `
def str: if type == "string" then . else null end;
def get(f): [try f catch null] | (.[0] // null) | str;
def oneof($x; $vs): $x != null and any($vs[]; . == $x);
def differs($x; $v): $x != null and $x != $v;
get(.eventName) as $n | get(.eventSource) as $s | get(.errorCode) as $e | get(.userIdentity.type) as $t |
[
  (if $e != null and (($e | endswith("UnauthorizedOperation")) or ($e | startswith("AccessDenied"))) then "cis-aws-4.1" else empty end),
  (if $n == "ConsoleLogin" and differs(get(.additionalEventData.MFAUsed); "Yes") and $t == "IAMUser"
      and get(.responseElements.ConsoleLogin) == "Success" then "cis-aws-4.2" else empty end),
  (if $t == "Root" and ((.userIdentity | type) != "object" or (.userIdentity | has("invokedBy") | not))
      and differs(get(.eventType); "AwsServiceEvent") then "cis-aws-4.3" else empty end),
  (if oneof($n; ["DeleteGroupPolicy","DeleteRolePolicy","DeleteUserPolicy","PutGroupPolicy","PutRolePolicy","PutUserPolicy",
      "CreatePolicy","DeletePolicy","CreatePolicyVersion","DeletePolicyVersion","AttachRolePolicy","DetachRolePolicy",
      "AttachUserPolicy","DetachUserPolicy","AttachGroupPolicy","DetachGroupPolicy"]) then "cis-aws-4.4" else empty end),
  (if oneof($n; ["CreateTrail","UpdateTrail","DeleteTrail","StartLogging","StopLogging"]) then "cis-aws-4.5" else empty end),
  (if $n == "ConsoleLogin" and get(.errorMessage) == "Failed authentication" then "cis-aws-4.6" else empty end),
  (if $s == "kms.amazonaws.com" and oneof($n; ["DisableKey","ScheduleKeyDeletion"]) then "cis-aws-4.7" else empty end),
  (if $s == "s3.amazonaws.com" and oneof($n; ["PutBucketAcl","PutBucketPolicy","PutBucketCors","PutBucketLifecycle",
      "PutBucketReplication","DeleteBucketPolicy","DeleteBucketCors","DeleteBucketLifecycle","DeleteBucketReplication"])
      then "cis-aws-4.8" else empty end),
  (if $s == "config.amazonaws.com" and oneof($n; ["StopConfigurationRecorder","DeleteDeliveryChannel","PutDeliveryChannel",
      "PutConfigurationRecorder"]) then "cis-aws-4.9" else empty end),
  (if oneof($n; ["AuthorizeSecurityGroupIngress","AuthorizeSecurityGroupEgress","RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress","CreateSecurityGroup","DeleteSecurityGroup"]) then "cis-aws-4.10" else empty end),
  (if oneof($n; ["CreateNetworkAcl","CreateNetworkAclEntry","DeleteNetworkAcl","DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry","ReplaceNetworkAclAssociation"]) then "cis-aws-4.11" else empty end),
  (if oneof($n; ["CreateCustomerGateway","DeleteCustomerGateway","AttachInternetGateway","CreateInternetGateway",
      "DeleteInternetGateway","DetachInternetGateway"]) then "cis-aws-4.12" else empty end),
  (if oneof($n; ["CreateRoute","CreateRouteTable","ReplaceRoute","ReplaceRouteTableAssociation","DeleteRouteTable",
      "DeleteRoute","DisassociateRouteTable"]) then "cis-aws-4.13" else empty end),
  (if oneof($n; ["CreateVpc","DeleteVpc","ModifyVpcAttribute","AcceptVpcPeeringConnection","CreateVpcPeeringConnection",
      "DeleteVpcPeeringConnection","RejectVpcPeeringConnection","AttachClassicLinkVpc","DetachClassicLinkVpc",
      "DisableVpcClassicLink","EnableVpcClassicLink"]) then "cis-aws-4.14" else empty end),
  (if $s == "organizations.amazonaws.com" and oneof($n; ["AcceptHandshake","AttachPolicy","CreateAccount",
      "CreateOrganizationalUnit","CreatePolicy","DeclineHandshake","DeleteOrganization","DeleteOrganizationalUnit",
      "DeletePolicy","DetachPolicy","DisablePolicyType","EnablePolicyType","InviteAccountToOrganization",
      "LeaveOrganization","MoveAccount","RemoveAccountFromOrganization","UpdatePolicy","UpdateOrganizationalUnit"])
      then "cis-aws-4.15" else empty end)
] | select(length > 0) | length
`;

const STRATUS = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'audit', 'stratus');

function corpus(): Record<string, unknown>[] {
  return readdirSync(STRATUS)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap(
      (file) => JSON.parse(readFileSync(path.join(STRATUS, file), 'utf8')) as Record<string, unknown>[],
    );
}

/** Writes `events` records as JSONL (and the first `jqEvents` of them to a second file). */
async function writeEvents(file: string, jqFile: string, events: number, jqEvents: number): Promise<number> {
  const records = corpus();
  const out = createWriteStream(file);
  const jqOut = createWriteStream(jqFile);
  const start = Date.parse('2025-01-01T00:00:00Z');
  let bytes = 0;
  let batch = '';
  for (let i = 0; i < events; i++) {
    const record = {
      ...records[i % records.length]!,
      eventID: `bench-${i}`,
      eventTime: new Date(start + i * 1000).toISOString().replace('.000', ''),
    };
    const line = `${JSON.stringify(record)}\n`;
    bytes += line.length;
    batch += line;
    if (i < jqEvents) jqOut.write(line);
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  jqOut.end();
  await Promise.all([once(out, 'finish'), once(jqOut, 'finish')]);
  return bytes;
}

/** CPU milliseconds (user + system) of this process: the machine is shared, so wall time would measure the neighbours. */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function timeRead(
  file: string,
  evaluate: ((record: unknown) => number) | undefined,
): Promise<{ ms: number; events: number; alerts: number }> {
  const started = process.cpuUsage();
  let events = 0;
  let alerts = 0;
  for await (const record of readRecords(file)) {
    events++;
    if (evaluate) alerts += evaluate(record);
  }
  return { ms: cpuMs(started), events, alerts };
}

function hasJq(): boolean {
  return spawnSync('jq', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs jq under bash's `time` to read its CPU seconds (user + system) as well. */
async function timeJq(file: string, dir: string): Promise<{ ms: number; alerts: number }> {
  const programFile = path.join(dir, 'cis.jq');
  const outFile = path.join(dir, 'jq-out.txt');
  writeFileSync(programFile, JQ_CIS_PROGRAM);
  const child = spawn(
    'bash',
    ['-c', `TIMEFORMAT='%U %S'; time jq -r -f "$1" "$2" > "$3"`, 'jq-bench', programFile, file, outFile],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`jq exited with ${code}: ${stderr}`);
  const [user, system] = stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const alerts = readFileSync(outFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .reduce((sum, line) => sum + Number(line), 0);
  return { ms: ((user ?? NaN) + (system ?? NaN)) * 1000, alerts };
}

export async function benchAuditRules(options: AuditRulesOptions): Promise<AuditRulesFigures> {
  const dir = scratchDir('audit-rules');
  const failures: string[] = [];
  try {
    const file = path.join(dir.path, 'cloudtrail.jsonl');
    const jqFile = path.join(dir.path, 'cloudtrail-jq.jsonl');
    const bytes = await writeEvents(file, jqFile, options.events, options.jqEvents);
    const sigmaDir = path.join(PACKAGE_ROOT, 'rules', 'sigma', 'aws');
    const ruleSet = loadRuleSet({ builtin: true, ...(existsSync(sigmaDir) ? { sigmaDir } : {}) });
    const sigmaRules = ruleSet.forSource('cloudtrail').filter((rule) => rule.origin.kind === 'sigma').length;
    if (ruleSet.problems.length > 0)
      console.log(`  (${ruleSet.problems.length} Sigma rule(s) skipped by the loader)`);
    const rules = ruleSet.forSource('cloudtrail');
    const cisOnly = rules.filter((rule) => rule.id.startsWith('cis-aws-'));
    const evaluateAll = (record: unknown): number => ruleSet.evaluate('cloudtrail', record).length;
    const evaluateCis = (record: unknown): number => cisOnly.filter((rule) => rule.matches(record)).length;
    console.log(
      `\nAudit rules: ${options.events.toLocaleString('en-US')} CloudTrail events (${mb(bytes)} JSONL), ${rules.length} CloudTrail rules ` +
        `(${rules.length - sigmaRules} built in, ${sigmaRules} SigmaHQ AWS rules from rules/sigma/aws)`,
    );

    await timeRead(jqFile, evaluateAll); // warm-up: JIT, file cache
    const parse = await timeRead(file, undefined);
    const evaluated = await timeRead(file, evaluateAll);
    const parseMs = parse.ms;
    const perSecond = (events: number, ms: number) => (events / ms) * 1000;
    const parseRate = perSecond(parse.events, parseMs);
    const evaluateRate = perSecond(evaluated.events, evaluated.ms);
    const overhead = (evaluated.ms - parseMs) / parseMs;
    if (parse.events !== options.events) failures.push(`read ${parse.events} events of ${options.events}`);

    let jqRate: number | undefined;
    const rows: string[][] = [
      ['run', 'events', 'CPU seconds', 'events/s'],
      ['read + JSON.parse', parse.events.toLocaleString('en-US'), fmt(parseMs / 1000, 2), fmt(parseRate, 0)],
      [
        `read + JSON.parse + ${rules.length} rules`,
        evaluated.events.toLocaleString('en-US'),
        fmt(evaluated.ms / 1000, 2),
        fmt(evaluateRate, 0),
      ],
    ];
    if (hasJq()) {
      const jq = await timeJq(jqFile, dir.path);
      const node = await timeRead(jqFile, evaluateCis);
      if (jq.alerts !== node.alerts)
        failures.push(`jq counted ${jq.alerts} CIS alerts, Tsunagi ${node.alerts}`);
      jqRate = perSecond(options.jqEvents, jq.ms);
      rows.push([
        `jq, 15 CIS filters (${jq.alerts.toLocaleString('en-US')} alerts, Tsunagi agrees: ${jq.alerts === node.alerts})`,
        options.jqEvents.toLocaleString('en-US'),
        fmt(jq.ms / 1000, 2),
        fmt(jqRate, 0),
      ]);
    } else {
      console.log('jq not installed: apt-get install jq (the jq comparison is skipped)');
    }
    printTable('CloudTrail rule evaluation', rows);
    console.log(
      `  evaluation adds ${fmt(overhead * 100, 0)}% to parsing (goal ≤ 50%)` +
        (jqRate ? `; ${fmt(evaluateRate / jqRate, 1)}× jq's events/s (goal ≥ 5×)` : ''),
    );
    return {
      parseEventsPerSecond: parseRate,
      evaluateEventsPerSecond: evaluateRate,
      overhead,
      jqEventsPerSecond: jqRate,
      rules: rules.length,
      failures,
    };
  } finally {
    dir.remove();
  }
}
