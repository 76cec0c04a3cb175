// What the console prints on its own while nobody types: a wait's reminders and the step that opens
// when the wait ends, an overdue stakeholder update, in the language of whoever is at the keyboard,
// only for incidents they may see, and never a second copy of what a command's reply already showed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, testEnv } from '../helpers/bot-process.js';
import { botNotices, repliesByCommand } from '../helpers/console-output.js';
import { consoleSessionsPerTest, type ConsoleSession } from '../helpers/console-session.js';

/** short-wait: a two-second wait with a reminder after one, then an instruction for the commander. */
const PLAYBOOKS = path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'runs');

const sessions = consoleSessionsPerTest();

function start(locale?: 'en', as?: string): ConsoleSession {
  const env = testEnv(sessions.dataDir(), {
    TSUNAGI_PLAYBOOKS_DIR: PLAYBOOKS,
    ...(locale ? { TSUNAGI_LOCALE: locale } : {}),
  });
  return sessions.start(as ? ['start', '--as', as] : ['start'], env);
}

function entries(): { subject: string; type: string; data: Record<string, unknown> }[] {
  return readFileSync(path.join(sessions.dataDir(), 'ledger', 'ledger.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { subject: string; type: string; data: Record<string, unknown> });
}

/** When the last timer of the run's wait falls due (ms since the epoch). */
function lastTimerDue(run: string): number {
  const started = entries().find(
    (e) => e.subject === run && e.type === 'playbook.step_started' && e.data['step'] === 'watch',
  );
  const timers = (started?.data['timers'] ?? []) as { due: string }[];
  expect(timers.length).toBeGreaterThan(0);
  return Math.max(...timers.map((t) => Date.parse(t.due)));
}

/** Waits until the ledger records `type` for `subject` (the bot commits before it tells anyone). */
async function ledgerHas(subject: string, type: string, purpose: string): Promise<void> {
  for (;;) {
    if (entries().some((e) => e.subject === subject && e.type === type && e.data['purpose'] === purpose))
      return;
    await sleep(100);
  }
}

describe('the console between commands', () => {
  it("prints a wait's reminder and the step it opens in the reader's language, once each", async () => {
    const bot = start();
    bot.send(
      // Sato reads Japanese (the organisation's language); Emily Clark of AWS reads English.
      '/incident declare "管理者キーの漏えい" --sev 2 --service portal',
      '/incident role INC-1 commander me',
      '/incident invite INC-1 clark',
      '/playbook run short-wait --incident INC-1',
    );
    await bot.waitFor(/🔔[^\n]*\n📋 RUN-1 次の手順 wrap_up: まとめ/u);
    bot.send('/as clark', '/playbook run short-wait --incident INC-1');
    await bot.waitFor(/🔔[^\n]*\n📋 RUN-2 next step wrap_up: Wrap up/u);
    bot.send('/as sato', '/playbook done RUN-1 wrap_up', '/playbook done RUN-2 wrap_up');
    const result = await bot.end();
    expect(result.code, result.stderr).toBe(0);

    const notices = botNotices(result.stdout);
    expect(notices.filter((n) => n.includes('⏰ RUN-1 watch: 経過観察 リマインド 1'))).toHaveLength(1);
    expect(notices.filter((n) => n.includes('📋 RUN-1 次の手順 wrap_up'))).toHaveLength(1);
    expect(notices.filter((n) => n.includes('⏰ RUN-2 watch: Watch reminder 1'))).toHaveLength(1);
    expect(notices.filter((n) => n.includes('📋 RUN-2 next step wrap_up'))).toHaveLength(1);
    expect(notices.every((n) => /^🔔 (つなぎからのお知らせ|From Tsunagi)/u.test(n))).toBe(true);
    // What a command caused stays in its reply: the run finishing is not printed a second time.
    expect(repliesByCommand(result.stdout).get('/playbook done RUN-1 wrap_up')).toContain(
      '✅ RUN-1 が完了しました',
    );
    expect(notices.join('')).not.toMatch(/完了しました|finished/u);
  });

  it('prints what fell due while the bot was down once it is back, and keeps it from readers not on the incident', async () => {
    const first = start('en');
    first.send(
      '/incident declare "Staff mailbox forwarding" --sev 3 --service mail',
      '/incident role INC-1 commander me',
      '/playbook run short-wait --incident INC-1',
    );
    expect((await first.end()).code).toBe(0);
    // Down until every timer of the wait is due, so the start-up catch-up fires them.
    await sleep(Math.max(0, lastTimerDue('RUN-1') - Date.now()) + 100);

    // Tanaka of the SIer is not on INC-1, so may not read about it.
    const second = start('en', 'tanaka');
    await ledgerHas('RUN-1', 'playbook.timer_fired', 'wait_end');
    second.send('/as sato', '/playbook status RUN-1');
    const hidden = await second.end();
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(repliesByCommand(hidden.stdout).get('/playbook status RUN-1')).toContain('▶ wrap_up: Wrap up');
    expect(botNotices(hidden.stdout)).toEqual([]);

    // The same after a crash, for the commander: what fell due while down is printed once at start.
    const third = start('en');
    third.send('/playbook run short-wait --incident INC-1');
    await third.waitFor('Started RUN-2');
    const crashed = await third.kill();
    await sleep(Math.max(0, lastTimerDue('RUN-2') - Date.now()) + 100);
    const fourth = start('en');
    fourth.send('/playbook status RUN-2');
    const back = await fourth.end();
    expect(back.code, back.stderr).toBe(0);
    const notices = botNotices(back.stdout);
    expect(notices.filter((n) => n.includes('📋 RUN-2 next step wrap_up: Wrap up'))).toHaveLength(1);
    const reminders = [...botNotices(crashed.stdout), ...notices].filter((n) =>
      n.includes('⏰ RUN-2 watch: Watch reminder 1'),
    );
    expect(reminders).toHaveLength(1);
    // Printed before the first command's reply, as soon as the console is up.
    expect(back.stdout.indexOf('🔔')).toBeLessThan(back.stdout.indexOf('› /playbook status RUN-2'));
  });

  it('reminds the console once when the stakeholder update is overdue', async () => {
    const bot = start();
    bot.send(
      '/incident declare "ポータルの改ざん" --sev 3 --service portal',
      '/incident role INC-1 commander me',
      '/incident role INC-1 communications ito',
      // The next update falls due in two seconds.
      '/incident update INC-1 "WAFで遮断済み。影響範囲を調査中" --next PT2S',
    );
    await bot.waitFor(/🔔[^\n]*\n⏰ INC-1 関係者への報告が [^\n]*遅れています/u);
    bot.send('/incident update INC-1 "改ざんされたページを復旧しました"');
    const result = await bot.end();
    expect(result.code, result.stderr).toBe(0);

    const notices = botNotices(result.stdout);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('伊藤 美咲');
    expect(notices[0]).toContain('/incident update INC-1');
    const reminded = entries().filter((e) => e.subject === 'INC-1' && e.type === 'incident.update_reminded');
    expect(reminded.map((e) => e.data['n'])).toEqual([1]);
  });
});
