// What the feed server keeps per path: the document served, injected failures, held requests and
// counts of what it answered.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ServedFeed {
  readonly body: Buffer;
  readonly contentType: string;
  /** A strong entity tag derived from the content, quoted as sent. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly validators: 'both' | 'etag' | 'last-modified' | 'none';
}

export interface FeedCounts {
  /** Every request that arrived, held ones included. */
  requests: number;
  /** 2xx answers. */
  ok: number;
  notModified: number;
  /** 4xx and 5xx answers, injected or not (404 for a path with no content included). */
  failed: number;
  /** Requests held by hang(). */
  hung: number;
}

export interface FeedPathState {
  readonly path: string;
  feed?: ServedFeed;
  failure?: { status: number; remaining: number; retryAfter?: number | Date | undefined };
  redirect?: { status: number; location: string };
  hanging: boolean;
  readonly held: { request: IncomingMessage; response: ServerResponse }[];
  readonly counts: FeedCounts;
}

export class FeedPaths {
  private readonly states = new Map<string, FeedPathState>();

  /** The state of `path`, created empty on first use. */
  get(path: string): FeedPathState {
    const key = path.startsWith('/') ? path : `/${path}`;
    let state = this.states.get(key);
    if (!state) {
      state = {
        path: key,
        hanging: false,
        held: [],
        counts: { requests: 0, ok: 0, notModified: 0, failed: 0, hung: 0 },
      };
      this.states.set(key, state);
    }
    return state;
  }
}
