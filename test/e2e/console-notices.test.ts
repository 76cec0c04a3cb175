// /notices in the console, through the real CLI: a channel subscribes to a source's notices with
// filters, lists and removes its subscriptions, and the rules hold (a provider cannot subscribe,
// the same subscription twice is refused), also after a restart. Then a real feed on 127.0.0.1:
// what it brings is posted to the console channel once and triaged there, also across a restart.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXAMPLE_CONFIG, runCli, script, testEnv } from '../helpers/bot-process.js';
import { botNotices, repliesByCommand } from '../helpers/console-output.js';
import { ConsoleSession } from '../helpers/console-session.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('console: notice subscriptions', () => {
  it('subscribes, lists and unsubscribes a channel, and keeps subscriptions across a restart', async () => {
    const env = testEnv(temp.path, { TSUNAGI_LOCALE: 'en' });
    const subscribe = '/notices subscribe m365-messages --category planForChange --service mail';
    const first = await runCli(['start'], {
      env,
      input: script(
        subscribe,
        '/notices subscribe M365-Messages --service mail --category plan-for-change',
        '/notices subscribe all --tag security --tag retirement --product "Exchange Online"',
        '/notices list',
        '/as clark',
        '/notices subscribe all --all',
        '/as sato',
        '/notices triage m365:MC1 not-relevant --reason "not ours"',
      ),
    });
    expect(first.code, first.stderr).toBe(0);
    const r = repliesByCommand(first.stdout);
    const subscribed = r.get(subscribe)!;
    expect(subscribed).toContain('This channel now subscribes to notices from m365-messages (SUB-1)');
    expect(subscribed).toContain('Filters: service: mail; category: planForChange');
    expect(r.get('/notices subscribe M365-Messages --service mail --category plan-for-change')).toContain(
      'This channel already subscribes with the same filters (SUB-1).',
    );
    const listed = r.get('/notices list')!;
    expect(listed).toContain("This channel's notice subscriptions (2)");
    expect(listed).toMatch(/SUB-1 {2}m365-messages — service: mail; category: planForChange \(Hanako Sato/u);
    expect(listed).toMatch(
      /SUB-2 {2}all sources — product: Exchange Online; kind: 🔒 Security bulletin, ⏳ Retirement/u,
    );
    expect(r.get('/notices subscribe all --all')).toContain(
      'Only people of the customer or an SIer can do this.',
    );
    expect(r.get('/notices triage m365:MC1 not-relevant --reason "not ours"')).toContain(
      'There is no notice "m365:MC1". No notices have arrived yet (/notices sources).',
    );

    const second = await runCli(['start'], {
      env,
      input: script('/notices unsubscribe sub-1', '/notices list', '/notices unsubscribe SUB-1'),
    });
    expect(second.code, second.stderr).toBe(0);
    const s = repliesByCommand(second.stdout);
    expect(s.get('/notices unsubscribe sub-1')).toContain('Subscription SUB-1 (m365-messages) removed.');
    expect(s.get('/notices list')).toContain("This channel's notice subscriptions (1)");
    expect(s.get('/notices list')).not.toContain('SUB-1');
    expect(s.get('/notices unsubscribe SUB-1')).toContain(
      'There is no subscription SUB-1. Subscriptions: SUB-2',
    );
  });
});

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Hikari IS notices</title>
    <link>https://hikari-is.example.co.jp/notices/</link>
    <description>Notices of the SIer</description>
    <item>
      <title>Exchange Online: SMTP AUTH turned off by default</title>
      <link>https://hikari-is.example.co.jp/notices/1.html</link>
      <guid>notice-1</guid>
      <pubDate>Mon, 30 Nov 2026 10:00:00 +0900</pubDate>
      <category>Exchange Online</category>
      <description>Microsoft turns SMTP AUTH off by default for new tenants. We will review the tenant settings.</description>
    </item>
    <item>
      <title>Amazon Braket adds a new quantum device</title>
      <link>https://hikari-is.example.co.jp/notices/2.html</link>
      <guid>notice-2</guid>
      <pubDate>Mon, 30 Nov 2026 11:00:00 +0900</pubDate>
      <category>Amazon Braket</category>
      <description>Nothing for us.</description>
    </item>
  </channel>
</rss>
`;

/** A feed served on 127.0.0.1, as the SIer's notices page would be. */
async function serveFeed(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    response.end(FEED);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notices.rss`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The example organisation with one notice source: the SIer's feed, polled or not. */
function configWithFeed(url: string, enabled: boolean): string {
  const config = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;
  config.notices = {
    sources: [{ id: 'hikari-notices', kind: 'rss', url, provider: 'other', every: 'PT1H', enabled }],
  };
  const file = path.join(temp.path, enabled ? 'tsunagi.yaml' : 'tsunagi-off.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

describe('console: notices arriving and triaged', () => {
  it('posts a fetched notice to the subscribed console channel once, and records its triage', async () => {
    const feed = await serveFeed();
    try {
      const dataDir = path.join(temp.path, 'data');
      // Subscribed while the source is still off, so its first poll is news to the channel.
      const setup = await runCli(['start'], {
        env: testEnv(dataDir, { TSUNAGI_LOCALE: 'en', TSUNAGI_CONFIG: configWithFeed(feed.url, false) }),
        input: script(
          '/notices subscribe hikari-notice',
          '/notices subscribe hikari-notices',
          '/notices sources',
        ),
      });
      expect(setup.code, setup.stderr).toBe(0);
      expect(setup.stdout).toContain(
        'No notice source "hikari-notice" is configured in tsunagi.yaml. Did you mean "hikari-notices"? Configured: hikari-notices',
      );
      expect(setup.stdout).toContain('(SUB-1)');
      expect(setup.stdout).toMatch(/hikari-notices +rss +Other +⏸ disabled/u);

      const env = testEnv(dataDir, { TSUNAGI_LOCALE: 'en', TSUNAGI_CONFIG: configWithFeed(feed.url, true) });
      const bot = new ConsoleSession(['start'], env);
      const card = await bot.waitFor('📢 Other — Exchange Online: SMTP AUTH turned off by default');
      bot.send('/notices recent');
      await bot.waitFor('Recent notices (2)', { from: card });
      bot.send('/notices triage notice-1 review-settings');
      const reviewed = await bot.waitFor('asked for a settings review', { from: card });
      bot.send('/as nakamura', '/notices triage notice-1 open-change');
      const refused = await bot.waitFor("A provider's people cannot triage notices", { from: reviewed });
      bot.send('/as sato', '/notices triage notice-1 not-relevant --reason "not ours"');
      const conflict = await bot.waitFor('cannot be marked not relevant', { from: refused });
      bot.send('/notices triage notice-1 open-change');
      const opened = await bot.waitFor('opened change discussion CHG-1', { from: conflict });
      bot.send('/notices sources');
      await bot.waitFor(/hikari-notices +rss +Other +✅ ok/u, { from: opened });
      const first = await bot.end();
      expect(first.code, first.stderr).toBe(0);

      const out = first.stdout;
      // Only the notice about a product in use (Exchange Online, for the mail service) was posted.
      const printed = botNotices(out);
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain('📢 Other — Exchange Online: SMTP AUTH turned off by default');
      expect(out).not.toContain('📢 Other — Amazon Braket');
      expect(out).toMatch(/Our services +Staff mail \(Microsoft 365\) \(mail\)/u);
      const r = repliesByCommand(out);
      expect(r.get('/notices recent')).toMatch(/Amazon Braket adds a new quantum device/u);
      expect(r.get('/notices triage notice-1 review-settings')).toContain(
        'Staff mail (Microsoft 365) (Accounts and access settings: Hikari IS) → @Ichiro Suzuki (Hikari IS)',
      );
      expect(r.get('/notices triage notice-1 open-change')).toContain(
        'CHG-1 Exchange Online: SMTP AUTH turned off by default',
      );

      // Restarted, polling the same feed: nothing is posted again, and the decisions are still there.
      const again = new ConsoleSession(['start'], env);
      again.send('/notices poll hikari-notices');
      const polled = await again.waitFor(/hikari-notices +0 +0 +2 +✅/u);
      again.send('/notices show notice-1');
      await again.waitFor('✔ change discussion opened: CHG-1', { from: polled });
      const second = await again.end();
      expect(second.code, second.stderr).toBe(0);
      expect(botNotices(second.stdout)).toEqual([]);
      expect(second.stdout).toContain('✔ settings review requested (Hanako Sato (Tsubaki City)');
    } finally {
      await feed.close();
    }
  });
});
