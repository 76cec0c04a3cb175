// Commands per second through the router in the console adapter: the real CLI as a child process,
// fed commands on stdin, compared with the same process given no commands (start-up alone).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, printTable, scratchDir } from './measure.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'tsunagi.js');
const CONFIG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tsunagi.example.yaml');

function runConsole(dataDir: string, input: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [CLI, 'start'], {
      env: {
        PATH: process.env.PATH,
        TSUNAGI_DATA_DIR: dataDir,
        TSUNAGI_CONFIG: CONFIG,
        NO_COLOR: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`exit ${String(code)}`)),
    );
    child.stdin.end(input);
  });
}

export async function benchRouter(options: {
  commands: number;
}): Promise<{ readsPerSecond: number; writesPerSecond: number }> {
  const scratch = scratchDir('router');
  try {
    const dataDir = scratch.path;
    await runConsole(dataDir, '/incident declare "Benchmark incident" --sev 3 --service portal\n');
    const baseline = Math.min(await runConsole(dataDir, ''), await runConsole(dataDir, ''));
    const n = options.commands;
    const reads = Array.from({ length: n }, () => '/incident status INC-1').join('\n') + '\n';
    const writes =
      Array.from({ length: n }, (_, i) => `/incident note INC-1 benchmark note ${i}`).join('\n') + '\n';
    const readMs = (await runConsole(dataDir, reads)) - baseline;
    const writeMs = (await runConsole(dataDir, writes)) - baseline;
    const figures = { readsPerSecond: (n / readMs) * 1000, writesPerSecond: (n / writeMs) * 1000 };
    printTable(
      `Console adapter → router → core (${n.toLocaleString('en-US')} commands per run; start-up ${fmt(baseline, 0)} ms subtracted)`,
      [
        ['command', 'commands/s', 'mean per command'],
        [
          '/incident status INC-1 (read, rendered)',
          fmt(figures.readsPerSecond, 0),
          `${fmt(readMs / n, 3)} ms`,
        ],
        [
          '/incident note INC-1 … (durable write)',
          fmt(figures.writesPerSecond, 0),
          `${fmt(writeMs / n, 3)} ms`,
        ],
      ],
    );
    return figures;
  } finally {
    scratch.remove();
  }
}
