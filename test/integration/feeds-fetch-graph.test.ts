// The Microsoft 365 fetcher, with the real @microsoft/microsoft-graph-client, against the local
// Graph emulator: client-credentials tokens (cached, renewed when refused), paging through
// @odata.nextLink, the cursor filter, throttling with Retry-After, hangs and bad credentials.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { FeedFetchError } from '../../src/sources/feeds/fetch/fetch-error.js';
import { GraphNoticeFetcher, type GraphFetcherOptions } from '../../src/sources/feeds/fetch/graph-fetch.js';
import {
  ClientCredentialsTokenProvider,
  GraphCredentialsError,
} from '../../src/sources/feeds/fetch/graph-token.js';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { GraphEmulator, type GraphItem } from '../emulators/graph/graph-emulator.js';

let graph: GraphEmulator;

function options(overrides: Partial<GraphFetcherOptions> = {}): GraphFetcherOptions {
  return { credentials: graph.app, baseUrl: graph.url, authorityUrl: graph.url, ...overrides };
}

function message(n: number, lastModifiedDateTime: string): GraphItem {
  return {
    id: `MC90000${n}`,
    title: `(Updated) Exchange Online change ${n}`,
    category: 'planForChange',
    severity: 'normal',
    services: ['Exchange Online'],
    isMajorChange: n === 1,
    startDateTime: '2025-04-01T00:00:00Z',
    actionRequiredByDateTime: '2025-07-01T00:00:00Z',
    lastModifiedDateTime,
    body: { contentType: 'html', content: `<p>Change ${n}</p>` },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

beforeEach(async () => {
  graph = await GraphEmulator.start();
});
afterEach(async () => {
  await graph.stop();
});

describe('GraphNoticeFetcher', () => {
  it('gets a token once and returns one raw page per payload, following @odata.nextLink', async () => {
    for (let n = 1; n <= 5; n += 1) graph.putItem('messages', message(n, `2025-03-0${n}T09:00:00Z`));
    const fetcher = new GraphNoticeFetcher(options({ pageSize: 2 }));
    const result = await fetcher.fetch('messages', undefined);
    if (result.kind !== 'ok') throw new Error('expected messages');
    expect(result.payloads).toHaveLength(3);
    const pages = result.payloads.map(
      (p) => JSON.parse(p) as { value: GraphItem[]; '@odata.nextLink'?: string },
    );
    expect(pages.map((p) => p.value.map((m) => m.id))).toEqual([
      ['MC900005', 'MC900004'],
      ['MC900003', 'MC900002'],
      ['MC900001'],
    ]);
    expect(pages[0]!['@odata.nextLink']).toContain('$skip=2');
    expect(result.cursor).toBe('2025-03-05T09:00:00.000Z');

    expect(graph.callsTo('token')).toHaveLength(1);
    const calls = graph.callsTo('messages');
    expect(calls.map((c) => c.query.$skip)).toEqual([undefined, '2', '4']);
    expect(calls.every((c) => c.token !== undefined && c.status === 200)).toBe(true);
    expect(calls[0]!.query).toEqual({ $top: '2' });

    await fetcher.fetch('messages', result.cursor);
    expect(graph.callsTo('token')).toHaveLength(1);
  });

  it('returns pages the m365-messages parser reads, every message once across the pages', async () => {
    for (let n = 1; n <= 3; n += 1) graph.putItem('messages', message(n, `2025-03-0${n}T09:00:00Z`));
    const result = await new GraphNoticeFetcher(options({ pageSize: 2 })).fetch('messages', undefined);
    if (result.kind !== 'ok') throw new Error('expected messages');
    const ids = result.payloads.flatMap((page) => normalise('m365-messages', page).notices.map((n) => n.id));
    expect(ids.sort()).toEqual(['m365:MC900001', 'm365:MC900002', 'm365:MC900003']);
  });

  it('filters by the cursor and moves it on when a message is updated', async () => {
    graph.putItem('messages', message(1, '2025-03-01T09:00:00Z'));
    graph.putItem('messages', message(2, '2025-03-02T09:00:00Z'));
    const fetcher = new GraphNoticeFetcher(options());
    const first = await fetcher.fetch('messages', undefined);
    if (first.kind !== 'ok') throw new Error('expected messages');

    graph.putItem('messages', { ...message(1, '2025-03-04T10:30:00.123Z'), title: 'Rescheduled' });
    const next = await fetcher.fetch('messages', first.cursor);
    expect(graph.callsTo('messages').at(-1)!.query.$filter).toBe(
      'lastModifiedDateTime ge 2025-03-02T09:00:00.000Z',
    );
    if (next.kind !== 'ok') throw new Error('expected the update');
    const ids = next.payloads.flatMap((p) =>
      (JSON.parse(p) as { value: GraphItem[] }).value.map((m) => `${m.id} ${String(m.title)}`),
    );
    // The message at the cursor itself comes again; the updated one arrives with its new title.
    expect(ids).toEqual(['MC900001 Rescheduled', 'MC900002 (Updated) Exchange Online change 2']);
    expect(next.cursor).toBe('2025-03-04T10:30:00.123Z');

    expect(await fetcher.fetch('messages', '2025-04-01T00:00:00Z')).toEqual({ kind: 'not-modified' });
  });

  it('reads service health issues the same way', async () => {
    graph.putItem('issues', {
      id: 'EX512345',
      title: 'Users may be unable to send mail',
      service: 'Exchange Online',
      classification: 'incident',
      isResolved: false,
      lastModifiedDateTime: '2025-03-03T01:02:03Z',
      posts: [],
    });
    const result = await new GraphNoticeFetcher(options()).fetch('issues', undefined);
    expect(result.kind === 'ok' && JSON.parse(result.payloads[0]!)).toMatchObject({
      value: [{ id: 'EX512345' }],
    });
    expect(graph.callsTo('issues')).toHaveLength(1);
  });

  it('surfaces 429 with its Retry-After as the hint, and 503 as retryable, without retrying inside the poll', async () => {
    graph.putItem('messages', message(1, '2025-03-01T09:00:00Z'));
    const fetcher = new GraphNoticeFetcher(options());
    graph.failNext('messages', { status: 429, retryAfterSeconds: 7 });
    const throttled = await rejection(fetcher.fetch('messages', undefined));
    expect(throttled).toBeInstanceOf(FeedFetchError);
    expect(throttled).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
      upstream: 'Microsoft Graph',
    });
    expect((throttled as FeedFetchError).userMessage.en).toContain('TooManyRequests');

    graph.failNext('messages', { status: 503 });
    expect(await rejection(fetcher.fetch('messages', undefined))).toMatchObject({
      status: 503,
      retryable: true,
    });
    expect(graph.callsTo('messages')).toHaveLength(2);
    expect((await fetcher.fetch('messages', undefined)).kind).toBe('ok');
  });

  it('renews a token Graph refuses and tries the request once more', async () => {
    graph.putItem('messages', message(1, '2025-03-01T09:00:00Z'));
    const fetcher = new GraphNoticeFetcher(options());
    await fetcher.fetch('messages', undefined);
    graph.expireTokens();
    expect((await fetcher.fetch('messages', undefined)).kind).toBe('ok');
    expect(graph.callsTo('token')).toHaveLength(2);
    expect(graph.callsTo('messages').map((c) => c.status)).toEqual([200, 401, 200]);
  });

  it('reports wrong credentials as a configuration error that never shows the secret', async () => {
    const secret = 'wrong-secret-value-1234';
    const fetcher = new GraphNoticeFetcher(options({ credentials: { ...graph.app, clientSecret: secret } }));
    const error = await rejection(fetcher.fetch('messages', undefined));
    expect(error).toBeInstanceOf(GraphCredentialsError);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).userMessage;
    expect(message.en).toContain('invalid_client: AADSTS7000215');
    expect(message.ja).toContain('GRAPH_CLIENT_SECRET');
    expect(JSON.stringify(message)).not.toContain(secret);
    expect(graph.callsTo('messages')).toHaveLength(0);
  });

  it('gives up on a hanging Graph at the configured deadline', async () => {
    graph.failNext('messages', { hang: true });
    const error = await rejection(
      new GraphNoticeFetcher(options({ timeoutMs: 300 })).fetch('messages', undefined),
    );
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error).toMatchObject({ reason: 'timeout', retryable: true });
  });

  it('refuses to follow a next link to another host, so the token never leaves Graph', async () => {
    graph.addRoute({
      name: 'messages',
      method: 'GET',
      path: /^\/v1\.0\/admin\/serviceAnnouncement\/messages$/,
      authenticated: true,
      handle: () => ({
        status: 200,
        body: {
          value: [message(1, '2025-03-01T09:00:00Z')],
          '@odata.nextLink': 'https://elsewhere.example/v1.0/x',
        },
      }),
    });
    const error = await rejection(new GraphNoticeFetcher(options()).fetch('messages', undefined));
    expect(error).toMatchObject({ reason: 'invalid-response' });
  });
});

describe('ClientCredentialsTokenProvider', () => {
  it('caches the token until five minutes before it expires', async () => {
    let now = Date.parse('2025-03-01T00:00:00Z');
    const tokens = new ClientCredentialsTokenProvider(graph.app, { authorityUrl: graph.url, now: () => now });
    const first = await tokens.getAccessToken();
    now += 3599_000 - 5 * 60_000 - 1;
    expect(await tokens.getAccessToken()).toBe(first);
    now += 1;
    expect(await tokens.getAccessToken()).not.toBe(first);
    expect(graph.callsTo('token')).toHaveLength(2);
  });

  it('shares one request between concurrent callers', async () => {
    const tokens = new ClientCredentialsTokenProvider(graph.app, { authorityUrl: graph.url });
    const [a, b] = await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()]);
    expect(a).toBe(b);
    expect(graph.callsTo('token')).toHaveLength(1);
  });
});
