// `tsunagi teams package` as an operator runs it: the zip Teams accepts (manifest, icons and
// translations at its root, filled with the app id and host), and clear errors naming the variable to
// fix when the app id or public URL is missing or wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, testEnv } from '../helpers/bot-process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const APP_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
const PUBLIC_URL = 'https://tsunagi.example.jp';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at /);

describe('tsunagi teams package', () => {
  it('writes a zip Teams accepts, filled from MICROSOFT_APP_ID and TSUNAGI_PUBLIC_URL', async () => {
    const result = await runCli(['teams', 'package'], {
      env: testEnv(temp.path, {
        MICROSOFT_APP_ID: APP_ID,
        TSUNAGI_PUBLIC_URL: PUBLIC_URL,
        TSUNAGI_LOCALE: 'en',
      }),
      cwd: temp.path,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = path.join(temp.path, 'tsunagi-teams.zip');
    expect(result.stdout).toContain(file);
    expect(result.stdout).toContain(APP_ID);
    expect(result.stdout).toContain('tsunagi.example.jp');

    const entries = unzipSync(readFileSync(file));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'ja-jp.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as {
      id: string;
      bots: { botId: string }[];
      validDomains: string[];
    };
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['tsunagi.example.jp']);
    expect(JSON.stringify(manifest)).not.toContain('{{');
    const ajv = new AjvDraft04.default({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
      formats: { uri: (text: string) => URL.canParse(text) },
    });
    const schemaFile = path.join(REPO_ROOT, 'manifest/teams/schema/MicrosoftTeams.schema.json');
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(Buffer.from(entries['color.png']!)).toEqual(
      readFileSync(path.join(REPO_ROOT, 'manifest/teams/color.png')),
    );
  });

  it('takes --out, --app-id and --public-url over the environment', async () => {
    const out = path.join(temp.path, 'nested', 'app.zip');
    const result = await runCli(
      ['teams', 'package', '--out', out, '--app-id', APP_ID, '--public-url', 'https://bot.example.org:8443/'],
      { env: testEnv(temp.path, { MICROSOFT_APP_ID: 'not-used', TSUNAGI_PUBLIC_URL: 'http://not-used' }) },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const entries = unzipSync(readFileSync(out));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as {
      validDomains: string[];
    };
    expect(manifest.validDomains).toEqual(['bot.example.org:8443']);
  });

  it('exits 1 naming MICROSOFT_APP_ID when it is missing, in Japanese by default', async () => {
    const result = await runCli(['teams', 'package'], {
      env: testEnv(temp.path, { TSUNAGI_PUBLIC_URL: PUBLIC_URL }),
      cwd: temp.path,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MICROSOFT_APP_ID が設定されていません');
    noStackTrace(result.stderr);

    const english = await runCli(['teams', 'package'], {
      env: testEnv(temp.path, { TSUNAGI_PUBLIC_URL: PUBLIC_URL, MICROSOFT_APP_ID: '', TSUNAGI_LOCALE: 'en' }),
      cwd: temp.path,
    });
    expect(english.code).toBe(1);
    expect(english.stderr).toContain('MICROSOFT_APP_ID is not set');
  });

  it('exits 1 naming TSUNAGI_PUBLIC_URL when it is not an https URL', async () => {
    for (const url of ['http://tsunagi.example.jp', 'tsunagi.example.jp', '']) {
      const result = await runCli(['teams', 'package'], {
        env: testEnv(temp.path, { MICROSOFT_APP_ID: APP_ID, TSUNAGI_PUBLIC_URL: url, TSUNAGI_LOCALE: 'en' }),
        cwd: temp.path,
      });
      expect(result.code, url).toBe(1);
      expect(result.stderr, url).toContain('TSUNAGI_PUBLIC_URL');
      noStackTrace(result.stderr);
    }
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['teams'], ['teams', 'pack'], ['teams', 'package', '--bogus']]) {
      const result = await runCli(args, { env: testEnv(temp.path, { TSUNAGI_LOCALE: 'en' }) });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('teams package [--out <file>]');
    }
  });
});
