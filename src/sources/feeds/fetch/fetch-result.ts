// What a fetcher hands the poller: the raw payloads, exactly as the source sent them, for
// normalise(kind, payload) to parse, and what to remember for the next poll (HTTP validators, or a
// cursor for the APIs that filter by time). Fetchers never parse notices themselves.

/** The HTTP validators a feed host sent, replayed as If-None-Match / If-Modified-Since next time. */
export interface FeedValidators {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type FetchResult =
  /** The source said nothing changed since the validators or cursor given (HTTP 304). */
  | { readonly kind: 'not-modified' }
  | {
      readonly kind: 'ok';
      /** One RSS/Atom document, one AWS Health `{events, details}` JSON text, or one Graph page each. */
      readonly payloads: readonly string[];
      readonly etag?: string;
      readonly lastModified?: string;
      /** For AWS Health and Graph: the newest update time seen (ISO 8601), to pass back next time. */
      readonly cursor?: string;
    };
