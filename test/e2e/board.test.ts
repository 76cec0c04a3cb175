// The incident board (the Teams tab at /tab/) in a real browser against the real bot: links handed
// out by `/tsunagi board` show each person what their party may see, in their language; tampered,
// expired and missing links are refused without any incident data; opened outside Teams the page
// says so at once instead of waiting for Teams; and only Teams hosts may frame it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_LINK_KEY_FILE } from '../../src/core/board/board-link-key.js';
import { BoardLinks } from '../../src/core/board/board-links.js';
import { spawnCli, testEnv } from '../helpers/bot-process.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { freePort, waitUntilReady } from '../helpers/ports.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';
/** Set to a directory to keep screenshots of the Japanese and English boards there. */
const SCREENSHOTS = process.env.TSUNAGI_BOARD_SCREENSHOTS;

let temp: ReturnType<typeof makeTempDir>;
let bot: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let base = '';
let browser: Browser;
const links: Record<'sato' | 'clark', string> = { sato: '', clark: '' };

/** Resolves with the first match of `pattern` in stdout after `from` characters. */
async function waitForOutput(pattern: RegExp, from: number, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(stdout.slice(from));
    if (match) return match;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${String(pattern)} in the bot's output.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
}

/** Types console lines and returns the board link the last of them (`/tsunagi board`) answered with. */
async function boardLinkAfter(...lines: string[]): Promise<string> {
  const from = stdout.length;
  bot.stdin.write(`${lines.join('\n')}\n`);
  const marker = await waitForOutput(/› \/tsunagi board\n/u, from);
  const link = await waitForOutput(/http:\/\/\S+\/tab\/\?t=[A-Za-z0-9_.-]+/u, from + marker.index);
  return link[0];
}

async function open(
  url: string,
  locale: string,
): Promise<{ context: BrowserContext; page: Page; status: number; headers: Record<string, string> }> {
  const context = await browser.newContext({ locale, timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  const response = await page.goto(url);
  return { context, page, status: response!.status(), headers: response!.headers() };
}

beforeAll(async () => {
  // Debian's chromium; CI installs it in .ci/run.
  expect(existsSync(CHROMIUM), `${CHROMIUM} is needed for the board tests (apt-get install chromium)`).toBe(
    true,
  );
  temp = makeTempDir();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  bot = spawnCli(['start'], { env: testEnv(temp.path, { PORT: String(port) }) });
  bot.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  bot.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await waitUntilReady(port);
  links.sato = await boardLinkAfter(
    '/as sato',
    '/incident declare "Portal defaced" --sev 2 --service portal',
    '/incident declare 職員メールの不審なログイン --sev 1 --service mail',
    '/incident role INC-1 commander me',
    '/incident note INC-1 "Council briefing is the director\'s call" --internal',
    '/incident note INC-1 WAF rule added for the attacking addresses',
    '/incident invite INC-1 clark',
    '/incident update INC-1 "Defacement removed; investigating the entry point" --next 30m',
    '/tsunagi board',
  );
  links.clark = await boardLinkAfter('/as clark', '/tsunagi board');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  if (bot && bot.exitCode === null) {
    bot.stdin.end();
    await new Promise((resolve) => bot.on('close', resolve));
  }
  temp?.cleanup();
});

describe('the incident board', () => {
  it('hands out a personal link with its expiry in chat', () => {
    const reply = stdout.slice(stdout.indexOf('› /tsunagi board'));
    expect(reply).toContain('インシデントボード');
    expect(reply).toMatch(/有効期限: \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST（あと8時間）/u);
    expect(links.sato).toMatch(new RegExp(`^http://localhost:\\d+/tab/\\?t=`, 'u'));
    // Clark's reply is in his own language.
    expect(stdout).toMatch(/Valid until \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST \(in 8 h/u);
  });

  it('shows the customer every open incident in Japanese, with internal notes, and drops the token from the address bar', async () => {
    const { context, page, status, headers } = await open(
      links.sato.replace(/^http:\/\/localhost:\d+/u, base),
      'ja-JP',
    );
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/iu.test(message.text())) cspErrors.push(message.text());
    });
    try {
      expect(status).toBe(200);
      expect(headers['content-security-policy']).toMatch(
        /frame-ancestors 'self' https:\/\/teams\.microsoft\.com https:\/\/\*\.teams\.microsoft\.com .*https:\/\/\*\.cloud\.microsoft/u,
      );
      expect(headers['content-security-policy']).toContain("script-src 'self'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');

      await page.waitForSelector('body[data-state="ready"]');
      expect(await page.getAttribute('html', 'lang')).toBe('ja');
      await expect.poll(() => page.textContent('#board-heading')).toBe('対応中のインシデント（2件）');
      const cards = page.locator('li.incident');
      expect(await cards.count()).toBe(2);
      // SEV1 first.
      expect(await cards.nth(0).getAttribute('data-incident')).toBe('INC-2');
      const first = await cards.nth(1).innerText();
      expect(first).toContain('INC-1');
      expect(first).toContain('Portal defaced');
      expect(first).toContain('SEV2（重大）');
      expect(first).toContain('調査中');
      expect(first).toContain('対応責任者（IC）: 佐藤 花子（つばき市）');
      expect(first).toContain('市公式ウェブポータル（portal）');
      expect(first).toContain("Council briefing is the director's call");
      expect(first).toContain('【第1報】Defacement removed');
      expect(await cards.nth(1).locator('.timeline li').count()).toBe(5);
      expect(await page.textContent('#viewer')).toContain('佐藤 花子');
      expect(await page.textContent('h1')).toContain('Teams の外で表示しています');
      // The token left the address bar once read.
      expect(page.url()).toBe(`${base}/tab/`);
      expect(cspErrors).toEqual([]);
      if (SCREENSHOTS)
        await page.screenshot({ path: path.join(SCREENSHOTS, 'board-ja.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("shows a provider's person only the incident they were invited to, in English, without internal notes", async () => {
    // A Japanese browser, but Clark's own language (en in tsunagi.yaml) wins.
    const { context, page } = await open(links.clark.replace(/^http:\/\/localhost:\d+/u, base), 'ja-JP');
    try {
      await page.waitForSelector('body[data-state="ready"]');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('#board-heading')).toBe('Open incidents (1)');
      const text = await page.locator('#incidents').innerText();
      expect(text).toContain('INC-1');
      expect(text).toContain('SEV2 (major)');
      expect(text).toContain('Investigating');
      expect(text).toContain('WAF rule added');
      expect(text).not.toContain('INC-2');
      expect(text).not.toContain('職員メール');
      expect(text).not.toContain('Council briefing');
      expect(await page.textContent('#viewer')).toContain('Emily Clark');
      expect(await page.textContent('h1')).toBe('Tsunagi incident board — opened outside Teams');
      if (SCREENSHOTS)
        await page.screenshot({ path: path.join(SCREENSHOTS, 'board-en.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('refuses a tampered link: the page explains and shows no incident, and the API answers 401', async () => {
    const token = new URL(links.clark).searchParams.get('t')!;
    const [payload, signature] = token.split('.') as [string, string];
    // Clark edits the payload to read as Sato, keeping his own signature.
    const forged = `${Buffer.from(JSON.stringify({ p: 'sato', exp: 4102444800 })).toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [forged, flipped]) {
      const api = await fetch(`${base}/tab/api/board`, { headers: { Authorization: `Bearer ${bad}` } });
      expect(api.status).toBe(401);
      expect(api.headers.get('cache-control')).toBe('no-store');
      const body = (await api.json()) as { error: { ja: string; en: string }; incidents?: unknown };
      expect(body.error.en).toContain('/tsunagi board');
      expect(body.incidents).toBeUndefined();

      const { context, page } = await open(`${base}/tab/?t=${bad}`, 'en-US');
      try {
        await page.waitForSelector('body[data-state="refused"]');
        const alert = await page.locator('[role="alert"]').innerText();
        expect(alert).toContain('This link is not valid');
        expect(alert).toContain('/tsunagi board');
        expect(alert).toContain('このリンクは無効です');
        expect(await page.locator('li.incident').count()).toBe(0);
        const all = await page.locator('body').innerText();
        expect(all).not.toContain('Portal defaced');
        expect(all).not.toContain('INC-1');
      } finally {
        await context.close();
      }
    }
  });

  it('refuses an expired link and says to ask the bot for a new one', async () => {
    const secret = readFileSync(path.join(temp.path, BOARD_LINK_KEY_FILE));
    const signer = new BoardLinks({ secret, baseUrl: () => base });
    const sato = exampleDirectory().person('sato')!;
    const expired = signer.create(sato, new Date(Date.now() - 9 * 60 * 60 * 1000));
    // The same key and clock an hour later would still accept a fresh one: only the time is wrong.
    expect(signer.verify(signer.create(sato, new Date()).token, new Date())).toEqual({ personId: 'sato' });

    const api = await fetch(`${base}/tab/api/board`, {
      headers: { Authorization: `Bearer ${expired.token}` },
    });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { code: string }).code).toBe('link_expired');

    const { context, page } = await open(expired.url, 'ja-JP');
    try {
      await page.waitForSelector('body[data-state="refused"]');
      const alert = await page.locator('[role="alert"]').innerText();
      expect(alert).toContain('有効期限');
      expect(alert).toContain('This link has expired');
      expect(alert).toContain('/tsunagi board');
      expect(await page.locator('li.incident').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toContain('Portal defaced');
    } finally {
      await context.close();
    }
  });

  it('opened outside Teams without a link, shows the standalone view within 3 s and explains how to get in', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      const started = Date.now();
      await page.goto(`${base}/tab/`);
      await page.waitForSelector('body[data-mode="standalone"]', { timeout: 3000 });
      await page.waitForSelector('body[data-state="refused"]', { timeout: 3000 - (Date.now() - started) });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await page.textContent('h1')).toBe('Tsunagi incident board — opened outside Teams');
      const alert = await page.locator('[role="alert"]').innerText();
      expect(alert).toContain('You need your personal link');
      expect(alert).toContain('あなた専用のリンク');
      expect(await page.locator('li.incident').count()).toBe(0);
      const api = await fetch(`${base}/tab/api/board`);
      expect(api.status).toBe(401);
      expect(api.headers.get('content-security-policy')).toContain('frame-ancestors');
    } finally {
      await context.close();
    }
  });

  it('inside Teams follows its language and theme, names the team and channel, and falls back to the link without SSO', async () => {
    const context = await browser.newContext({ locale: 'ja-JP' });
    // Stands in for TeamsJS in a Teams host: the page only uses app.* and authentication.getAuthToken.
    await context.route('**/tab/teams-js.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.microsoftTeams = {
          app: {
            initialize: () => Promise.resolve(),
            getContext: () => Promise.resolve({
              app: { locale: 'en-us', theme: 'dark' },
              team: { displayName: 'Tsubaki incident response' },
              channel: { displayName: 'Portal' },
            }),
            notifySuccess: () => undefined,
            registerOnThemeChangeHandler: (handler) => { window.__setTheme = handler; },
          },
          authentication: { getAuthToken: () => Promise.reject(new Error('SSO is not set up')) },
        };`,
      }),
    );
    const page = await context.newPage();
    try {
      await page.goto(links.sato.replace(/^http:\/\/localhost:\d+/u, base));
      await page.waitForSelector('body[data-state="ready"]');
      expect(await page.getAttribute('body', 'data-mode')).toBe('teams');
      expect(await page.getAttribute('html', 'class')).toContain('theme-dark');
      // Sato has no language of her own: Teams' language applies.
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('Tsunagi incident board');
      expect(await page.textContent('#where')).toBe('Teams: Tsubaki incident response › Portal');
      expect(await page.textContent('#board-heading')).toBe('Open incidents (2)');
      await page.evaluate(() =>
        (globalThis as unknown as { __setTheme: (t: string) => void }).__setTheme('contrast'),
      );
      expect(await page.getAttribute('html', 'class')).toContain('theme-contrast');
    } finally {
      await context.close();
    }
  });

  it('serves the channel-tab configuration page and TeamsJS under the same headers', async () => {
    const configure = await fetch(`${base}/tab/configure`);
    expect(configure.status).toBe(200);
    expect(await configure.text()).toContain('/tab/configure.js');
    expect(configure.headers.get('content-security-policy')).toContain('frame-ancestors');
    const teamsJs = await fetch(`${base}/tab/teams-js.js`);
    expect(teamsJs.status).toBe(200);
    expect(teamsJs.headers.get('content-type')).toContain('javascript');
    expect(await teamsJs.text()).toContain('microsoftTeams');
    const configureJs = await (await fetch(`${base}/tab/configure.js`)).text();
    expect(configureJs).toContain('registerOnSaveHandler');
    expect((await fetch(`${base}/tab/nothing-here`)).status).toBe(404);
  });
});
