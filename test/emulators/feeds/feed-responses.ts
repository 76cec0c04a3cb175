// How the feed server answers one request for a path: an injected failure, a redirect, 404, or the
// document, with 304 when the client's validators still match (RFC 9110 §13).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedPathState, ServedFeed } from './feed-paths.js';

export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** RFC 9110 §13.1.2: If-None-Match holds a list of entity tags (weak ones compare weakly) or `*`. */
function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Writes the answer to one request for the path and returns its status. */
export function respond(state: FeedPathState, request: IncomingMessage, response: ServerResponse): number {
  const failure = state.failure;
  if (failure && failure.remaining > 0) {
    failure.remaining -= 1;
    if (failure.remaining === 0) delete state.failure;
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (failure.retryAfter !== undefined) {
      headers['Retry-After'] =
        failure.retryAfter instanceof Date ? failure.retryAfter.toUTCString() : String(failure.retryAfter);
    }
    response.writeHead(failure.status, headers);
    response.end(`emulated failure ${failure.status}`);
    return failure.status;
  }
  if (state.redirect) {
    response.writeHead(state.redirect.status, { Location: state.redirect.location });
    response.end();
    return state.redirect.status;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' });
    response.end();
    return 405;
  }
  const feed = state.feed;
  if (!feed) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('not found');
    return 404;
  }
  const headers: Record<string, string> = {
    'Content-Type': feed.contentType,
    'Cache-Control': 'max-age=0',
  };
  const sendEtag = feed.validators === 'both' || feed.validators === 'etag';
  const sendDate = feed.validators === 'both' || feed.validators === 'last-modified';
  if (sendEtag) headers.ETag = feed.etag;
  if (sendDate) headers['Last-Modified'] = feed.lastModified.toUTCString();
  if (notModified(request, feed, sendEtag, sendDate)) {
    response.writeHead(304, headers);
    response.end();
    return 304;
  }
  response.writeHead(200, { ...headers, 'Content-Length': String(feed.body.length) });
  response.end(request.method === 'HEAD' ? undefined : feed.body);
  return 200;
}

/** RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
function notModified(request: IncomingMessage, feed: ServedFeed, etag: boolean, date: boolean): boolean {
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifNoneMatch !== undefined) return etag && etagMatches(ifNoneMatch, feed.etag);
  const ifModifiedSince = header(request, 'if-modified-since');
  if (ifModifiedSince === undefined || !date) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && feed.lastModified.getTime() <= since;
}
