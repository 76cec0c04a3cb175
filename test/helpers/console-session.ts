// A console bot kept running while a test types into it over time, as a person at a terminal would:
// lines go to its stdin when the test sends them, the test waits for what it expects to be printed
// (a reply, a reminder the bot prints on its own), and the process ends by end of input or, like a
// crash, by SIGKILL.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, beforeEach } from 'vitest';
import { spawnCli, type RunResult } from './bot-process.js';
import { makeTempDir } from './temp-dir.js';

interface Waiter {
  readonly pattern: RegExp;
  readonly from: number;
  readonly resolve: (end: number) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class ConsoleSession {
  private out = '';
  private err = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters = new Set<Waiter>();
  private ended: RunResult | undefined;
  private readonly exit: Promise<RunResult>;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawnCli(args, { env });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.out += chunk;
      for (const waiter of this.waiters) this.check(waiter);
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.err += chunk));
    // Writing to a process that was just killed is expected in these tests.
    this.child.stdin.on('error', () => undefined);
    this.exit = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        this.ended = { code, signal, stdout: this.out, stderr: this.err };
        for (const waiter of this.waiters) {
          this.settle(waiter);
          waiter.reject(
            this.failure(`the bot exited (${String(code ?? signal)}) before printing ${waiter.pattern}`),
          );
        }
        resolve(this.ended);
      });
    });
  }

  /** Everything printed on stdout so far. */
  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** Types the lines, one command each. */
  send(...lines: string[]): void {
    this.child.stdin.write(`${lines.join('\n')}\n`);
  }

  /**
   * Resolves with the output position just after `pattern` once it has been printed at or after
   * `from`. The time limit only keeps a broken bot from hanging the test; it reports the output.
   */
  waitFor(pattern: RegExp | string, options: { from?: number; timeoutMs?: number } = {}): Promise<number> {
    const regex = typeof pattern === 'string' ? new RegExp(escape(pattern), 'u') : pattern;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pattern: regex,
        from: options.from ?? 0,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.settle(waiter);
          reject(this.failure(`${regex} was not printed in time`));
        }, options.timeoutMs ?? 30_000),
      };
      this.waiters.add(waiter);
      this.check(waiter);
      if (this.ended && this.waiters.has(waiter)) {
        this.settle(waiter);
        reject(this.failure(`the bot had exited before printing ${regex}`));
      }
    });
  }

  /** Kills the bot as a crash would (no shutdown, no flushing) and waits until it is gone. */
  async kill(): Promise<RunResult> {
    this.child.kill('SIGKILL');
    return this.exit;
  }

  /** Ends the input, as at the end of a piped script, and waits for the bot to finish. */
  async end(): Promise<RunResult> {
    this.child.stdin.end();
    return this.exit;
  }

  private check(waiter: Waiter): void {
    const match = waiter.pattern.exec(this.out.slice(waiter.from));
    if (!match) return;
    this.settle(waiter);
    waiter.resolve(waiter.from + match.index + match[0].length);
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }

  private failure(message: string): Error {
    return new Error(`${message}\nstdout:\n${this.out}\nstderr:\n${this.err}`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * For a test file of console sessions: a fresh data dir per test, and every session started in a
 * test killed after it (a failed assertion must not leave a bot running), then the dir removed.
 */
export function consoleSessionsPerTest(): {
  readonly dataDir: () => string;
  readonly start: (args: readonly string[], env: NodeJS.ProcessEnv) => ConsoleSession;
} {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  let sessions: ConsoleSession[] = [];
  beforeEach(() => {
    temp = makeTempDir();
    sessions = [];
  });
  afterEach(async () => {
    for (const session of sessions) await session.kill();
    temp?.cleanup();
  });
  return {
    dataDir: () => temp!.path,
    start: (args, env) => {
      const session = new ConsoleSession([...args], env);
      sessions.push(session);
      return session;
    },
  };
}
