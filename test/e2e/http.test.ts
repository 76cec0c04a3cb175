// With an HTTP port open, the bot serves /healthz, /readyz and Prometheus /metrics.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { script, spawnCli, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { freePort } from '../helpers/ports.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

async function waitFor(url: string): Promise<Response> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe('health and metrics endpoints', () => {
  it('answers /healthz, /readyz and /metrics with command and incident figures', async () => {
    const port = await freePort();
    const child = spawnCli(['start'], {
      env: testEnv(temp.path, { PORT: String(port), SLACK_BOT_TOKEN: '', LOG_LEVEL: 'info' }),
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdin.write(
      script('/incident declare "Portal exposed" --sev 2 --service portal', '/incident sev INC-1 9'),
    );
    const base = `http://127.0.0.1:${port}`;
    expect(await (await waitFor(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // Wait until both commands have been answered before reading the counters.
    for (let i = 0; i < 100 && !stdout.includes('<severity>'); i += 1)
      await new Promise((r) => setTimeout(r, 50));
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const body = await metrics.text();
    expect(body).toMatch(
      /tsunagi_commands_total\{platform="console",command="incident declare",outcome="ok"\} 1/,
    );
    expect(body).toMatch(
      /tsunagi_commands_total\{platform="console",command="incident sev",outcome="user_input"\} 1/,
    );
    expect(body).toMatch(/tsunagi_open_incidents\{severity="2"\} 1/);
    expect(body).toMatch(/tsunagi_ledger_entries 1/);
    expect(body).toContain('tsunagi_process_cpu_seconds_total');
    child.stdin.end();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
  });
});
