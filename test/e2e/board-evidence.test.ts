// Evidence export while the bot runs, from the incident board: a person with a board link downloads
// an incident's evidence as a zip holding the same folder as `tsunagi evidence export` (items/,
// manifest.json, custody.json, SHA256SUMS). The download is recorded in the ledger under their name
// before it is sent; an SIer's or provider's person gets only their own party's items; and once the
// bot has stopped, `tsunagi evidence verify` accepts every downloaded folder.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, testEnv } from '../helpers/bot-process.js';
import { freePort, waitUntilReady } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xde, 0xad, 0x00, 0x01,
]);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let temp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let bot: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let base = '';
const tokens: Record<'sato' | 'clark', string> = { sato: '', clark: '' };
const links: Record<'sato' | 'clark', string> = { sato: '', clark: '' };
/** Zips downloaded while the bot ran, checked again with `tsunagi evidence verify` once it stops. */
const downloaded: { label: string; files: Record<string, Uint8Array> }[] = [];

async function waitForOutput(pattern: RegExp, from: number, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(stdout.slice(from));
    if (match) return match;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${String(pattern)} in the bot's output.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
}

/** Types console lines; the last is `/tsunagi board`, whose link is returned. */
async function boardLinkAfter(...lines: string[]): Promise<string> {
  const from = stdout.length;
  bot.stdin.write(`${lines.join('\n')}\n`);
  const marker = await waitForOutput(/› \/tsunagi board\n/u, from);
  const link = await waitForOutput(/http:\/\/\S+\/tab\/\?t=[A-Za-z0-9_.-]+/u, from + marker.index);
  return link[0].replace(/^http:\/\/localhost:\d+/u, base);
}

function zipUrl(incident: string): string {
  return `${base}/tab/api/incidents/${incident}/evidence.zip`;
}

function download(incident: string, token?: string): Promise<Response> {
  return fetch(zipUrl(incident), token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

/** The one folder a zip holds, and its files by their path inside it. */
function folderOf(files: Record<string, Uint8Array>): { name: string; inside: Record<string, Uint8Array> } {
  const names = [...new Set(Object.keys(files).map((file) => file.split('/')[0]!))];
  expect(names).toHaveLength(1);
  const name = names[0]!;
  const inside = Object.fromEntries(
    Object.entries(files).map(([file, bytes]) => [file.slice(name.length + 1), bytes]),
  );
  return { name, inside };
}

/** Every line of SHA256SUMS names a file of the folder with that hash, and every file is listed. */
function expectSumsToHold(inside: Record<string, Uint8Array>): void {
  const lines = Buffer.from(inside.SHA256SUMS!).toString('utf8').trim().split('\n');
  const listed = lines.map((line) => {
    const [hash, file] = line.split('  ') as [string, string];
    expect(inside[file], file).toBeDefined();
    expect(sha(inside[file]!), file).toBe(hash);
    return file;
  });
  expect([...listed, 'SHA256SUMS'].sort()).toEqual(Object.keys(inside).sort());
}

interface ManifestJson {
  party?: string;
  exported_by: string;
  items: { id: string; file: string; sha256: string; source: string; added_by: { person: string } }[];
}
interface CustodyJson {
  entries: { seq: number; type: string; actor?: { person: string }; data: Record<string, unknown> }[];
}
const json = <T>(bytes: Uint8Array | undefined): T => JSON.parse(Buffer.from(bytes!).toString('utf8')) as T;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is needed for the board tests (apt-get install chromium)`).toBe(
    true,
  );
  temp = makeTempDir();
  dataDir = path.join(temp.path, 'data');
  mkdirSync(dataDir);
  const screenshot = path.join(temp.path, 'defaced-top-page.png');
  writeFileSync(screenshot, SCREENSHOT);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  bot = spawnCli(['start'], { env: testEnv(dataDir, { PORT: String(port) }) });
  bot.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  bot.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await waitUntilReady(port);
  links.sato = await boardLinkAfter(
    '/as sato',
    '/incident declare "Portal defaced" --sev 2 --service portal',
    '/incident role INC-1 commander me',
    '/incident invite INC-1 clark',
    '/incident evidence INC-1 https://tickets.example.jp/SEC-2001',
    `/incident evidence INC-1 --file ${screenshot}`,
    '/incident declare 職員メールの不審なログイン --sev 3 --service mail',
    '/tsunagi board',
  );
  links.clark = await boardLinkAfter(
    '/as clark',
    '/incident evidence INC-1 AWS Support case 12345 opened for the WAF logs',
    '/tsunagi board',
  );
  tokens.sato = new URL(links.sato).searchParams.get('t')!;
  tokens.clark = new URL(links.clark).searchParams.get('t')!;
});

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    bot.stdin.end();
    await new Promise((resolve) => bot.on('close', resolve));
  }
  temp?.cleanup();
});

describe('evidence from the incident board', () => {
  it('tells each viewer on the board how many items they may download', async () => {
    const board = async (token: string) =>
      (await (
        await fetch(`${base}/tab/api/board`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as {
        incidents: { id: string; evidence: number; evidenceUrl: string }[];
      };
    const forSato = await board(tokens.sato);
    expect(forSato.incidents.find((i) => i.id === 'INC-1')).toMatchObject({
      evidence: 3,
      evidenceUrl: '/tab/api/incidents/INC-1/evidence.zip',
    });
    expect(forSato.incidents.find((i) => i.id === 'INC-2')?.evidence).toBe(0);
    // The provider sees only what AWS added.
    expect((await board(tokens.clark)).incidents).toEqual([
      expect.objectContaining({ id: 'INC-1', evidence: 1 }),
    ]);
  });

  it("hands the customer every item as the CLI's folder, recorded in the ledger under her name before it is sent", async () => {
    const response = await download('INC-1', tokens.sato);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="evidence-INC-1-\d{8}T\d{6}\.zip"$/u);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const { name, inside } = folderOf(files);
    expect(disposition).toContain(`"${name}.zip"`);
    expectSumsToHold(inside);

    const manifest = json<ManifestJson>(inside['manifest.json']);
    expect(manifest.exported_by).toBe('sato');
    expect(manifest.party).toBeUndefined();
    expect(manifest.items.map((i) => [i.id, i.added_by.person])).toEqual([
      ['E-1', 'sato'],
      ['E-2', 'sato'],
      ['E-3', 'clark'],
    ]);
    const screenshot = manifest.items[1]!;
    expect(screenshot.source).toBe('defaced-top-page.png');
    expect(sha(inside[screenshot.file]!)).toBe(sha(SCREENSHOT));

    // The custody log ends with this very download.
    const custody = json<CustodyJson>(inside['custody.json']);
    const last = custody.entries.at(-1)!;
    expect(last).toMatchObject({
      type: 'evidence.exported',
      actor: { person: 'sato' },
      data: {
        by: 'sato',
        via: 'board',
        destination: `${name}.zip`,
        items: ['E-1', 'E-2', 'E-3'],
        manifest_sha256: sha(inside['manifest.json']!),
      },
    });
    expect(response.headers.get('x-tsunagi-ledger-seq')).toBe(String(last.seq));
    downloaded.push({ label: 'sato', files });

    // The export shows on the incident's timeline at once.
    const from = stdout.length;
    bot.stdin.write('/as sato\n/incident timeline INC-1\n');
    await waitForOutput(/› \/incident timeline INC-1\n/u, from);
    await waitForOutput(/ボードからのダウンロード、実行 sato/u, from);
    expect(stdout.slice(from)).toContain(`${name}.zip`);
  });

  it("gives a provider's person only their own party's items, marked as such", async () => {
    const response = await download('INC-1', tokens.clark);
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const { inside } = folderOf(files);
    expectSumsToHold(inside);
    const manifest = json<ManifestJson>(inside['manifest.json']);
    expect(manifest.party).toBe('aws');
    expect(manifest.items.map((i) => i.id)).toEqual(['E-3']);
    expect(Object.keys(inside).filter((file) => file.startsWith('items/'))).toHaveLength(1);
    const last = json<CustodyJson>(inside['custody.json']).entries.at(-1)!;
    expect(last).toMatchObject({ actor: { person: 'clark' }, data: { party: 'aws', items: ['E-3'] } });
    downloaded.push({ label: 'clark', files });
  });

  it('refuses without a link, for an incident not shared with the viewer, and for one that does not exist', async () => {
    const none = await download('INC-1');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBe('no_token');
    const notShared = await download('INC-2', tokens.clark);
    expect(notShared.status).toBe(403);
    expect(((await notShared.json()) as { error: { en: string } }).error.en).toContain('INC-2');
    const missing = await download('INC-99', tokens.sato);
    expect(missing.status).toBe(404);
    const empty = await download('INC-2', tokens.sato);
    expect(empty.status).toBe(404);
    expect(((await empty.json()) as { error: { en: string } }).error.en).toContain('no evidence');
  });

  it('downloads from the button on the incident card in a browser', async () => {
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox'],
    });
    try {
      const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(links.sato);
      await page.waitForSelector('body[data-state="ready"]');
      const card = page.locator('li.incident[data-incident="INC-1"]');
      const button = card.getByRole('button', { name: 'Download evidence (zip, 3 items)' });
      const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
      expect(file.suggestedFilename()).toMatch(/^evidence-INC-1-\d{8}T\d{6}\.zip$/u);
      const files = unzipSync(new Uint8Array(readFileSync(await file.path())));
      expectSumsToHold(folderOf(files).inside);
      await expect.poll(() => card.locator('[role="status"]').textContent()).toContain('Downloaded');
      downloaded.push({ label: 'browser', files });
      // An incident without evidence offers no download.
      const other = page.locator('li.incident[data-incident="INC-2"]');
      expect(await other.getByRole('button').count()).toBe(0);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('points the CLI export at the board while the bot runs', async () => {
    const result = await runCli(['evidence', 'export', 'INC-1', '--out', path.join(temp.path, 'cli')], {
      env: testEnv(dataDir, { TSUNAGI_LOCALE: 'en' }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/tsunagi board');
    expect(result.stderr).toContain('Download evidence (zip)');
  });

  it('every downloaded folder verifies against the ledger once the bot has stopped', async () => {
    bot.stdin.end();
    await new Promise((resolve) => bot.on('close', resolve));
    expect(stderr).not.toContain('"level":50');
    expect(downloaded.map((d) => d.label)).toEqual(['sato', 'clark', 'browser']);
    for (const { label, files } of downloaded) {
      const root = path.join(temp.path, 'unzipped', label);
      for (const [file, bytes] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), bytes);
      }
      const folder = path.join(root, folderOf(files).name);
      const verified = await runCli(['evidence', 'verify', folder], { env: testEnv(dataDir) });
      expect(verified.stdout, label).toContain('OK manifest.json');
      expect(verified.code, `${label}: ${verified.stdout}${verified.stderr}`).toBe(0);
    }
  });
});
