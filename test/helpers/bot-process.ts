// Runs the real `tsunagi` CLI as a child process, the way a user or CI would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'tsunagi.js');
export const EXAMPLE_CONFIG = path.join(REPO_ROOT, 'tsunagi.example.yaml');

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for a test run: its own data dir, no credentials inherited from the developer's shell. */
export function testEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TSUNAGI_DATA_DIR: dataDir,
    // Pinned so a developer's own tsunagi.yaml in the checkout never changes what tests see.
    TSUNAGI_CONFIG: EXAMPLE_CONFIG,
    NO_COLOR: '1',
    // A developer's .env in the checkout must not leak into tests.
    TSUNAGI_ENV_FILE: '',
  };
  return { ...env, ...extra };
}

export function spawnCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env,
    stdio: 'pipe',
  });
}

/** Runs the CLI to completion, feeding `input` on stdin. */
export function runCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number },
): Promise<RunResult> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `tsunagi ${args.join(' ')} did not finish in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Console commands, one per line, as a user would pipe them in. */
export function script(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
