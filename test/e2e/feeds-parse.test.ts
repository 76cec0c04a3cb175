// `tsunagi feeds parse` as an operator or a script uses it: a real RSS 2.0 feed, a real Atom feed and
// a Microsoft Graph message list become one JSON notice per line; wrong input is a clear error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/sources/feeds/notice.js';
import { runCli, testEnv } from '../helpers/bot-process.js';
import { FEED_FIXTURES } from '../helpers/notice-fixtures.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const fixture = (name: string): string => path.join(FEED_FIXTURES, name);
const env = (locale = 'en'): NodeJS.ProcessEnv =>
  testEnv(path.join(temp.path, 'data'), { TSUNAGI_LOCALE: locale });
const lines = (stdout: string): Notice[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Notice);
const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at /);

describe('tsunagi feeds parse', () => {
  it('prints one notice per line for a real RSS 2.0 feed, and names the item it skipped', async () => {
    const result = await runCli(['feeds', 'parse', '--kind', 'rss', '--file', fixture('generic.rss.xml')], {
      env: env(),
    });
    expect(result.code).toBe(0);
    const notices = lines(result.stdout);
    expect(notices.map((n) => n.title)).toEqual([
      '【重要】Microsoft 365 の既定の共有設定変更に伴う作業のお知らせ',
      'AWS WAF のマネージドルール更新（脆弱性対応）',
      '定期メンテナンスのお知らせ（5月）',
    ]);
    expect(notices[0]).toMatchObject({
      provider: 'other',
      tags: ['default-change'],
      published: '2025-05-14T09:00:00.000Z',
    });
    expect(result.stderr).toContain(
      'item 4 (https://support.hikari-systems.example.jp/notices/undated.html) skipped: It has no publication date',
    );
  });

  it('prints a real Atom feed (Google Cloud release notes), one notice per note', async () => {
    const result = await runCli(
      [
        'feeds',
        'parse',
        '--kind',
        'gcp-release-notes',
        '--file',
        fixture('gcp-compute-release-notes.atom.xml'),
      ],
      { env: env() },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const notices = lines(result.stdout);
    expect(notices).toHaveLength(9);
    expect(notices.map((n) => n.category)).toEqual([
      'Feature',
      'Changed',
      'Deprecated',
      'Security',
      'Feature',
      'Breaking',
      'Issue',
      'Fixed',
      undefined,
    ]);
  });

  it('reads a Graph message list from stdin with --file -', async () => {
    const page = await readFile(fixture('m365-messages.page1.json'), 'utf8');
    const result = await runCli(['feeds', 'parse', '--kind', 'm365-messages', '--file', '-'], {
      env: env(),
      input: page,
    });
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((n) => [n.id, n.tags])).toEqual([
      ['m365:MC1050312', ['major', 'retirement']],
      ['m365:MC1049876', ['default-change']],
    ]);
  });

  it('takes --provider and --product for a generic Atom feed', async () => {
    const result = await runCli(
      [
        'feeds',
        'parse',
        '--kind',
        'atom',
        '--file',
        fixture('generic.atom.xml'),
        '--provider',
        'microsoft-365',
        '--product',
        'mail',
      ],
      { env: env() },
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[0]).toMatchObject({
      provider: 'microsoft-365',
      products: ['mail', 'Microsoft Entra ID', 'security'],
    });
  });

  it('says what a payload of the wrong kind is, in Japanese by default, without a stack trace (exit 1)', async () => {
    const result = await runCli(['feeds', 'parse', '--kind', 'rss', '--file', fixture('generic.atom.xml')], {
      env: env('ja'),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('これは Atom フィードです。種類を --kind atom');
    noStackTrace(result.stderr);
  });

  it('reports a web page and a missing file as user errors (exit 1)', async () => {
    const page = await runCli(['feeds', 'parse', '--kind', 'atom', '--file', fixture('not-a-feed.html')], {
      env: env(),
    });
    expect(page.code).toBe(1);
    expect(page.stderr).toContain('this is an HTML web page, not a feed');
    const missing = await runCli(
      ['feeds', 'parse', '--kind', 'rss', '--file', path.join(temp.path, 'nope.xml')],
      {
        env: env(),
      },
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.xml (no such file)');
    noStackTrace(missing.stderr);
  });

  it('is a usage error (exit 2) without --file, or with an unknown kind', async () => {
    const noFile = await runCli(['feeds', 'parse', '--kind', 'rss'], { env: env() });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('feeds parse --kind <kind> --file <file|->');
    const badKind = await runCli(
      ['feeds', 'parse', '--kind', 'twitter', '--file', fixture('generic.rss.xml')],
      {
        env: env(),
      },
    );
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind must be one of rss, atom, aws-whats-new');
  });
});
