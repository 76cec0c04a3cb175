// Crash safety: the process is killed with SIGKILL in the middle of a burst of appends. Every entry
// that was acknowledged must be in the ledger, the chain must verify, and the bot must start
// cleanly on what is left.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, script, spawnCli, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const BURST = path.join(REPO_ROOT, 'dist', 'test', 'helpers', 'ledger-burst.js');

async function ledgerLines(dataDir: string): Promise<string[]> {
  const text = await readFile(path.join(dataDir, 'ledger', 'ledger.jsonl'), 'utf8');
  return text.split('\n').filter((line) => line.endsWith('}'));
}

/** Runs a child until `killAfter` acknowledgements have been read, then SIGKILLs it. */
function killMidBurst(
  child: ReturnType<typeof spawn>,
  isAck: (line: string) => string | undefined,
  killAfter: number,
): Promise<Set<string>> {
  const acked = new Set<string>();
  let buffer = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`only ${acked.size} acknowledgements before the timeout`));
    }, 45_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const id = isAck(line);
        if (id) acked.add(id);
      }
      if (acked.size >= killAfter) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL')
        reject(new Error(`the child ended by itself (${String(signal)}) before it was killed`));
      else resolve(acked);
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged entry when killed during a burst of concurrent appends', async () => {
    const child = spawn(process.execPath, [BURST, temp.path, '1000000', '32'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = await killMidBurst(child, (line) => /^ack \d+ (burst-\d+)$/.exec(line)?.[1], 3000);
    expect(acked.size).toBeGreaterThanOrEqual(3000);

    const inLedger = new Set(
      (await ledgerLines(temp.path)).map((line) => (JSON.parse(line) as { data: { id: string } }).data.id),
    );
    const missing = [...acked].filter((id) => !inLedger.has(id));
    expect(missing).toEqual([]);

    const verify = await runCli(['ledger', 'verify'], { env: testEnv(temp.path) });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^OK .*ハッシュチェーンは正常です/);

    // The bot starts on what is left (an unfinished last line is set aside, not merged) and verify passes again.
    const restart = await runCli(['start'], { env: testEnv(temp.path), input: script('/incident list') });
    expect(restart.code, restart.stderr).toBe(0);
    const again = await runCli(['ledger', 'verify'], { env: testEnv(temp.path) });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });

  it('keeps every acknowledged note when the console bot is killed mid-script', async () => {
    const env = testEnv(temp.path);
    const setup = await runCli(['start'], { env, input: script('/incident declare "Crash drill" --sev 3') });
    expect(setup.code).toBe(0);

    const child = spawnCli(['start'], { env });
    const lines = Array.from({ length: 5000 }, (_, i) => `/incident note INC-1 drill note ${i}`);
    child.stdin.on('error', () => undefined); // the child is killed while we may still be writing
    child.stdin.write(script(...lines));
    // Each acknowledgement names the ledger position the note was written at: "(#123)".
    const acked = await killMidBurst(child, (line) => /メモを記録しました（#(\d+)）/.exec(line)?.[1], 200);

    const positions = new Set(
      (await ledgerLines(temp.path)).map((line) => String((JSON.parse(line) as { seq: number }).seq)),
    );
    expect([...acked].filter((seq) => !positions.has(seq))).toEqual([]);
    const verify = await runCli(['ledger', 'verify'], { env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const restart = await runCli(['start'], { env, input: script('/incident status INC-1') });
    expect(restart.code).toBe(0);
    expect(restart.stdout).toContain('INC-1 Crash drill');
  });
});
