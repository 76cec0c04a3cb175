// The notice pollers against local stand-ins of the providers (a feed server, Microsoft Graph, AWS
// Health), over real files: conditional requests, validators kept only once notices are recorded,
// back-off that honours Retry-After, sources that fail or hang without holding back the others, and
// sources that cannot work without an administrator reported once instead of retried.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeSourceEnvironment } from '../../src/config/notice-source-env.js';
import { readEnvironment } from '../../src/config/environment.js';
import { DomainEvents } from '../../src/core/domain-events.js';
import { changeProjection } from '../../src/core/notices/change-projection.js';
import { noticeProjection } from '../../src/core/notices/notice-projection.js';
import { NoticeService } from '../../src/core/notices/notice-service.js';
import type { NoticeSourceSettings } from '../../src/core/parties/model.js';
import { FEEDS_STATE_FILE, FeedStateStore } from '../../src/sources/feeds/feed-state-store.js';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { NoticePoller } from '../../src/sources/feeds/poller.js';
import { SourceFetchers } from '../../src/sources/feeds/source-fetchers.js';
import { FileRepository } from '../../src/store/file-repository.js';
import { AwsHealthEmulator } from '../emulators/aws-health/aws-health-emulator.js';
import { FeedServer } from '../emulators/feeds/feed-server.js';
import { GraphEmulator } from '../emulators/graph/graph-emulator.js';
import { exampleDirectory } from '../helpers/core-fixture.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MINUTE = 60_000;

function rss(items: readonly { guid: string; title: string; body?: string }[]): string {
  const entries = items
    .map(
      (item) => `    <item>
      <title>${item.title}</title>
      <link>https://support.hikari.example.jp/notices/${item.guid}.html</link>
      <guid isPermaLink="false">${item.guid}</guid>
      <pubDate>Mon, 16 Nov 2026 10:00:00 +0900</pubDate>
      <category>AWS WAF</category>
      <description>${item.body ?? `${item.title}: details`}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Hikari IS notices</title>
    <link>https://support.hikari.example.jp/notices/</link>
    <description>Notices to customers</description>
${entries}
  </channel>
</rss>`;
}

function feedSource(
  id: string,
  url: string,
  extra: Partial<NoticeSourceSettings> = {},
): NoticeSourceSettings {
  return {
    id,
    kind: 'rss',
    name: { ja: id, en: id },
    url,
    every: 'PT15M',
    everyMs: 15 * MINUTE,
    provider: 'other',
    enabled: true,
    ...extra,
  };
}

let temp: ReturnType<typeof makeTempDir>;
let clock: number;
const closers: (() => Promise<void>)[] = [];
beforeEach(() => {
  temp = makeTempDir();
  clock = Date.parse('2026-11-23T01:00:00Z');
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  temp.cleanup();
});

/** The bot's storage, NoticeService and pollers, as main.ts builds them; `env` as the process has it. */
async function openPoller(sources: readonly NoticeSourceSettings[], env: Record<string, string> = {}) {
  const now = (): Date => new Date(clock);
  const directory = exampleDirectory();
  const repository = await FileRepository.open({
    dataDir: temp.path,
    projections: [noticeProjection, changeProjection],
    logger: silentLogger,
    now,
  });
  const events = new DomainEvents((error) => {
    throw error;
  });
  const notices = new NoticeService(repository, directory, events, now, 'Asia/Tokyo');
  const fetchers = new SourceFetchers(noticeSourceEnvironment(readEnvironment(env).env));
  const poller = new NoticePoller({
    sources,
    store: await FeedStateStore.open(temp.path),
    fetcherFor: (source) => fetchers.fetcherFor(source),
    normalise: (source, payload) =>
      normalise(source.kind, payload as string, {
        ...(source.provider ? { provider: source.provider } : {}),
        ...(source.product ? { product: source.product } : {}),
      }),
    ingest: (id, found) => notices.ingest(id, found),
    logger: silentLogger,
    now,
    timeoutMs: Number(env.TSUNAGI_FEED_TIMEOUT_MS ?? 5000),
  });
  const close = async (): Promise<void> => {
    await poller.stop();
    fetchers.close();
    await repository.close();
  };
  closers.push(close);
  return { poller, notices, repository, close };
}

const health = (poller: NoticePoller, id: string) => poller.list().find((s) => s.id === id)!;

describe('polling a feed', () => {
  it('asks only for what changed and records each item once, an edited one once more as an update', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent(
      '/hikari.rss',
      rss([
        { guid: 'n-1', title: 'WAF rules updated' },
        { guid: 'n-2', title: 'Maintenance' },
      ]),
    );
    const { poller } = await openPoller([feedSource('hikari', feeds.urlFor('/hikari.rss'))]);

    expect(await poller.pollNow('hikari')).toEqual([{ id: 'hikari', new: 2, updated: 0, unchanged: 0 }]);
    expect(await poller.pollNow('hikari')).toEqual([{ id: 'hikari', new: 0, updated: 0, unchanged: 0 }]);
    const served = feeds.served('/hikari.rss')!;
    expect(feeds.calls.at(-1)).toMatchObject({ status: 304, ifNoneMatch: served.etag });

    feeds.setContent(
      '/hikari.rss',
      rss([
        { guid: 'n-1', title: 'WAF rules updated', body: 'Now also covers CVE-2026-0001.' },
        { guid: 'n-2', title: 'Maintenance' },
        { guid: 'n-3', title: 'New notice' },
      ]),
    );
    expect(await poller.pollNow('hikari')).toEqual([{ id: 'hikari', new: 1, updated: 1, unchanged: 1 }]);
    expect(health(poller, 'hikari')).toMatchObject({
      state: 'ok',
      consecutiveFailures: 0,
      lastSuccess: new Date(clock).toISOString(),
      nextPoll: new Date(clock + 15 * MINUTE).toISOString(),
    });
    const state = JSON.parse(readFileSync(path.join(temp.path, FEEDS_STATE_FILE), 'utf8'));
    expect(state.sources.hikari).toMatchObject({ etag: feeds.served('/hikari.rss')!.etag });
  });

  it('polls on schedule when the interval has passed, and after a failure when the back-off has', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent('/hikari.rss', rss([{ guid: 'n-1', title: 'One' }]));
    const { poller } = await openPoller([feedSource('hikari', feeds.urlFor('/hikari.rss'))]);
    poller.start();
    await poller.idle();
    expect(feeds.counts('/hikari.rss').requests).toBe(1);

    poller.tick(new Date(clock + 14 * MINUTE));
    await poller.idle();
    expect(feeds.counts('/hikari.rss').requests).toBe(1);
    clock += 15 * MINUTE;
    feeds.fail('/hikari.rss', 503, { times: 1 });
    poller.tick(new Date(clock));
    await poller.idle();
    expect(feeds.counts('/hikari.rss')).toMatchObject({ requests: 2, failed: 1 });

    // The first back-off is a minute or a little more (jitter), never the whole interval.
    poller.tick(new Date(clock + 30_000));
    await poller.idle();
    expect(feeds.counts('/hikari.rss').requests).toBe(2);
    poller.tick(new Date(clock + 76_000));
    await poller.idle();
    expect(feeds.counts('/hikari.rss')).toMatchObject({ requests: 3, notModified: 1 });
  });

  it('fetches everything again when the validators were not stored (a crash after recording), and records nothing twice', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent(
      '/hikari.rss',
      rss([
        { guid: 'n-1', title: 'One' },
        { guid: 'n-2', title: 'Two' },
      ]),
    );
    const source = feedSource('hikari', feeds.urlFor('/hikari.rss'));
    const first = await openPoller([source]);
    expect(await first.poller.pollNow()).toEqual([{ id: 'hikari', new: 2, updated: 0, unchanged: 0 }]);
    await first.close();
    closers.pop();

    // As if the process died after NoticeService recorded the notices but before the validators were written.
    rmSync(path.join(temp.path, FEEDS_STATE_FILE));
    const second = await openPoller([source]);
    expect(await second.poller.pollNow()).toEqual([{ id: 'hikari', new: 0, updated: 0, unchanged: 2 }]);
    expect(feeds.calls.at(-1)!.status).toBe(200);
    expect(feeds.calls.at(-1)!.ifNoneMatch).toBeUndefined();
    expect(
      second.notices
        .recent()
        .map((n) => n.title)
        .sort(),
    ).toEqual(['One', 'Two']);
  });

  it('starts afresh from a damaged state file, setting it aside, without recording anything twice', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent('/hikari.rss', rss([{ guid: 'n-1', title: 'One' }]));
    const source = feedSource('hikari', feeds.urlFor('/hikari.rss'));
    const first = await openPoller([source]);
    await first.poller.pollNow();
    await first.close();
    closers.pop();

    writeFileSync(path.join(temp.path, FEEDS_STATE_FILE), '{"version": 1, "sources": {"hikari": {"etag"');
    const second = await openPoller([source]);
    expect(await second.poller.pollNow()).toEqual([{ id: 'hikari', new: 0, updated: 0, unchanged: 1 }]);
    expect(readdirSync(temp.path).filter((f) => f.startsWith(`${FEEDS_STATE_FILE}.damaged-`))).toHaveLength(
      1,
    );
  });

  it('backs off after failures, no sooner than Retry-After, and recovers on the next success', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent('/hikari.rss', rss([{ guid: 'n-1', title: 'One' }]));
    feeds.throttle('/hikari.rss', 7200, 1);
    const { poller } = await openPoller([feedSource('hikari', feeds.urlFor('/hikari.rss'))]);

    const [throttled] = await poller.pollNow('hikari');
    expect(throttled!.error?.en).toContain('HTTP 429');
    const failing = health(poller, 'hikari');
    expect(failing).toMatchObject({ state: 'failing', consecutiveFailures: 1 });
    expect(failing.lastError?.ja).toContain('7200 秒後以降に再試行');
    expect(Date.parse(failing.nextPoll!)).toBeGreaterThanOrEqual(clock + 7200_000);

    feeds.fail('/hikari.rss', 503, { times: 1 });
    await poller.pollNow('hikari');
    expect(health(poller, 'hikari')).toMatchObject({ state: 'failing', consecutiveFailures: 2 });

    expect(await poller.pollNow('hikari')).toEqual([{ id: 'hikari', new: 1, updated: 0, unchanged: 0 }]);
    expect(health(poller, 'hikari')).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    expect(health(poller, 'hikari').lastError).toBeUndefined();
  });

  it('lets a healthy source through while another hangs, then reports the hanging one as timed out', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent('/slow.rss', rss([{ guid: 's-1', title: 'Slow' }]));
    feeds.hang('/slow.rss');
    feeds.setContent('/fast.rss', rss([{ guid: 'f-1', title: 'Fast' }]));
    const { poller, notices } = await openPoller(
      [feedSource('slow', feeds.urlFor('/slow.rss')), feedSource('fast', feeds.urlFor('/fast.rss'))],
      { TSUNAGI_FEED_TIMEOUT_MS: '1500' },
    );

    const all = poller.pollNow();
    await feeds.waitForRequest('/slow.rss');
    // While the slow source's request is held, the fast one has been polled and its notice recorded
    // (a poll asked for now waits for the one under way, then finds nothing new).
    expect(await poller.pollNow('fast')).toEqual([{ id: 'fast', new: 0, updated: 0, unchanged: 0 }]);
    expect(notices.recent().map((n) => n.title)).toEqual(['Fast']);
    expect(feeds.counts('/slow.rss')).toMatchObject({ ok: 0, hung: 1 });

    const summaries = await all;
    expect(summaries.find((s) => s.id === 'slow')!.error?.en).toMatch(
      /did not answer within 2 s|No answer within/u,
    );
    expect(health(poller, 'slow')).toMatchObject({ state: 'failing', consecutiveFailures: 1 });
    expect(health(poller, 'fast')).toMatchObject({ state: 'ok' });
  });

  it('stops at once with a request in flight', async () => {
    const feeds = await FeedServer.start();
    closers.push(() => feeds.stop());
    feeds.setContent('/slow.rss', rss([]));
    feeds.hang('/slow.rss');
    const { poller, close } = await openPoller([feedSource('slow', feeds.urlFor('/slow.rss'))], {
      TSUNAGI_FEED_TIMEOUT_MS: '600000',
    });
    poller.start();
    await feeds.waitForRequest('/slow.rss');
    await close();
    closers.pop();
    // Stopping is not the source's fault: nothing is recorded against it.
    expect((await FeedStateStore.open(temp.path)).get('slow')).toEqual({ consecutiveFailures: 0 });
  });
});

describe('sources that need an administrator', () => {
  it('shows a Microsoft 365 source without Graph credentials as disabled, saying what to set', async () => {
    const { poller } = await openPoller([
      { ...feedSource('m365', ''), kind: 'm365-messages', url: undefined },
      { ...feedSource('off', 'https://example.org/feed.rss'), enabled: false },
    ]);
    expect(poller.hasActiveSources).toBe(false);
    const [m365, off] = poller.list();
    expect(m365).toMatchObject({ state: 'disabled', provider: 'microsoft-365' });
    expect(m365!.lastError!.en).toContain('GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET');
    expect(off).toMatchObject({ state: 'disabled' });
    expect((await poller.pollNow('off'))[0]!.error?.en).toContain('enabled: false');
    expect((await poller.pollNow('m365'))[0]!.error?.en).toContain('GRAPH_CLIENT_SECRET');
    await expect(poller.pollNow('nope')).rejects.toThrow(/no source "nope".*Configured: m365, off/u);
  });

  it('reports a missing AWS support plan once and does not retry it on schedule', async () => {
    const healthApi = await AwsHealthEmulator.start();
    closers.push(() => healthApi.stop());
    healthApi.requireSubscription();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_HEALTH: healthApi.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATED000001',
      AWS_SECRET_ACCESS_KEY: 'emulated-secret-access-key',
    });
    closers.push(() => {
      process.env = saved;
      return Promise.resolve();
    });
    const source = { ...feedSource('health', ''), kind: 'aws-health', url: undefined, region: 'us-east-1' };
    const { poller } = await openPoller([source as NoticeSourceSettings]);

    const [summary] = await poller.pollNow('health');
    expect(summary!.error?.en).toContain('support plan');
    expect(health(poller, 'health')).toMatchObject({ state: 'disabled' });
    expect(health(poller, 'health').lastError?.ja).toContain('サポートプラン');
    const calls = healthApi.calls.length;
    // The schedule's tick finds nothing due: the source waits for an administrator.
    clock += 2 * 3_600_000;
    poller.start();
    await poller.idle();
    expect(healthApi.calls.length).toBe(calls);
  });
});

describe('Microsoft 365 through Graph', () => {
  it('pages through the messages, rides out a 429 and records every message once', async () => {
    const graph = await GraphEmulator.start();
    closers.push(() => graph.stop());
    graph.serverPageSize = 2;
    const message = (n: number, title = `Message ${n}`) => ({
      id: `MC90000${n}`,
      title,
      category: 'planForChange',
      severity: 'normal',
      services: ['Exchange Online'],
      tags: [],
      isMajorChange: false,
      startDateTime: `2026-11-1${n}T00:00:00Z`,
      lastModifiedDateTime: `2026-11-1${n}T00:00:00Z`,
      body: { contentType: 'html', content: `<p>${title}: what changes.</p>` },
    });
    for (let n = 1; n <= 5; n += 1) graph.putItem('messages', message(n));
    const env = {
      GRAPH_BASE_URL: graph.url,
      GRAPH_AUTHORITY_URL: graph.url,
      GRAPH_TENANT_ID: graph.app.tenantId,
      GRAPH_CLIENT_ID: graph.app.clientId,
      GRAPH_CLIENT_SECRET: graph.app.clientSecret,
    };
    const source = {
      ...feedSource('m365', ''),
      kind: 'm365-messages',
      url: undefined,
    } as NoticeSourceSettings;
    const { poller } = await openPoller([source], env);

    expect(await poller.pollNow('m365')).toEqual([{ id: 'm365', new: 5, updated: 0, unchanged: 0 }]);
    expect(graph.callsTo('messages').length).toBe(3);

    graph.putItem('messages', message(6));
    graph.putItem('messages', {
      ...message(2, 'Message 2, revised'),
      lastModifiedDateTime: '2026-11-20T00:00:00Z',
    });
    graph.failNext('messages', { status: 429, retryAfterSeconds: 120 });
    const [throttled] = await poller.pollNow('m365');
    expect(throttled!.error?.en).toContain('429');
    expect(Date.parse(health(poller, 'm365').nextPoll!)).toBeGreaterThanOrEqual(clock + 120_000);

    expect(await poller.pollNow('m365')).toEqual([
      { id: 'm365', new: 1, updated: 1, unchanged: expect.any(Number) },
    ]);
    // Only what changed since the newest message seen was asked for.
    expect(graph.callsTo('messages').at(-1)!.query.$filter).toContain(
      'lastModifiedDateTime ge 2026-11-15T00:00:00.000Z',
    );
    expect(await poller.pollNow('m365')).toEqual([
      { id: 'm365', new: 0, updated: 0, unchanged: expect.any(Number) },
    ]);
  });
});
