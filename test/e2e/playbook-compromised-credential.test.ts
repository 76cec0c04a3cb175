// The shipped compromised-admin-credential playbook, end to end in one console shared by the
// city's, the SIer's and the provider's people: the performer cannot verify their own step,
// evidence is hashed into the ledger, the console prints reminders and escalations on its own,
// and a bot killed during the watch resumes the run after a restart without repeating a reminder.
// Only the playbook's waiting times are cut to seconds (and its id changed, since the shipped
// playbook with the same id is loaded too).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { REPO_ROOT, runCli, testEnv } from '../helpers/bot-process.js';
import { botNotices, repliesByCommand } from '../helpers/console-output.js';
import { consoleSessionsPerTest, type ConsoleSession } from '../helpers/console-session.js';

const SHIPPED = path.join(REPO_ROOT, 'playbooks', 'compromised-admin-credential.yaml');
const PLAYBOOK = 'compromised-admin-credential-fast';
// Reminders at 4 s and 8 s, the end at 12 s: the bot dies just after the first reminder, and the
// restarted bot has several seconds to show the watch still in progress, even on a busy machine.
const WAIT = { duration: 'PT12S', remindEvery: 'PT4S' };
// Acknowledgement and approval deadlines: they lapse during the test, which acts on them only once
// the bot has said so, so every escalation is printed whatever the machine's speed.
const TIMEOUT = 'PT2S';

const sessions = consoleSessionsPerTest();
const session = (env: NodeJS.ProcessEnv): ConsoleSession => sessions.start(['start'], env);

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The paths at which two parsed YAML documents differ. */
function differences(a: Plain, b: Plain, at: (string | number)[] = []): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return a === b ? [] : [at.join('.')];
  }
  if (Array.isArray(a) !== Array.isArray(b)) return [at.join('.')];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) =>
    differences((a as Record<string, Plain>)[key] ?? null, (b as Record<string, Plain>)[key] ?? null, [
      ...at,
      key,
    ]),
  );
}

/** The shipped playbook with its durations cut to seconds, written to `dir`; returns the paths changed. */
function writeFastPlaybook(dir: string): string[] {
  const text = readFileSync(SHIPPED, 'utf8');
  const doc = parseDocument(text);
  const steps = doc.get('steps') as YAMLSeq<YAMLMap>;
  const stepAt = (id: string): number => {
    const index = steps.items.findIndex((step) => step.get('id') === id);
    expect(index, `step ${id}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  const change = (at: (string | number)[], from: string, to: string): void => {
    expect(doc.getIn(at), at.join('.')).toBe(from);
    doc.setIn(at, to);
  };
  change(['metadata', 'id'], 'compromised-admin-credential', PLAYBOOK);
  const watch = stepAt('watch');
  change(['steps', watch, 'duration'], 'PT30M', WAIT.duration);
  change(['steps', watch, 'remind_every'], 'PT10M', WAIT.remindEvery);
  const approval = stepAt('approve_disable');
  change(['steps', approval, 'timeout'], 'PT30M', TIMEOUT);
  const first = stepAt('first_report');
  change(['steps', first, 'audiences', 0, 'ack_within'], 'PT30M', TIMEOUT);
  change(['steps', first, 'audiences', 1, 'ack_within'], 'PT15M', TIMEOUT);
  change(['steps', first, 'audiences', 3, 'ack_within'], 'PT1H', TIMEOUT);
  const resolved = stepAt('resolved_report');
  change(['steps', resolved, 'audiences', 0, 'ack_within'], 'PT4H', TIMEOUT);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'compromised-admin-credential-fast.yaml'), doc.toString());
  return differences(parseDocument(text).toJS() as Plain, doc.toJS() as Plain);
}

interface Entry {
  readonly seq: number;
  readonly subject: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

function ledger(dataDir: string): Entry[] {
  return readFileSync(path.join(dataDir, 'ledger', 'ledger.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry);
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The reminders of the watch step among the messages the bot printed on its own, by number. */
function watchReminders(stdout: string): number[] {
  return botNotices(stdout).flatMap((notice) =>
    [...notice.matchAll(/⏰ RUN-1 watch: Watch for continued use reminder (\d+) /gu)].map((m) =>
      Number(m[1]),
    ),
  );
}

const RUN = `/playbook run ${PLAYBOOK} --incident INC-1 --input principal=ci-deploy --input credential_type=access_key`;
const EVIDENCE = {
  audit_log: 'CloudTrail export, all regions, 2025-06-01T00:00Z to 2025-06-03T12:00Z (trail-export.json.gz)',
  credential_report: 'IAM credential report 2025-06-03T12:05Z: ci-deploy key AKIA… last used 203.0.113.5',
  hashes: 'trail-export.json.gz 9f2c…; credential-report.csv 1b7e…',
  findings: 'https://guardduty.example.com/findings/UnauthorizedAccess-IAMUser-AnomalousBehavior',
} as const;
const REPORT = {
  report: 'Incident report INC-1 v1.0 (review-report.pdf)',
  measures:
    'MFA on every admin account (Hikari IS, by 2025-07-31); key rotation every 90 days (city, by 2025-09-30)',
} as const;

describe('the compromised-admin-credential playbook in a console session', () => {
  it('runs end to end with several people, and resumes after a crash during the wait without repeating a reminder', async () => {
    const dataDir = path.join(sessions.dataDir(), 'data');
    const changed = writeFastPlaybook(path.join(sessions.dataDir(), 'playbooks'));
    // Only the intended keys changed.
    expect(changed.sort()).toEqual(
      [
        'metadata.id',
        'steps.3.timeout',
        'steps.1.audiences.0.ack_within',
        'steps.1.audiences.1.ack_within',
        'steps.1.audiences.3.ack_within',
        'steps.6.duration',
        'steps.6.remind_every',
        'steps.11.audiences.0.ack_within',
      ].sort(),
    );
    const env = testEnv(dataDir, {
      TSUNAGI_LOCALE: 'en',
      TSUNAGI_PLAYBOOKS_DIR: path.join(sessions.dataDir(), 'playbooks'),
    });

    // --- First process: from the declaration to the watch ------------------------------------
    const first = session(env);
    first.send(
      // Sato (the service owner, who approves) declares; Takahashi (CSIRT) leads the response.
      // At SEV1 a lapsed approval is escalated to the commander.
      '/incident declare "Administrator access key leaked" --sev 1 --service portal',
      '/incident role INC-1 commander takahashi',
      '/incident role INC-1 communications ito',
      '/incident invite INC-1 suzuki',
      '/incident invite INC-1 tanaka',
      '/incident invite INC-1 clark',
      '/as takahashi',
      RUN,
      ...[1, 2, 3, 4, 5, 6].map((n) => `/playbook check RUN-1 triage ${n}`),
      '/playbook done RUN-1 triage',
    );
    await first.waitFor('✅ RUN-1 triage done');
    first.send(
      '/as tanaka',
      ...Object.entries(EVIDENCE).map(
        ([field, text]) => `/playbook evidence RUN-1 preserve ${field} ${text}`,
      ),
      '/playbook done RUN-1 preserve',
      // The performer may not check their own work.
      '/playbook verify RUN-1 preserve',
      '/as takahashi',
      '/playbook verify RUN-1 preserve',
    );
    await first.waitFor('✅ RUN-1 preserve verified');
    // Nobody acknowledged the first report or approved in time: the bot says so on its own.
    await first.waitFor(/🚨 RUN-1 approve_disable: Approve disabling the credential: no approval in time/u);
    for (const n of [1, 2, 4]) {
      await first.waitFor(
        `🚨 RUN-1 first_report: Initial report: notification ${n} not acknowledged in time`,
      );
    }
    first.send(
      '/as sato',
      '/playbook ack RUN-1 first_report 1',
      '/as suzuki',
      '/playbook ack RUN-1 first_report 2',
      // The SIer cannot approve what the city must approve.
      '/playbook approve RUN-1 approve_disable',
      '/as clark',
      '/playbook ack RUN-1 first_report 4',
      // The approver is not the commander who asked for the approval.
      '/as sato',
      '/playbook approve RUN-1 approve_disable',
      '/as tanaka',
      ...[1, 5, 6].map((n) => `/playbook check RUN-1 disable ${n}`),
      '/playbook done RUN-1 disable',
      '/as suzuki',
      '/playbook verify RUN-1 disable',
    );
    await first.waitFor('✅ RUN-1 disable verified');
    // One reminder of the watch, printed by the bot on its own; then the process dies.
    await first.waitFor(/🔔[^\n]*\n⏰ RUN-1 watch: Watch for continued use reminder 1 /u);
    const crashed = await first.kill();
    expect(crashed.signal).toBe('SIGKILL');

    const r1 = repliesByCommand(crashed.stdout);
    expect(r1.get(RUN)).toContain(`Started RUN-1 (${PLAYBOOK})`);
    expect(r1.get('/playbook done RUN-1 triage')).toContain('📣 RUN-1 notification to the provider');
    const verifies = crashed.stdout.split('› /playbook verify RUN-1 preserve\n');
    expect(verifies).toHaveLength(3);
    expect(verifies[1]).toMatch(/^✗ .*you performed step "preserve", so you cannot verify it/u);
    expect(verifies[2]).toMatch(/^✅ RUN-1 preserve verified/u);
    for (const [field, text] of Object.entries(EVIDENCE)) {
      expect(r1.get(`/playbook evidence RUN-1 preserve ${field} ${text}`)).toContain(sha256(text));
    }
    const approvals = crashed.stdout.split('› /playbook approve RUN-1 approve_disable\n');
    expect(approvals[1]).toMatch(/^✗ .*approved or rejected by someone holding approver/u);
    expect(approvals[2]).toMatch(/^✅ RUN-1 approve_disable approved/u);
    expect(r1.get('/playbook ack RUN-1 first_report 4')).toContain('notification 4 acknowledged');
    expect(watchReminders(crashed.stdout)).toEqual([1]);

    // --- Second process: the run resumes where it was -----------------------------------------
    const second = session(env);
    second.send('/playbook status RUN-1');
    await second.waitFor(/› \/playbook status RUN-1\n[^›]*?▶ [^\n]*\n/u);
    expect(repliesByCommand(second.stdout).get('/playbook status RUN-1')).toContain(
      '▶ watch: Watch for continued use (wait)',
    );
    // The wait ends, and the bot opens the next step by itself.
    await second.waitFor(/🔔[^\n]*\n📋 RUN-1 next step still_active: Is suspicious activity continuing\?/u);
    second.send(
      '/as takahashi',
      '/playbook decide RUN-1 still_active stopped',
      '/as tanaka',
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => `/playbook check RUN-1 eradicate ${n}`),
      '/playbook done RUN-1 eradicate',
      '/as suzuki',
      '/playbook verify RUN-1 eradicate',
      '/as tanaka',
      ...[1, 2, 3, 4].map((n) => `/playbook check RUN-1 recover ${n}`),
      '/playbook done RUN-1 recover',
      '/as takahashi',
      '/playbook verify RUN-1 recover',
    );
    await second.waitFor('✅ RUN-1 recover verified');
    await second.waitFor(
      '🚨 RUN-1 resolved_report: Resolution report: notification 1 not acknowledged in time',
    );
    second.send(
      '/as sato',
      '/playbook ack RUN-1 resolved_report 1',
      // The post-incident review: a sub-playbook the run started by itself as RUN-2.
      '/as takahashi',
      ...[1, 2, 3, 4].map((n) => `/playbook check RUN-2 timeline ${n}`),
      '/playbook done RUN-2 timeline',
      '/as sato',
      '/playbook ack RUN-2 invite 1',
      '/as suzuki',
      '/playbook ack RUN-2 invite 2',
      '/as takahashi',
      ...[1, 2, 3, 4, 5, 6].map((n) => `/playbook check RUN-2 review ${n}`),
      '/playbook done RUN-2 review',
      ...Object.entries(REPORT).map(([field, text]) => `/playbook evidence RUN-2 actions ${field} ${text}`),
      '/playbook done RUN-2 actions',
      '/as tanaka',
      '/playbook verify RUN-2 actions',
      '/as sato',
      '/playbook approve RUN-2 approve_report',
      '/playbook status RUN-1',
    );
    const ended = await second.end();
    expect(ended.code, ended.stderr).toBe(0);

    const r2 = repliesByCommand(ended.stdout);
    expect(r2.get('/playbook decide RUN-1 still_active stopped')).toContain('next step eradicate');
    expect(r2.get('/playbook verify RUN-1 recover')).toContain('📣 RUN-1 notification to Approver');
    expect(r2.get('/playbook ack RUN-1 resolved_report 1')).toContain('notification 1 acknowledged');
    expect(r2.get('/playbook verify RUN-1 recover')).toContain(
      'started the sub-playbook post-incident-review as RUN-2',
    );
    expect(r2.get('/playbook verify RUN-2 actions')).toContain('✅ RUN-2 actions verified');
    // The review's approval ends it, and with it the response run that started it.
    const approved = r2.get('/playbook approve RUN-2 approve_report')!;
    expect(approved).toContain('✅ RUN-2 finished');
    expect(approved).toContain('✅ RUN-1 finished');
    const status = ended.stdout.split('› /playbook status RUN-1\n').at(-1)!;
    expect(status).toMatch(/Status\s+finished/u);

    // Each reminder of the watch was printed once, across both processes.
    expect([...watchReminders(crashed.stdout), ...watchReminders(ended.stdout)]).toEqual([1, 2]);
    // The bot printed only what the timer caused; what a command caused is in that command's reply.
    for (const notice of [...botNotices(crashed.stdout), ...botNotices(ended.stdout)]) {
      expect(notice.split('\n')[1]).toMatch(/^(⏰ RUN-1 watch|🚨 RUN-1 |📋 RUN-1 next step still_active)/u);
      expect(notice).not.toContain('📣');
    }

    // --- The ledger ----------------------------------------------------------------------------
    const entries = ledger(dataDir);
    const evidence = entries.filter((e) => e.type === 'playbook.evidence_added');
    expect(evidence.map((e) => [e.subject, e.data['field'], e.data['sha256']])).toEqual([
      ...Object.entries(EVIDENCE).map(([field, text]) => ['RUN-1', field, sha256(text)]),
      ...Object.entries(REPORT).map(([field, text]) => ['RUN-2', field, sha256(text)]),
    ]);
    const watchStart = entries.find((e) => e.type === 'playbook.step_started' && e.data['step'] === 'watch')!;
    const remindKeys = (watchStart.data['timers'] as { key: string; purpose: string }[])
      .filter((t) => t.purpose === 'remind')
      .map((t) => t.key);
    expect(remindKeys).toHaveLength(2);
    const fired = entries.filter((e) => e.type === 'playbook.timer_fired' && e.data['step'] === 'watch');
    expect(fired.filter((e) => e.data['purpose'] === 'remind').map((e) => e.data['key'])).toEqual(remindKeys);
    expect(fired.filter((e) => e.data['purpose'] === 'wait_end')).toHaveLength(1);

    const verify = await runCli(['ledger', 'verify'], { env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
