// The console adapter driven as a real child process through stdin: a whole multi-party incident,
// and everything still there after a restart.
import { execFile } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, script, spawnCli, testEnv } from '../helpers/bot-process.js';
import { repliesByCommand } from '../helpers/console-output.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('console: a multi-party incident from declaration to closure', () => {
  it('runs the whole incident with the customer, the SIer and the provider, and keeps it across a restart', async () => {
    const env = testEnv(temp.path);
    const first = await runCli(['start'], {
      env,
      input: script(
        '/incident declare "Portal defaced" --sev 2 --service portal',
        '/incident role INC-1 commander me',
        '/incident role INC-1 liaison suzuki',
        '/incident note INC-1 "Council briefing is the director\'s call" --internal',
        '/incident note INC-1 WAF rule added for the attacking addresses',
        '/as suzuki',
        '/incident list',
        '/incident timeline INC-1',
        '/incident note INC-1 CMS plugin updated to 4.2.1',
        '/as clark',
        '/incident status INC-1',
        '/as sato',
        '/incident invite INC-1 clark',
        '/as clark',
        '/incident status INC-1',
        '/as sato',
        '/incident update INC-1 "Defacement removed; investigating the entry point" --next 30m',
        '/incident contain INC-1',
        '/incident resolve INC-1 "Restored from a clean image"',
        '/as suzuki',
        '/incident close INC-1',
        '/as sato',
        '/incident close INC-1',
        '/tsunagi whois portal os',
      ),
    });
    expect(first.code, first.stderr).toBe(0);
    const r = repliesByCommand(first.stdout);

    const declared = r.get('/incident declare "Portal defaced" --sev 2 --service portal')!;
    expect(declared).toContain('INC-1 を宣言しました');
    expect(declared).toContain('SEV2');
    // The parties to involve come from the responsibility matrix of the portal service.
    expect(declared).toContain('ひかり情報システム株式会社（SIer）');
    expect(declared).toContain('アマゾン ウェブ サービス ジャパン合同会社（クラウド事業者）');
    expect(declared).toContain('チャット不通時も可');

    expect(r.get('/incident role INC-1 liaison suzuki')).toContain(
      '鈴木 一郎（ひかり情報）を連絡窓口（ひかり情報）に割り当てました',
    );

    // The SIer, once added (as liaison), sees the incident but never the internal note.
    expect(r.get('/incident list')).toContain('INC-1');
    const sierTimeline = r.get('/incident timeline INC-1')!;
    expect(sierTimeline).toContain('WAF rule added');
    expect(sierTimeline).not.toContain('Council briefing');
    expect(r.get('/incident note INC-1 CMS plugin updated to 4.2.1')).toContain('メモを記録しました');

    // The provider sees nothing until added, then sees the incident (in English, her locale).
    const statusOutputs = first.stdout.split('› /incident status INC-1').slice(1);
    expect(statusOutputs[0]).toContain('has not been shared with your organisation');
    expect(statusOutputs[1]).toContain('INC-1 Portal defaced');
    expect(statusOutputs[1]).toContain('Status');

    expect(
      r.get('/incident update INC-1 "Defacement removed; investigating the entry point" --next 30m'),
    ).toContain('【第1報】');
    expect(r.get('/incident contain INC-1')).toContain('封じ込め済みにしました');
    expect(r.get('/incident resolve INC-1 "Restored from a clean image"')).toContain('解決済みにしました');

    // Only the commander or the customer's accountable people may close; the refusal says why.
    const closes = first.stdout.split('› /incident close INC-1').slice(1);
    expect(closes[0]).toContain('クローズできるのは、対応責任者（IC）と利用者側の責任者だけです');
    expect(closes[1]).toContain('INC-1 をクローズしました');

    expect(r.get('/tsunagi whois portal os')).toContain(
      'OSの実施責任は ひかり情報システム株式会社（SIer）、最終責任は つばき市 デジタル推進課（利用者）',
    );
    expect(first.stdout).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace anywhere

    const second = await runCli(['start'], {
      env,
      input: script(
        '/incident list --all',
        '/incident timeline INC-1',
        '/incident declare "Second incident" --sev 4',
      ),
    });
    expect(second.code, second.stderr).toBe(0);
    const after = repliesByCommand(second.stdout);
    expect(after.get('/incident list --all')).toContain('クローズ');
    const timeline = after.get('/incident timeline INC-1')!;
    for (const expected of [
      '宣言「Portal defaced」',
      'Council briefing',
      'CMS plugin updated',
      '【第1報】',
      '解決済み → クローズ',
    ]) {
      expect(timeline).toContain(expected);
    }
    // Numbering continues after the restart.
    expect(after.get('/incident declare "Second incident" --sev 4')).toContain('INC-2 を宣言しました');
  });

  it('does what the README promises: declare, status and resolve through `npm start`, and INC-1 is still there on the next run', async () => {
    const env = { ...testEnv(temp.path), npm_config_update_notifier: 'false' };
    const input = script(
      '/incident declare "Portal exposed" --sev 2 --service portal',
      '/incident status INC-1',
      '/incident resolve INC-1',
    );
    const run = (): Promise<{ stdout: string; code: number }> =>
      new Promise((resolve, reject) => {
        const child = execFile('npm', ['start', '--silent'], { cwd: REPO_ROOT, env }, (error, stdout) => {
          if (error && typeof error.code !== 'number') reject(new Error(error.message));
          else resolve({ stdout, code: typeof error?.code === 'number' ? error.code : 0 });
        });
        child.stdin!.end(input);
      });
    const first = await run();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('INC-1 を宣言しました');
    expect(first.stdout).toContain('🟠 INC-1 Portal exposed');
    expect(first.stdout).toContain('INC-1 を解決済みにしました');
    const again = await run();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('INC-2 を宣言しました');
    expect(again.stdout).toContain('INC-1 は既に「解決済み」です');
  });

  it('answers bad commands with a clear message and the usage, never a stack trace', async () => {
    const result = await runCli(['start'], {
      env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }),
      input: script(
        '/incidnt list',
        '/incident sev INC-1 9',
        '/incident declare',
        '/incident note INC-9 hello',
        '/incident declare "x" --sev',
        '/incident declare "x" --colour red',
      ),
      cwd: REPO_ROOT,
    });
    expect(result.code).toBe(0);
    const r = repliesByCommand(result.stdout);
    // sato has no language of his own in the example, so TSUNAGI_LOCALE applies.
    expect(r.get('/incidnt list')).toContain('Did you mean /incident?');
    expect(r.get('/incident sev INC-1 9')).toContain(
      '<severity>: unknown severity "9"; use 1 to 4 (or SEV1 to SEV4)',
    );
    expect(r.get('/incident sev INC-1 9')).toContain('Usage: /incident sev [INC-n] <severity>');
    expect(r.get('/incident declare')).toContain('<title> is required');
    expect(r.get('/incident note INC-9 hello')).toContain('There is no incident INC-9');
    expect(r.get('/incident declare "x" --sev')).toContain('--sev needs a value');
    expect(r.get('/incident declare "x" --colour red')).toContain('Unknown option --colour');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lets the id be left out inside the incident channel and switches person with /as', async () => {
    const result = await runCli(['start'], {
      env: testEnv(temp.path),
      input: script(
        '/incident declare 「職員メールの不審なログイン」 --sev 2 --service mail --commander me',
        '/join INC-1',
        '/incident note サインインログを確認中',
        '/as nakamura',
        '/incident note 確認します',
        '/leave',
        '/incident note 確認します',
      ),
    });
    expect(result.code).toBe(0);
    const r = repliesByCommand(result.stdout);
    expect(r.get('/incident note サインインログを確認中')).toContain('INC-1 にメモを記録しました');
    expect(r.get('/as nakamura')).toContain('中村 達也');
    // Not added yet: the provider's person is refused, even inside the channel.
    expect(r.get('/incident note 確認します')).toBeDefined();
    expect(result.stdout).toContain('共有されていません');
    expect(result.stdout).toContain('<incident> を指定してください');
  });
});

describe('console output', () => {
  it('ends quietly when the reader goes away (`… | head`), without a stack trace', async () => {
    const child = spawnCli(['start'], { env: testEnv(temp.path) });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.on('error', () => undefined);
    child.stdin.end(script(...Array.from({ length: 2000 }, () => '/incident list')));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
