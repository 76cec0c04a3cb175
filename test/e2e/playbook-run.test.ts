// Guided playbook runs in the console (Slack and Teams use the same router): two people running a
// playbook with a four-eyes check, hashed evidence and a branching decision; and a wait whose
// reminder fires exactly once across a restart.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, script, testEnv } from '../helpers/bot-process.js';
import { repliesByCommand } from '../helpers/console-output.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const PLAYBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'runs');

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

async function ledger(dataDir: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const text = await readFile(path.join(dataDir, 'ledger', 'ledger.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
}

const DECLARE = [
  '/incident declare "Key leak" --sev 2 --service portal',
  '/incident role INC-1 commander me',
  '/incident invite INC-1 takahashi',
  '/incident invite INC-1 suzuki',
];

describe('/playbook run', () => {
  it('runs a playbook with two people: four-eyes, hashed evidence and a branch', async () => {
    const env = testEnv(temp.path, { TSUNAGI_LOCALE: 'en', TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS });
    const evidence = 'Access key used from 203.0.113.5';
    const result = await runCli(['start'], {
      env,
      input: script(
        ...DECLARE,
        '/playbook run guided-run --incident INC-1 --input principal=admin',
        '/playbook run guided-run --incident INC-1 --input principal=admin --input credential_type=foo',
        '/playbook run guided-run --incident INC-1 --input principal=admin --input credential_type=access_key',
        '/playbook check RUN-1 triage 1',
        '/playbook check RUN-1 triage 2',
        '/playbook done RUN-1 triage',
        '/playbook verify RUN-1 triage',
        '/as takahashi',
        '/playbook verify RUN-1 triage',
        '/as suzuki',
        `/playbook evidence RUN-1 preserve findings ${evidence}`,
        '/playbook next RUN-1',
        '/as sato',
        '/playbook decide RUN-1 scope stopped',
        '/playbook status RUN-1',
        '/playbook done RUN-1 wrap_up',
        '/playbook status',
      ),
    });
    expect(result.code, result.stderr).toBe(0);
    const r = repliesByCommand(result.stdout);
    expect(r.get('/playbook run guided-run --incident INC-1 --input principal=admin')).toContain(
      'Required inputs missing: credential_type',
    );
    expect(
      r.get('/playbook run guided-run --incident INC-1 --input principal=admin --input credential_type=foo'),
    ).toContain('Values: access_key, console_password');
    const started = r.get(
      '/playbook run guided-run --incident INC-1 --input principal=admin --input credential_type=access_key',
    )!;
    expect(started).toContain('Started RUN-1');
    expect(started).toContain('/playbook check RUN-1 triage 1');
    // Sato did the triage, so only someone else holding csirt may verify it.
    const verifyOutputs = result.stdout.split('› /playbook verify RUN-1 triage');
    expect(verifyOutputs[1]).toContain('you performed step "triage", so you cannot verify it');
    expect(verifyOutputs[2]).toContain('RUN-1 triage verified');
    expect(verifyOutputs[2]).toContain('next step preserve');
    const sha = createHash('sha256').update(evidence, 'utf8').digest('hex');
    expect(r.get(`/playbook evidence RUN-1 preserve findings ${evidence}`)).toContain(sha);
    // The decision "stopped" skips the watch and goes straight to the wrap-up.
    expect(r.get('/playbook decide RUN-1 scope stopped')).toContain('next step wrap_up');
    expect(r.get('/playbook status RUN-1')).toContain('wrap_up: Wrap up');
    expect(r.get('/playbook done RUN-1 wrap_up')).toContain('RUN-1 finished');
    expect(r.get('/playbook status')).toContain('finished');

    const entries = await ledger(temp.path);
    const added = entries.find((e) => e.type === 'playbook.evidence_added');
    expect(added?.data['sha256']).toBe(sha);
    expect(entries.some((e) => e.type === 'playbook.step_started' && e.data['step'] === 'watch')).toBe(false);
    const verify = await runCli(['ledger', 'verify'], { env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('fires a wait reminder that fell due while the bot was down exactly once', async () => {
    const env = testEnv(temp.path, { TSUNAGI_LOCALE: 'en', TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS });
    const first = await runCli(['start'], {
      env,
      input: script(...DECLARE, '/playbook run short-wait --incident INC-1'),
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Started RUN-1');
    await sleep(2_500);
    const second = await runCli(['start'], { env, input: script('/playbook status RUN-1') });
    expect(second.code, second.stderr).toBe(0);
    // The wait ended while the bot was down: the start-up tick moved the run on.
    expect(second.stdout).toContain('wrap_up: Wrap up');
    const third = await runCli(['start'], { env, input: script('/playbook status RUN-1') });
    expect(third.code, third.stderr).toBe(0);
    const fired = (await ledger(temp.path)).filter((e) => e.type === 'playbook.timer_fired');
    expect(fired.filter((e) => e.data['purpose'] === 'remind')).toHaveLength(1);
    expect(fired.filter((e) => e.data['purpose'] === 'wait_end')).toHaveLength(1);
  });
});
