// The real bot as a server: `tsunagi start` in a child process with an HTTP port, ready once
// GET /readyz answers, its JSON log collected, and stopped with SIGTERM as an operator would.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnCli, testEnv } from './bot-process.js';
import { freePort, waitUntilReady } from './ports.js';

export interface ServerBot {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  /** Everything the bot wrote to stderr (its JSON log). */
  logs(): string;
  /** Log lines at error level or worse. */
  errors(): string[];
  stop(): Promise<void>;
}

export async function startServerBot(dataDir: string, env: Record<string, string>): Promise<ServerBot> {
  const port = await freePort();
  const child = spawnCli(['start'], {
    env: testEnv(dataDir, { PORT: String(port), LOG_LEVEL: 'info', ...env }),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.resume();
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`the bot exited (${code}) while starting:\n${stderr}`))),
  );
  await Promise.race([waitUntilReady(port), exited]);
  return {
    child,
    port,
    logs: () => stderr,
    errors: () =>
      stderr.split('\n').filter((line) => line.includes('"level":50') || line.includes('"level":60')),
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
