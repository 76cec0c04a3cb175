// The feed server stands in for the hosts behind provider feeds; these tests pin down that it
// behaves as an HTTP/1.1 origin does (validators, 304, Retry-After) and that its controls do what
// the fetcher and poller tests rely on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedServer } from '../emulators/feeds/feed-server.js';

const RSS = (title: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><item><title>${title}</title><guid>1</guid></item></channel></rss>`;

let feeds: FeedServer;

beforeEach(async () => {
  feeds = await FeedServer.start();
});
afterEach(async () => {
  await feeds.stop();
});

describe('feed server', () => {
  it('serves content with ETag and Last-Modified and answers 304 to either validator while unchanged', async () => {
    feeds.setContent('/whats-new.rss', RSS('first'));
    const first = await fetch(feeds.urlFor('/whats-new.rss'));
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(await first.text()).toContain('first');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);

    const byEtag = await fetch(feeds.urlFor('/whats-new.rss'), { headers: { 'If-None-Match': etag } });
    expect(byEtag.status).toBe(304);
    const byDate = await fetch(feeds.urlFor('/whats-new.rss'), {
      headers: { 'If-Modified-Since': lastModified },
    });
    expect(byDate.status).toBe(304);
    // If-None-Match decides when both are sent (RFC 9110 §13.2.2).
    const staleTag = await fetch(feeds.urlFor('/whats-new.rss'), {
      headers: { 'If-None-Match': '"other"', 'If-Modified-Since': lastModified },
    });
    expect(staleTag.status).toBe(200);
    expect(feeds.counts('/whats-new.rss')).toEqual({
      requests: 4,
      ok: 2,
      notModified: 2,
      failed: 0,
      hung: 0,
    });
    expect(feeds.calls[1]).toMatchObject({ path: '/whats-new.rss', status: 304, ifNoneMatch: etag });
  });

  it('gives changed content a new ETag and a later Last-Modified, so old validators get 200', async () => {
    const before = feeds.setContent('/feed.atom', '<feed xmlns="http://www.w3.org/2005/Atom"/>');
    const same = feeds.setContent('/feed.atom', '<feed xmlns="http://www.w3.org/2005/Atom"/>');
    expect(same.etag).toBe(before.etag);
    expect(same.lastModified).toEqual(before.lastModified);

    const after = feeds.setContent(
      '/feed.atom',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
    );
    expect(after.etag).not.toBe(before.etag);
    expect(after.lastModified.getTime()).toBeGreaterThan(before.lastModified.getTime());
    const response = await fetch(feeds.urlFor('/feed.atom'), {
      headers: { 'If-None-Match': before.etag },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const byDate = await fetch(feeds.urlFor('/feed.atom'), {
      headers: { 'If-Modified-Since': before.lastModified.toUTCString() },
    });
    expect(byDate.status).toBe(200);
  });

  it('can leave out validators, as some feed hosts do', async () => {
    feeds.setContent('/plain.xml', RSS('x'), { validators: 'none' });
    const response = await fetch(feeds.urlFor('/plain.xml'), { headers: { 'If-None-Match': '*' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('last-modified')).toBeNull();
  });

  it('serves fixture files from test/fixtures/feeds', async () => {
    const served = await feeds.setFixture('/aws.rss', 'aws-whats-new.rss.xml');
    const text = await (await fetch(feeds.urlFor('/aws.rss'))).text();
    expect(Buffer.from(text)).toEqual(served.body);
    expect(text).toContain('<rss');
  });

  it('fails a given number of times, then serves again', async () => {
    feeds.setContent('/f.rss', RSS('x'));
    feeds.fail('/f.rss', 500, { times: 2 });
    expect((await fetch(feeds.urlFor('/f.rss'))).status).toBe(500);
    expect((await fetch(feeds.urlFor('/f.rss'))).status).toBe(500);
    expect((await fetch(feeds.urlFor('/f.rss'))).status).toBe(200);
    expect(feeds.counts('/f.rss')).toMatchObject({ requests: 3, ok: 1, failed: 2 });
  });

  it('sends Retry-After as seconds for throttling and as an HTTP date when given one, until recovered', async () => {
    feeds.setContent('/f.rss', RSS('x'));
    feeds.throttle('/f.rss', 30);
    for (let i = 0; i < 2; i += 1) {
      const throttled = await fetch(feeds.urlFor('/f.rss'));
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('30');
    }
    const until = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    feeds.fail('/f.rss', 503, { retryAfter: until });
    const unavailable = await fetch(feeds.urlFor('/f.rss'));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('Wed, 02 Jan 2030 03:04:05 GMT');
    feeds.recover('/f.rss');
    expect((await fetch(feeds.urlFor('/f.rss'))).status).toBe(200);
  });

  it('holds requests while hanging and answers them on release', async () => {
    feeds.setContent('/slow.rss', RSS('late'));
    feeds.hang('/slow.rss');
    const pending = fetch(feeds.urlFor('/slow.rss'));
    await feeds.waitForRequest('/slow.rss', (call) => call.status === 'hung');
    expect(feeds.counts('/slow.rss')).toMatchObject({ requests: 1, hung: 1, ok: 0 });
    // Other paths are not held up.
    feeds.setContent('/fast.rss', RSS('fast'));
    expect((await fetch(feeds.urlFor('/fast.rss'))).status).toBe(200);

    feeds.release('/slow.rss');
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('late');
    expect(feeds.counts('/slow.rss')).toMatchObject({ requests: 1, hung: 1, ok: 1 });
  });

  it('stops without waiting for hung requests, which then fail on the client', async () => {
    feeds.setContent('/slow.rss', RSS('never'));
    feeds.hang('/slow.rss');
    const pending = fetch(feeds.urlFor('/slow.rss'));
    await feeds.waitForRequest('/slow.rss', (call) => call.status === 'hung');
    await feeds.stop();
    await expect(pending).rejects.toThrow();
  });

  it('redirects, answers 404 for removed or unknown paths and 405 for other methods', async () => {
    feeds.setContent('/new.rss', RSS('moved'));
    feeds.redirect('/old.rss', '/new.rss', 301);
    const followed = await fetch(feeds.urlFor('/old.rss'));
    expect(followed.url).toBe(feeds.urlFor('/new.rss'));
    expect(await followed.text()).toContain('moved');

    expect((await fetch(feeds.urlFor('/nothing.rss'))).status).toBe(404);
    feeds.remove('/new.rss');
    expect((await fetch(feeds.urlFor('/new.rss'))).status).toBe(404);
    feeds.setContent('/new.rss', RSS('back'));
    expect((await fetch(feeds.urlFor('/new.rss'), { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
