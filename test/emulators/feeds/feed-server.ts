// A local stand-in for the web servers behind provider feeds (AWS What's New, Google Cloud release
// notes, Azure Updates, an SIer's own RSS): serves feed documents by path with ETag and
// Last-Modified, answers conditional requests with 304, and on demand fails, throttles or hangs, so
// the fetcher and the poller can be tested against the behaviours real feed hosts show.
//
// Usage:
//   const feeds = await FeedServer.start();
//   feeds.setContent('/aws/whats-new.rss', rssText);            // or await feeds.setFixture(path, file)
//   await fetchHttpFeed(feeds.urlFor('/aws/whats-new.rss'), {});
//   feeds.throttle('/aws/whats-new.rss', 30);                    // 429, Retry-After: 30
//   feeds.hang('/aws/whats-new.rss');                            // accepted, never answered
//   await feeds.stop();
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog } from '../call-log.js';
import { LoopbackServer } from '../loopback-server.js';
import { FeedPaths, type FeedCounts, type FeedPathState, type ServedFeed } from './feed-paths.js';
import { header, respond } from './feed-responses.js';

export type { FeedCounts, ServedFeed } from './feed-paths.js';

/** Where F1's fixture feeds live: test/fixtures/feeds/. */
export const FEED_FIXTURES_DIR = new URL('../../fixtures/feeds/', import.meta.url);

export interface RecordedFeedRequest {
  /** The path requested, without the query string. */
  path: string;
  method: string;
  /** The status answered, or 'hung' while the request was held. */
  status: number | 'hung';
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  userAgent?: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface ContentOptions {
  /** Default from the path's extension: .rss → application/rss+xml, .atom → application/atom+xml. */
  contentType?: string;
  /** Which validators to send; real feed hosts differ. Default both. */
  validators?: 'both' | 'etag' | 'last-modified' | 'none';
  /** The Last-Modified time; default now, and always at least a second after the previous content's. */
  lastModified?: Date;
}

export interface FailOptions {
  /** How many requests fail; default every request until recover(). */
  times?: number;
  /** Retry-After: seconds, or a Date sent as an HTTP date. */
  retryAfter?: number | Date;
}

function defaultContentType(path: string): string {
  if (path.endsWith('.rss') || path.endsWith('.rss.xml')) return 'application/rss+xml; charset=utf-8';
  if (path.endsWith('.atom') || path.endsWith('.atom.xml')) return 'application/atom+xml; charset=utf-8';
  return 'application/xml; charset=utf-8';
}

export class FeedServer {
  private readonly paths = new FeedPaths();
  private readonly log = new CallLog<RecordedFeedRequest, string, never>(
    (call) => call.path,
    (call) => `${call.method} ${call.path} (${call.status})`,
    'feed server',
  );

  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<FeedServer> {
    // The server exists before the emulator that answers its requests.
    const ref: { current?: FeedServer } = {};
    const server = await LoopbackServer.start('Feed server', (request, response) =>
      ref.current!.handle(request, response),
    );
    const emulator = new FeedServer(server);
    ref.current = emulator;
    return emulator;
  }

  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  get url(): string {
    return this.server.url;
  }

  urlFor(path: string): string {
    return `${this.server.url}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** Every request in arrival order. */
  get calls(): readonly RecordedFeedRequest[] {
    return this.log.calls;
  }

  /** Serves `body` at `path`. New content gets a new ETag and a later Last-Modified. */
  setContent(path: string, body: string | Uint8Array, options: ContentOptions = {}): ServedFeed {
    const state = this.paths.get(path);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
    const unchanged = state.feed !== undefined && state.feed.body.equals(bytes);
    // Whole seconds, as HTTP dates carry them; strictly later than before so If-Modified-Since sees the change.
    let lastModified = new Date(Math.floor((options.lastModified ?? new Date()).getTime() / 1000) * 1000);
    if (state.feed && !unchanged && lastModified <= state.feed.lastModified) {
      lastModified = new Date(state.feed.lastModified.getTime() + 1000);
    }
    if (unchanged && options.lastModified === undefined) lastModified = state.feed!.lastModified;
    state.feed = {
      body: bytes,
      contentType: options.contentType ?? defaultContentType(path),
      etag: `"${hash}"`,
      lastModified,
      validators: options.validators ?? 'both',
    };
    return state.feed;
  }

  /** Serves a file from test/fixtures/feeds/ at `path`. */
  async setFixture(path: string, file: string, options: ContentOptions = {}): Promise<ServedFeed> {
    return this.setContent(path, await readFile(new URL(file, FEED_FIXTURES_DIR)), options);
  }

  /** What is served at `path` now, if anything. */
  served(path: string): ServedFeed | undefined {
    return this.paths.get(path).feed;
  }

  /** Stops serving `path`: it answers 404 (a feed that moved away or was withdrawn). */
  remove(path: string): void {
    delete this.paths.get(path).feed;
  }

  /** Answers `path` with a redirect to `location` (absolute, or a path on this server). */
  redirect(path: string, location: string, status: 301 | 302 | 307 | 308 = 301): void {
    this.paths.get(path).redirect = { status, location };
  }

  /** Makes requests to `path` fail with `status` (e.g. 500, or 503 with a Retry-After). */
  fail(path: string, status: number, options: FailOptions = {}): void {
    this.paths.get(path).failure = {
      status,
      remaining: options.times ?? Infinity,
      retryAfter: options.retryAfter,
    };
  }

  /** Makes requests to `path` answer 429 Too Many Requests with `Retry-After: seconds`. */
  throttle(path: string, retryAfterSeconds: number, times?: number): void {
    this.fail(path, 429, { retryAfter: retryAfterSeconds, ...(times !== undefined && { times }) });
  }

  /** Accepts requests to `path` and never answers them, until release(path) or stop(). */
  hang(path: string): void {
    this.paths.get(path).hanging = true;
  }

  /** Stops hanging and answers the held requests as a healthy server would now. */
  release(path: string): void {
    const state = this.paths.get(path);
    state.hanging = false;
    for (const held of state.held.splice(0)) this.answer(state, held.request, held.response);
  }

  /** Ends failures, throttling and hanging on `path` (held requests are answered). */
  recover(path: string): void {
    delete this.paths.get(path).failure;
    this.release(path);
  }

  /** Requests to `path` by outcome. */
  counts(path: string): FeedCounts {
    return { ...this.paths.get(path).counts };
  }

  /** The first request to `path` satisfying `predicate`, already made or still to come. */
  waitForRequest(
    path: string,
    predicate: (call: RecordedFeedRequest) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedFeedRequest> {
    return this.log.waitFor(path, predicate, timeoutMs);
  }

  /** Stops at once, cutting held requests and keep-alive connections. */
  async stop(): Promise<void> {
    this.log.close();
    await this.server.stop();
  }

  private handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.server.url).pathname;
    const state = this.paths.get(path);
    state.counts.requests += 1;
    if (state.hanging) {
      state.counts.hung += 1;
      state.held.push({ request, response });
      this.server.hold(response);
      this.log.record(this.describe(request, path, 'hung'));
      return Promise.resolve();
    }
    this.answer(state, request, response);
    return Promise.resolve();
  }

  private answer(state: FeedPathState, request: IncomingMessage, response: ServerResponse): void {
    const status = respond(state, request, response);
    if (status === 304) state.counts.notModified += 1;
    else if (status >= 200 && status < 300) state.counts.ok += 1;
    else if (status >= 400) state.counts.failed += 1;
    this.log.record(this.describe(request, state.path, status));
  }

  private describe(request: IncomingMessage, path: string, status: number | 'hung'): RecordedFeedRequest {
    const ifNoneMatch = header(request, 'if-none-match');
    const ifModifiedSince = header(request, 'if-modified-since');
    const userAgent = header(request, 'user-agent');
    return {
      path,
      method: request.method ?? 'GET',
      status,
      at: Date.now(),
      ...(ifNoneMatch !== undefined && { ifNoneMatch }),
      ...(ifModifiedSince !== undefined && { ifModifiedSince }),
      ...(userAgent !== undefined && { userAgent }),
    };
  }
}
