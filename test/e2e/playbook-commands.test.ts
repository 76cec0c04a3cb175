// /playbook in chat (the console here; Slack and Teams go through the same router): the shipped
// playbooks listed and shown with their steps and who does each; a run's inputs are checked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, script, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('/playbook', () => {
  it('lists the shipped playbooks and shows one with its roles by party and its steps', async () => {
    const result = await runCli(['start'], {
      env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }),
      input: script(
        '/playbook list',
        '/playbook show compromised-admin-credential',
        '/playbook show compromised-admin-credentail',
        '/incident declare "Key leak" --sev 2 --service portal',
        '/playbook run compromised-admin-credential --incident INC-1',
      ),
    });
    expect(result.code).toBe(0);
    const out = result.stdout;
    for (const id of [
      'compromised-admin-credential',
      'exposed-remote-access',
      'provider-outage',
      'post-incident-review',
      'tabletop-credential-leak',
    ]) {
      expect(out).toContain(id);
    }
    expect(out).toContain('Compromised cloud administrator credential');
    // Steps with who does them, by party.
    expect(out).toMatch(/preserve .*evidence/u);
    expect(out).toContain('(SIer)');
    expect(out).toContain('(customer)');
    // A typo gets the nearest id.
    expect(out).toContain('Did you mean "compromised-admin-credential"?');
    expect(out).toContain('Required inputs missing: principal, credential_type');
  });
});
