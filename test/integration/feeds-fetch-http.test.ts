// The RSS/Atom fetcher against the local feed server over real HTTP: conditional requests with the
// validators of the previous poll, changed content, failures with their Retry-After hints, hangs cut
// off by the deadline, redirects, the size limit and Japanese encodings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/errors.js';
import { FeedFetchError } from '../../src/sources/feeds/fetch/fetch-error.js';
import { fetchHttpFeed } from '../../src/sources/feeds/fetch/http-feed-fetch.js';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { FeedServer } from '../emulators/feeds/feed-server.js';

const RSS = (title: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Notices</title><item><title>${title}</title><guid>n1</guid></item></channel></rss>`;

let feeds: FeedServer;

beforeEach(async () => {
  feeds = await FeedServer.start();
});
afterEach(async () => {
  await feeds.stop();
});

async function failure(promise: Promise<unknown>): Promise<FeedFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedFetchError);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as FeedFetchError;
}

describe('fetchHttpFeed', () => {
  it('fetches a feed, then gets 304 with the stored validators, then the changed document', async () => {
    await feeds.setFixture('/aws/whats-new.rss', 'aws-whats-new.rss.xml');
    const url = feeds.urlFor('/aws/whats-new.rss');
    const first = await fetchHttpFeed(url, {});
    if (first.kind !== 'ok') throw new Error('expected content');
    expect(first.payloads).toHaveLength(1);
    expect(first.payloads[0]).toContain('<rss');
    expect(first.etag).toBe(feeds.served('/aws/whats-new.rss')!.etag);
    expect(first.lastModified).toBe(feeds.served('/aws/whats-new.rss')!.lastModified.toUTCString());
    expect(feeds.calls[0]!.userAgent).toMatch(/^Tsunagi\//);
    expect(normalise('aws-whats-new', first.payloads[0]!).notices.length).toBeGreaterThan(0);

    const validators = { etag: first.etag!, lastModified: first.lastModified! };
    expect(await fetchHttpFeed(url, validators)).toEqual({ kind: 'not-modified' });
    expect(feeds.calls[1]).toMatchObject({
      status: 304,
      ifNoneMatch: first.etag,
      ifModifiedSince: first.lastModified,
    });

    feeds.setContent('/aws/whats-new.rss', RSS('A new launch'));
    const changed = await fetchHttpFeed(url, validators);
    if (changed.kind !== 'ok') throw new Error('expected content');
    expect(changed.payloads[0]).toContain('A new launch');
    expect(changed.etag).not.toBe(first.etag);
    expect(feeds.counts('/aws/whats-new.rss')).toMatchObject({ ok: 2, notModified: 1 });
  });

  it('uses Last-Modified alone when the host sends no ETag', async () => {
    feeds.setContent('/sier/notices.rss', RSS('maintenance'), { validators: 'last-modified' });
    const url = feeds.urlFor('/sier/notices.rss');
    const first = await fetchHttpFeed(url, {});
    if (first.kind !== 'ok') throw new Error('expected content');
    expect(first.etag).toBeUndefined();
    expect(await fetchHttpFeed(url, { lastModified: first.lastModified! })).toEqual({ kind: 'not-modified' });
  });

  it('reports a 500 as a retryable upstream error without a hint', async () => {
    feeds.setContent('/f.rss', RSS('x'));
    feeds.fail('/f.rss', 500, { times: 1 });
    const error = await failure(fetchHttpFeed(feeds.urlFor('/f.rss'), {}));
    expect(error).toMatchObject({
      status: 500,
      reason: 'http-status',
      retryable: true,
      retryAfterMs: undefined,
    });
    expect(error.userMessage.en).toContain('HTTP 500');
    expect(error.userMessage.ja).toContain('HTTP 500');
    expect(error.upstream).toBe(`${new URL(feeds.url).host}/f.rss`);
    expect((await fetchHttpFeed(feeds.urlFor('/f.rss'), {})).kind).toBe('ok');
  });

  it('surfaces Retry-After from a 429 (seconds) and a 503 (HTTP date) as the retry hint', async () => {
    feeds.setContent('/f.rss', RSS('x'));
    feeds.throttle('/f.rss', 30, 1);
    const throttled = await failure(fetchHttpFeed(feeds.urlFor('/f.rss'), {}));
    expect(throttled).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
    expect(throttled.userMessage.en).toContain('30 s');

    const until = new Date(Date.now() + 120_000);
    feeds.fail('/f.rss', 503, { times: 1, retryAfter: until });
    const unavailable = await failure(fetchHttpFeed(feeds.urlFor('/f.rss'), {}));
    expect(unavailable).toMatchObject({ status: 503, retryable: true });
    expect(unavailable.retryAfterMs).toBeGreaterThan(60_000);
    expect(unavailable.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('gives up on a hanging host at the configured deadline', async () => {
    feeds.setContent('/slow.rss', RSS('slow'));
    feeds.hang('/slow.rss');
    const error = await failure(fetchHttpFeed(feeds.urlFor('/slow.rss'), {}, { timeoutMs: 300 }));
    expect(error).toMatchObject({ reason: 'timeout', retryable: true });
    expect(error.userMessage.en).toContain('did not answer within 1 s');
    expect(feeds.counts('/slow.rss')).toMatchObject({ requests: 1, hung: 1 });
  });

  it('does not hold up another feed while one host hangs', async () => {
    feeds.setContent('/slow.rss', RSS('slow'));
    feeds.setContent('/fast.rss', RSS('fast'));
    feeds.hang('/slow.rss');
    const slow = fetchHttpFeed(feeds.urlFor('/slow.rss'), {});
    await feeds.waitForRequest('/slow.rss', (call) => call.status === 'hung');
    const fast = await fetchHttpFeed(feeds.urlFor('/fast.rss'), {});
    expect(fast.kind === 'ok' && fast.payloads[0]).toContain('fast');
    feeds.release('/slow.rss');
    const late = await slow;
    expect(late.kind === 'ok' && late.payloads[0]).toContain('slow');
  });

  it('rethrows the caller’s own abort reason (the poller stopping) instead of a timeout', async () => {
    feeds.setContent('/slow.rss', RSS('slow'));
    feeds.hang('/slow.rss');
    const controller = new AbortController();
    const pending = fetchHttpFeed(feeds.urlFor('/slow.rss'), {}, { signal: controller.signal });
    await feeds.waitForRequest('/slow.rss', (call) => call.status === 'hung');
    const reason = new Error('stopping');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('follows up to five redirects and refuses a sixth', async () => {
    feeds.setContent('/feed.rss', RSS('moved'));
    for (let hop = 1; hop <= 5; hop += 1)
      feeds.redirect(`/r${hop}`, hop === 5 ? '/feed.rss' : `/r${hop + 1}`, 302);
    const followed = await fetchHttpFeed(feeds.urlFor('/r1'), {});
    expect(followed.kind === 'ok' && followed.payloads[0]).toContain('moved');

    feeds.redirect('/r0', '/r1', 301);
    const error = await failure(fetchHttpFeed(feeds.urlFor('/r0'), {}));
    expect(error).toMatchObject({ reason: 'too-many-redirects', retryable: false });
    expect(feeds.counts('/feed.rss').requests).toBe(1);
  });

  it('refuses a document over the size limit', async () => {
    feeds.setContent('/big.rss', RSS('x'.repeat(5000)));
    const error = await failure(fetchHttpFeed(feeds.urlFor('/big.rss'), {}, { maxBytes: 4096 }));
    expect(error).toMatchObject({ reason: 'too-large', retryable: false, status: 200 });
    expect((await fetchHttpFeed(feeds.urlFor('/big.rss'), {}, { maxBytes: 8192 })).kind).toBe('ok');
  });

  it('reports a missing feed as not retryable and an unreachable host as a network error', async () => {
    const missing = await failure(fetchHttpFeed(feeds.urlFor('/gone.rss'), {}));
    expect(missing).toMatchObject({ status: 404, retryable: false });
    expect(missing.userMessage.en).toContain('tsunagi.yaml');

    const url = feeds.urlFor('/f.rss');
    await feeds.stop();
    const unreachable = await failure(fetchHttpFeed(url, {}));
    expect(unreachable).toMatchObject({ reason: 'network', retryable: true });
    expect(unreachable.userMessage.en).toContain('ECONNREFUSED');
  });

  it('decodes Shift_JIS from the XML declaration and EUC-JP from Content-Type', async () => {
    // メンテナンス in Shift_JIS, declared only in the XML declaration.
    const sjis = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><title>'),
      Buffer.from('838183938365836983938358', 'hex'),
      Buffer.from('</title></channel></rss>'),
    ]);
    feeds.setContent('/sjis.rss', sjis, { contentType: 'application/rss+xml' });
    const fromDeclaration = await fetchHttpFeed(feeds.urlFor('/sjis.rss'), {});
    expect(fromDeclaration.kind === 'ok' && fromDeclaration.payloads[0]).toContain(
      '<title>メンテナンス</title>',
    );

    // 日本 in EUC-JP.
    const euc = Buffer.concat([
      Buffer.from('<rss><channel><title>'),
      Buffer.from([0xc6, 0xfc, 0xcb, 0xdc]),
      Buffer.from('</title></channel></rss>'),
    ]);
    feeds.setContent('/euc.rss', euc, { contentType: 'application/rss+xml; charset=EUC-JP' });
    const decoded = await fetchHttpFeed(feeds.urlFor('/euc.rss'), {});
    expect(decoded.kind === 'ok' && decoded.payloads[0]).toContain('<title>日本</title>');
  });
});
