// The one thing a poller asks of a source: what changed since the validators or cursor of the last
// poll. Feeds answer with HTTP conditional requests, AWS Health and Microsoft Graph with a cursor;
// source-fetchers.ts adapts each kind's fetcher (src/sources/feeds/fetch/) to this.
import type { FeedValidators } from './feed-state-store.js';

export type FetchResult =
  | { readonly kind: 'not-modified' }
  | {
      readonly kind: 'ok';
      /** Raw documents for normalise(): feed XML, AWS Health events, Graph pages. */
      readonly payloads: readonly unknown[];
      /** Where the next poll starts from; stored only once these payloads' notices are ingested. */
      readonly validators: FeedValidators;
    };

export interface SourceFetcher {
  /**
   * The most one whole poll's fetch may take, when it is more than one request's deadline (a paged
   * API makes several requests, each with its own). Beyond it the poll is abandoned as timed out.
   */
  readonly pollDeadlineMs?: number;
  /**
   * Fetches what is new since `previous`. Aborting `signal` (timeout, shutdown) ends the request.
   * Failures are UpstreamError (with a Retry-After hint when the provider gave one), or
   * ConfigError/PermissionError when only an administrator can fix them.
   */
  fetch(previous: FeedValidators, signal: AbortSignal): Promise<FetchResult>;
}
