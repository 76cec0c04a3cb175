// Fetches one RSS or Atom document by URL for the notice poller: a conditional GET with the
// validators from the last poll (so an unchanged feed costs a 304), a deadline covering connection,
// redirects and body, a size limit, and at most five redirects. Failures become FeedFetchErrors that
// carry the status and the host's Retry-After; the document itself is returned as text, unparsed.
import { decodeFeedText } from './decode-text.js';
import {
  FeedFetchError,
  httpStatusError,
  isTimeoutAbort,
  networkError,
  timeoutError,
} from './fetch-error.js';
import type { FeedValidators, FetchResult } from './fetch-result.js';
import { TSUNAGI_USER_AGENT } from './user-agent.js';

export const DEFAULT_FEED_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_FEED_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface HttpFeedFetchOptions {
  /** Deadline for the whole fetch, redirects and body included. Default 20 s. */
  readonly timeoutMs?: number;
  /** Larger documents are refused. Default 10 MiB. */
  readonly maxBytes?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** The caller's own abort (the poller's deadline, shutdown); its reason is rethrown as is. */
  readonly signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The feed's host and path, for messages: never the query, which may hold an access key. */
function describeUrl(url: URL): string {
  return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

function tooLarge(upstream: string, limit: number, status: number): FeedFetchError {
  const mib = (limit / 1024 / 1024).toFixed(1);
  return new FeedFetchError(
    {
      ja: `${upstream} のフィードが上限 ${mib} MiB を超えているため読み込みませんでした。URL が本当にフィードを指しているか確認してください。`,
      en: `The feed at ${upstream} is larger than the ${mib} MiB limit and was not read. Check that the URL points at a feed.`,
    },
    upstream,
    'too-large',
    false,
    { status },
  );
}

async function readLimited(response: Response, limit: number, upstream: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooLarge(upstream, limit, response.status);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > limit) {
        await response.body.cancel();
        throw tooLarge(upstream, limit, response.status);
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks, total);
}

function conditionalHeaders(validators: FeedValidators, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    'User-Agent': userAgent,
    Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  };
  if (validators.etag) headers['If-None-Match'] = validators.etag;
  if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  return headers;
}

/**
 * GETs `url`, sending `validators` from the previous poll. Returns the document with the new
 * validators, or not-modified; throws FeedFetchError (an UpstreamError) otherwise.
 */
export async function fetchHttpFeed(
  url: string,
  validators: FeedValidators,
  options: HttpFeedFetchOptions = {},
): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FEED_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const headers = conditionalHeaders(validators, options.userAgent ?? TSUNAGI_USER_AGENT);
  let target = new URL(url);
  const first = describeUrl(target);
  try {
    for (let hop = 0; ; hop += 1) {
      const upstream = describeUrl(target);
      let response: Response;
      try {
        response = await fetch(target, { headers, redirect: 'manual', signal });
      } catch (error) {
        throw failure(error, upstream);
      }
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (hop >= maxRedirects) throw tooManyRedirects(first, maxRedirects, response.status);
        const next = new URL(location, target);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw tooManyRedirects(first, maxRedirects, response.status);
        }
        target = next;
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { kind: 'not-modified' };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw httpStatusError(upstream, response.status, response.headers.get('retry-after'));
      }
      const bytes = await readLimited(response, options.maxBytes ?? DEFAULT_MAX_FEED_BYTES, upstream);
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      return {
        kind: 'ok',
        payloads: [decodeFeedText(bytes, response.headers.get('content-type'))],
        ...(etag !== null && { etag }),
        ...(lastModified !== null && { lastModified }),
      };
    }
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    // Reading the body can be cut short by the deadline or by the connection dropping.
    throw failure(error, first);
  }

  function failure(error: unknown, upstream: string): unknown {
    if (options.signal?.aborted) return options.signal.reason ?? error;
    if (isTimeoutAbort(error, deadline)) return timeoutError(upstream, timeoutMs, error);
    return networkError(upstream, error);
  }
}

function tooManyRedirects(upstream: string, limit: number, status: number): FeedFetchError {
  return new FeedFetchError(
    {
      ja: `${upstream} のリダイレクトが ${limit} 回を超えたか、http(s) 以外へ向いていました。フィードの現在の URL を tsunagi.yaml に設定してください。`,
      en: `${upstream} redirected more than ${limit} times, or to something other than http(s). Put the feed's current URL in tsunagi.yaml.`,
    },
    upstream,
    'too-many-redirects',
    false,
    { status },
  );
}
