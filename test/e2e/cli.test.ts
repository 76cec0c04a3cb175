// The `tsunagi` command line as an operator uses it: configuration errors, ledger verification,
// usage errors and exit codes.
import { readFile, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, runCli, script, spawnCli, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at /);

describe('configuration errors stop start-up with file, line and field', () => {
  it('names the line and field of a reference to an undefined party', async () => {
    const config = path.join(temp.path, 'tsunagi.yaml');
    const text = (await readFile(EXAMPLE_CONFIG, 'utf8')).replace(
      '    party: hikari\n    title: { ja: 運用リーダー',
      '    party: hikary\n    title: { ja: 運用リーダー',
    );
    await writeFile(config, text);
    const line = text.split('\n').findIndex((l) => l.includes('party: hikary')) + 1;
    const result = await runCli(['start'], {
      env: testEnv(path.join(temp.path, 'data'), { TSUNAGI_CONFIG: config, TSUNAGI_LOCALE: 'en' }),
      input: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${config}:${line}:`);
    expect(result.stderr).toContain('people[4].party');
    expect(result.stderr).toContain('party "hikary" is not defined. Did you mean "hikari"?');
    noStackTrace(result.stderr);
  });

  it('reports YAML syntax errors and unknown fields with their position, in Japanese by default', async () => {
    const config = path.join(temp.path, 'broken.yaml');
    await writeFile(
      config,
      'organisation:\n  name: つばき市\n  tmezone: Asia/Tokyo\nparties:\n  - id: city\n    role: citizen\n    name: 市\n',
    );
    const result = await runCli(['config', 'check', '--config', config], { env: testEnv(temp.path) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${config}:3:3 organisation.tmezone: 不明な項目です: tmezone`);
    expect(result.stderr).toContain(
      `${config}:6:11 parties[0].role: 次のいずれかを指定してください: customer, sier, provider`,
    );
    noStackTrace(result.stderr);

    await writeFile(config, 'organisation: [unclosed\n');
    const syntax = await runCli(['config', 'check', '--config', config], { env: testEnv(temp.path) });
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/broken\.yaml:\d+:\d+: YAML の書式が正しくありません/);
  });

  it('accepts the shipped example', async () => {
    const result = await runCli(['config', 'check', '--config', EXAMPLE_CONFIG], {
      env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 parties, 8 people, 3 services');
  });

  it('runs on the example configuration without a tsunagi.yaml, and says so once', async () => {
    const env = testEnv(path.join(temp.path, 'data'));
    delete env.TSUNAGI_CONFIG;
    const result = await runCli(['start'], { env, input: script('/tsunagi whoami'), cwd: temp.path });
    expect(result.code).toBe(0);
    expect(result.stderr.match(/サンプル設定/g)).toHaveLength(1);
    expect(result.stdout).toContain('佐藤 花子');
  });

  it('rejects a bad environment variable by name', async () => {
    const result = await runCli(['start'], {
      env: testEnv(temp.path, { TSUNAGI_ADAPTERS: 'console,irc' }),
      input: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TSUNAGI_ADAPTERS');
    expect(result.stderr).toContain('irc');
  });
});

describe('tsunagi ledger verify', () => {
  it('passes on the data a run left, and fails naming the line after one byte is changed', async () => {
    const env = testEnv(temp.path);
    const run = await runCli(['start'], {
      env,
      input: script(
        '/incident declare "Portal exposed" --sev 2 --service portal',
        '/incident note INC-1 first',
        '/incident note INC-1 second',
        '/incident resolve INC-1',
      ),
    });
    expect(run.code).toBe(0);
    const ok = await runCli(['ledger', 'verify'], { env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK .*ledger\.jsonl: 4 件、ハッシュチェーンは正常です/);

    const file = path.join(temp.path, 'ledger', 'ledger.jsonl');
    await copyFile(file, `${file}.orig`);
    const bytes = await readFile(file);
    const secondLine = bytes.indexOf(0x0a) + 1;
    const target = bytes.indexOf(Buffer.from('first'), secondLine);
    bytes[target] = 'F'.charCodeAt(0); // one byte, inside entry 2
    await writeFile(file, bytes);
    const bad = await runCli(['ledger', 'verify'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL .*ledger\.jsonl:2: /);
  });

  it('fails, rather than passing an empty ledger, when the data directory holds no ledger', async () => {
    const result = await runCli(['ledger', 'verify', '--data-dir', path.join(temp.path, 'typo')], {
      env: testEnv(temp.path),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('台帳');
    expect(result.stderr).toContain('見つかりません');
  });

  it('is a usage error (exit 2) when the subcommand is wrong', async () => {
    const result = await runCli(['ledger', 'check'], { env: testEnv(temp.path) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ledger verify');
    const unknown = await runCli(['frobnicate'], { env: testEnv(temp.path) });
    expect(unknown.code).toBe(2);
  });
});

describe('one bot per data directory', () => {
  it('refuses a second bot on the same data with a clear message', async () => {
    const env = testEnv(temp.path);
    const first = spawnCli(['start'], { env });
    await new Promise<void>((resolve) => {
      // The first bot has taken the lock once it answers a command.
      first.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('佐藤')) resolve();
      });
      first.stdin.write(script('/tsunagi whoami'));
    });
    const second = await runCli(['start'], { env, input: '' });
    first.stdin.end();
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('別の Tsunagi');
    noStackTrace(second.stderr);
    await new Promise((resolve) => first.on('close', resolve));
  });
});
