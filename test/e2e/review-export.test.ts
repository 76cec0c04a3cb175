// The post-incident review: recorded through the console like any incident work, shown with
// /incident review, and exported as Markdown by `tsunagi review export` — with the four response
// times and the timeline, and for an external party without the customer's internal notes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, script, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

async function runIncident(env: NodeJS.ProcessEnv): Promise<string> {
  const session = await runCli(['start'], {
    env,
    input: script(
      '/incident declare "Portal defaced" --sev 2 --service portal --began 45m',
      '/incident role INC-1 commander me',
      '/incident note INC-1 "Council briefing is the director\'s call" --internal',
      '/incident note INC-1 WAF rule added for the attacking addresses',
      '/incident contain INC-1',
      '/incident resolve INC-1',
      '/incident lesson INC-1 well "The SIer\'s night contact tree worked"',
      '/incident lesson INC-1 badly "The first update took an hour"',
      '/incident action INC-1 "Require MFA for every portal admin" --owner suzuki --due 14d',
      '/incident review INC-1',
    ),
  });
  expect(session.code).toBe(0);
  return session.stdout;
}

describe('post-incident review', () => {
  it('shows the review in chat and exports it as Markdown with the timeline and the four durations', async () => {
    const env = testEnv(temp.path, { TSUNAGI_LOCALE: 'en' });
    const chat = await runIncident(env);
    expect(chat).toContain('Post-incident review: INC-1 Portal defaced');
    expect(chat).toContain('To detect');
    expect(chat).toMatch(/To detect\s+45 ?min/u);

    const out = path.join(temp.path, 'review.md');
    const exported = await runCli(['review', 'export', 'INC-1', '--out', out], { env });
    expect(exported.code).toBe(0);
    const markdown = await readFile(out, 'utf8');
    expect(markdown).toMatch(/^# Post-incident review: INC-1 Portal defaced/mu);
    for (const measure of ['Time to detect', 'Time to acknowledge', 'Time to contain', 'Time to resolve']) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${measure}`));
      expect(row, measure).toBeDefined();
      expect(row).not.toContain('not recorded');
    }
    expect(markdown).toMatch(/\| Time to detect \(began → declared\) \| 45 ?min/u);
    expect(markdown).toContain('## Timeline');
    expect(markdown).toContain('WAF rule added for the attacking addresses');
    expect(markdown).toContain("Council briefing is the director's call");
    expect(markdown).toContain("The SIer's night contact tree worked");
    expect(markdown).toContain('The first update took an hour');
    expect(markdown).toMatch(/\| Require MFA for every portal admin \| .*Suzuki/u);
  });

  it("leaves the customer's internal notes out of an SIer's copy, and refuses an unknown incident or party", async () => {
    const env = testEnv(temp.path);
    await runIncident(env);
    const sier = await runCli(['review', 'export', 'INC-1', '--party', 'hikari'], { env });
    expect(sier.code).toBe(0);
    expect(sier.stdout).toContain('# 事後レビュー: INC-1 Portal defaced');
    expect(sier.stdout).toContain('WAF rule added for the attacking addresses');
    expect(sier.stdout).not.toContain('Council briefing');
    expect(sier.stdout).toContain('内部メモは含みません');

    const unknown = await runCli(['review', 'export', 'INC-9'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('INC-9');
    const party = await runCli(['review', 'export', 'INC-1', '--party', 'hikary'], { env });
    expect(party.code).toBe(1);
    expect(party.stderr).toContain('hikari');
    const usage = await runCli(['review', 'export'], { env });
    expect(usage.code).toBe(2);
  });
});
