// /alerts in the console, through the real CLI: the rules in force (built-in CIS, Workspace and
// Entra rules plus the shipped Sigma rules), the latest alerts (none without a source), what to do
// when no audit source is configured, and an unknown alert id answered clearly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, script, testEnv } from '../helpers/bot-process.js';
import { repliesByCommand } from '../helpers/console-output.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('console: /alerts', () => {
  it('lists the rules and the latest alerts', async () => {
    const env = testEnv(temp.path, { TSUNAGI_LOCALE: 'en' });
    const run = await runCli(['start'], {
      env,
      input: script('/alerts rules', '/alerts recent', '/alerts sources', '/alerts show ALT-9'),
    });
    expect(run.code, run.stderr).toBe(0);
    const r = repliesByCommand(run.stdout);
    const rules = r.get('/alerts rules')!;
    expect(rules).toMatch(/Detection rules: \d+ \(\d+ built in, \d+ Sigma/u);
    for (const id of ['cis-aws-4.1', 'cis-aws-4.15', 'sigma-']) expect(rules).toContain(id);
    expect(rules).toContain('active');
    expect(r.get('/alerts recent')).toContain('No alerts yet.');
    expect(r.get('/alerts sources')).toContain('No audit-log sources are configured.');
    expect(r.get('/alerts show ALT-9')).toContain('There is no alert ALT-9.');
  });
});
