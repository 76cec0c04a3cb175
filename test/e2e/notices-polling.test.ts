// The notice pollers in the real bot process, against local stand-ins of the providers: a channel
// subscribed from the console gets each new item once and an edited item once more as an update,
// across a restart; a source that fails or hangs holds back no other and shows as failing in
// /notices sources; Microsoft 365 messages arrive once each through paging and throttling.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXAMPLE_CONFIG, testEnv } from '../helpers/bot-process.js';
import { botNotices, repliesByCommand } from '../helpers/console-output.js';
import { consoleSessionsPerTest } from '../helpers/console-session.js';
import { FeedServer } from '../emulators/feeds/feed-server.js';
import { GraphEmulator, type GraphItem } from '../emulators/graph/graph-emulator.js';

const sessions = consoleSessionsPerTest();
const emulators: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.stop();
});

interface Item {
  readonly guid: string;
  readonly title: string;
  readonly body?: string;
}

/** An SIer's notices feed (RSS 2.0), as its CMS would publish it. */
function rss(items: readonly Item[]): string {
  const entries = items.map(
    (item) => `    <item>
      <title>${item.title}</title>
      <link>https://support.hikari.example.jp/notices/${item.guid}.html</link>
      <guid isPermaLink="false">${item.guid}</guid>
      <pubDate>Mon, 16 Nov 2026 10:00:00 +0900</pubDate>
      <category>AWS WAF</category>
      <description>${item.body ?? `${item.title}. No action is needed.`}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Hikari IS notices</title>
    <link>https://support.hikari.example.jp/notices/</link>
    <description>Notices to customers</description>
${entries.join('\n')}
  </channel>
</rss>
`;
}

/** The example organisation with these notice sources instead of the example's; returns the file. */
function configWith(sources: readonly Record<string, unknown>[]): string {
  const config = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;
  config.notices = { sources };
  const file = path.join(sessions.dataDir(), 'tsunagi.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

function botEnv(config: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return testEnv(sessions.dataDir(), { TSUNAGI_CONFIG: config, TSUNAGI_LOCALE: 'en', ...extra });
}

/** Per source, what data/feeds-state.json holds. */
function feedState(): Record<string, { consecutiveFailures: number; lastError?: { en: string } }> {
  const file = path.join(sessions.dataDir(), 'feeds-state.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { sources: never }).sources : {};
}

/** Waits until the condition holds (the bot writes state files as it goes). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(100);
}

/** How many of the bot's own messages (cards) carry `text`. */
const cardsWith = (stdout: string, text: string): string[] =>
  botNotices(stdout).filter((n) => n.includes(text));

describe('polling provider notices in the bot', () => {
  it('posts each new item once and an edited item once more as an update, across a restart', async () => {
    const feeds = await FeedServer.start();
    emulators.push(feeds);
    feeds.setContent('/hikari.rss', rss([]));
    const config = configWith([
      { id: 'hikari', kind: 'rss', url: feeds.urlFor('/hikari.rss'), provider: 'other', every: 'PT1H' },
    ]);

    const first = sessions.start(['start'], botEnv(config));
    // The first poll at start finds the feed empty; then the channel subscribes.
    await feeds.waitForRequest('/hikari.rss', () => true, 30_000);
    first.send('/notices subscribe hikari --all');
    await first.waitFor(/SUB-1/u);
    feeds.setContent(
      '/hikari.rss',
      rss([
        { guid: 'n-1', title: 'WAF managed rules updated' },
        { guid: 'n-2', title: 'Monthly maintenance on 20 November' },
      ]),
    );
    first.send('/notices poll');
    await first.waitFor(/🔔[^\n]*\n📢 Other — WAF managed rules updated/u);
    await first.waitFor(/🔔[^\n]*\n📢 Other — Monthly maintenance on 20 November/u);
    const firstRun = await first.end();
    expect(firstRun.code, firstRun.stderr).toBe(0);

    // While the bot is down, one item is edited and one is added.
    feeds.setContent(
      '/hikari.rss',
      rss([
        {
          guid: 'n-1',
          title: 'WAF managed rules updated',
          body: 'The update now also blocks CVE-2026-0001.',
        },
        { guid: 'n-2', title: 'Monthly maintenance on 20 November' },
        { guid: 'n-3', title: 'New contact window for the SOC' },
      ]),
    );
    const second = sessions.start(['start'], botEnv(config));
    // The first poll at start brings both; a second poll finds nothing more.
    await second.waitFor(/New contact window for the SOC/u);
    await second.waitFor(/CVE-2026-0001/u);
    second.send('/notices poll');
    await second.waitFor(/› \/notices poll\n[\s\S]*hikari/u);
    const secondRun = await second.end();
    expect(secondRun.code, secondRun.stderr).toBe(0);

    const all = firstRun.stdout + secondRun.stdout;
    expect(cardsWith(all, 'New contact window for the SOC')).toHaveLength(1);
    expect(cardsWith(all, 'Monthly maintenance on 20 November')).toHaveLength(1);
    const waf = cardsWith(all, 'WAF managed rules updated');
    expect(waf).toHaveLength(2);
    expect(waf[0]).not.toContain('CVE-2026-0001');
    expect(waf[1]).toContain('🔄 Updated: Other — WAF managed rules updated');
    expect(waf[1]).toContain('CVE-2026-0001');
    // The poll after the restart asked only whether anything changed.
    expect(feeds.calls.at(-1)).toMatchObject({ status: 304 });
  });

  it('lets a healthy source through while others fail or hang, and shows those as failing', async () => {
    const feeds = await FeedServer.start();
    emulators.push(feeds);
    feeds.setContent('/hikari.rss', rss([]));
    const hikari = { id: 'hikari', kind: 'rss', url: feeds.urlFor('/hikari.rss'), every: 'PT1H' };
    const setup = sessions.start(['start'], botEnv(configWith([hikari])));
    setup.send('/notices subscribe all --all');
    await setup.waitFor(/SUB-1/u);
    expect((await setup.end()).code).toBe(0);

    // Two more sources are configured: one answers 500, one never answers.
    feeds.setContent('/broken.rss', rss([{ guid: 'b-1', title: 'Never read' }]));
    feeds.fail('/broken.rss', 500);
    feeds.setContent('/slow.rss', rss([{ guid: 's-1', title: 'Never read either' }]));
    feeds.hang('/slow.rss');
    feeds.setContent('/hikari.rss', rss([{ guid: 'h-1', title: 'Portal certificate renewed' }]));
    const config = configWith([
      { id: 'broken', kind: 'rss', url: feeds.urlFor('/broken.rss'), every: 'PT1H' },
      { id: 'slow', kind: 'rss', url: feeds.urlFor('/slow.rss'), every: 'PT1H' },
      hikari,
    ]);
    const bot = sessions.start(['start'], botEnv(config, { TSUNAGI_FEED_TIMEOUT_MS: '8000' }));

    // The first polls at start: the healthy source's notice is posted while the slow source's
    // request is still unanswered (its failure is not recorded yet).
    await bot.waitFor(/🔔[^\n]*\n📢 Other — Portal certificate renewed/u);
    expect(feeds.counts('/slow.rss').hung).toBe(1);
    expect(feedState().slow?.consecutiveFailures ?? 0).toBe(0);
    expect(feedState().hikari).toMatchObject({ consecutiveFailures: 0 });

    // Then the slow source's poll runs out of time, and /notices sources shows both failing.
    await until(() => (feedState().slow?.consecutiveFailures ?? 0) > 0);
    bot.send('/notices sources');
    await bot.waitFor(/› \/notices sources\n[\s\S]*\n\n/u);
    const result = await bot.end();
    expect(result.code, result.stderr).toBe(0);

    const sources = repliesByCommand(result.stdout).get('/notices sources')!;
    expect(sources).toMatch(/broken .*❌ failing/u);
    expect(sources).toMatch(/slow .*❌ failing/u);
    expect(sources).toMatch(/hikari .*✅ ok/u);
    expect(sources).toContain('HTTP 500');
    expect(sources).toContain('did not answer within 8 s');
    expect(cardsWith(result.stdout, 'Portal certificate renewed')).toHaveLength(1);
    expect(result.stdout).not.toContain('Never read');
  });

  it('brings Microsoft 365 messages through Graph paging and a 429, each once', async () => {
    const graph = await GraphEmulator.start();
    emulators.push(graph);
    graph.serverPageSize = 2;
    const config = configWith([{ id: 'm365-messages', kind: 'm365-messages', every: 'PT1H' }]);
    const bot = sessions.start(
      ['start'],
      botEnv(config, {
        GRAPH_BASE_URL: graph.url,
        GRAPH_AUTHORITY_URL: graph.url,
        GRAPH_TENANT_ID: graph.app.tenantId,
        GRAPH_CLIENT_ID: graph.app.clientId,
        GRAPH_CLIENT_SECRET: graph.app.clientSecret,
      }),
    );
    await graph.waitForCall('messages', () => true, 30_000);
    bot.send('/notices subscribe m365-messages --category planForChange --service mail');
    await bot.waitFor(/SUB-1/u);

    for (let n = 1; n <= 5; n += 1) graph.putItem('messages', message(n));
    graph.failNext('messages', { status: 429, retryAfterSeconds: 1 });
    bot.send('/notices poll m365-messages');
    const throttled = await bot.waitFor(/Sources polled\n.*\n {2}m365-messages +0 +0 +0 +❌/u);
    bot.send('/notices poll m365-messages');
    for (let n = 1; n <= 5; n += 1) await bot.waitFor(`Exchange Online change ${n}`, { from: throttled });

    graph.putItem('messages', {
      ...message(3),
      title: 'Exchange Online change 3 (rescheduled)',
      lastModifiedDateTime: '2026-11-21T00:00:00Z',
    });
    graph.putItem('messages', message(6));
    bot.send('/notices poll m365-messages');
    await bot.waitFor('Exchange Online change 6');
    await bot.waitFor('🔄 Updated: Microsoft 365 — Exchange Online change 3 (rescheduled)');
    const result = await bot.end();
    expect(result.code, result.stderr).toBe(0);

    for (const n of [1, 2, 4, 5, 6])
      expect(cardsWith(result.stdout, `Exchange Online change ${n}\n`)).toHaveLength(1);
    expect(cardsWith(result.stdout, 'Exchange Online change 3')).toHaveLength(2);
    // Five messages two to a page took three pages, each once the throttling was over.
    const pages = graph.callsTo('messages').filter((c) => c.status === 200);
    expect(pages.map((c) => c.query.$skip ?? '0')).toEqual(expect.arrayContaining(['0', '2', '4']));
    expect(graph.callsTo('messages').filter((c) => c.status === 429)).toHaveLength(1);
  });
});

/** A Message Center post about Exchange Online, as Graph returns it. */
function message(n: number): GraphItem {
  const day = String(10 + n);
  return {
    id: `MC90000${n}`,
    title: `Exchange Online change ${n}`,
    category: 'planForChange',
    severity: 'normal',
    services: ['Exchange Online'],
    tags: ['Admin impact'],
    isMajorChange: false,
    startDateTime: `2026-11-${day}T00:00:00Z`,
    lastModifiedDateTime: `2026-11-${day}T00:00:00Z`,
    actionRequiredByDateTime: null,
    body: { contentType: 'html', content: `<p>Change ${n} to Exchange Online; review your settings.</p>` },
  };
}
