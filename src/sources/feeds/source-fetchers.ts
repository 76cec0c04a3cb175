// Builds the fetcher of each configured source from its kind: a conditional GET for the feeds, AWS
// Health through the AWS SDK, Microsoft Graph for Microsoft 365. A source whose credentials are not
// set cannot be polled; it gets the reason instead, which /notices sources shows.
import type { GraphSettings, NoticeSourceEnvironment } from '../../config/notice-source-env.js';
import type { NoticeSourceSettings } from '../../core/parties/model.js';
import { FEED_SOURCE_KINDS } from '../../core/parties/check-notice-sources.js';
import { AwsHealthFetcher } from './fetch/aws-health-fetch.js';
import type { FetchResult as RawFetchResult } from './fetch/fetch-result.js';
import { GraphNoticeFetcher } from './fetch/graph-fetch.js';
import { fetchHttpFeed } from './fetch/http-feed-fetch.js';
import type { FetchResult, SourceFetcher } from './source-fetcher.js';
import type { Unavailable } from './source-poller.js';

/** A paged API's poll makes several requests, each with the fetch deadline; this bounds them all. */
const PAGED_POLL_DEADLINE_FACTOR = 10;

/** Fetchers share one client per API (its token cache, its sockets), made on first use. */
export class SourceFetchers {
  private graph: GraphNoticeFetcher | undefined;
  private readonly health = new Map<string, AwsHealthFetcher>();

  constructor(private readonly env: NoticeSourceEnvironment) {}

  /** The deadline of one fetch request (TSUNAGI_FEED_TIMEOUT_MS). */
  get timeoutMs(): number {
    return this.env.timeoutMs;
  }

  fetcherFor(source: NoticeSourceSettings): SourceFetcher | Unavailable {
    const { timeoutMs } = this.env;
    if (FEED_SOURCE_KINDS.has(source.kind)) {
      const url = source.url!;
      return {
        fetch: async (previous, signal) =>
          toResult(await fetchHttpFeed(url, previous, { timeoutMs, signal }), previous.cursor),
      };
    }
    if (source.kind === 'aws-health') {
      const region = source.region ?? 'us-east-1';
      let fetcher = this.health.get(region);
      if (!fetcher) {
        fetcher = new AwsHealthFetcher({ region, timeoutMs });
        this.health.set(region, fetcher);
      }
      const health = fetcher;
      return {
        pollDeadlineMs: timeoutMs * PAGED_POLL_DEADLINE_FACTOR,
        fetch: async (previous, signal) =>
          toResult(await health.fetch(previous.cursor, signal), previous.cursor),
      };
    }
    const graph = this.env.graph;
    if ('missing' in graph) {
      return {
        unavailable: {
          ja: `Microsoft Graph の資格情報がありません: ${graph.missing.join(', ')} を設定してください（Entra アプリに ServiceMessage.Read.All と ServiceHealth.Read.All のアプリケーション権限）。`,
          en: `No Microsoft Graph credentials: set ${graph.missing.join(', ')} (an Entra app with the ServiceMessage.Read.All and ServiceHealth.Read.All application permissions).`,
        },
      };
    }
    const client = (this.graph ??= graphFetcher(graph, timeoutMs));
    const collection = source.kind === 'm365-issues' ? 'issues' : 'messages';
    return {
      pollDeadlineMs: timeoutMs * PAGED_POLL_DEADLINE_FACTOR,
      fetch: async (previous, signal) =>
        toResult(await client.fetch(collection, previous.cursor, signal), previous.cursor),
    };
  }

  /** Releases the API clients' sockets. */
  close(): void {
    for (const fetcher of this.health.values()) fetcher.destroy();
    this.health.clear();
  }
}

function graphFetcher(settings: GraphSettings, timeoutMs: number): GraphNoticeFetcher {
  return new GraphNoticeFetcher({
    credentials: {
      tenantId: settings.tenantId,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    },
    timeoutMs,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.authorityUrl ? { authorityUrl: settings.authorityUrl } : {}),
  });
}

function toResult(raw: RawFetchResult, previousCursor: string | undefined): FetchResult {
  if (raw.kind === 'not-modified') return raw;
  const cursor = raw.cursor ?? previousCursor;
  return {
    kind: 'ok',
    payloads: raw.payloads,
    validators: {
      ...(raw.etag ? { etag: raw.etag } : {}),
      ...(raw.lastModified ? { lastModified: raw.lastModified } : {}),
      ...(cursor ? { cursor } : {}),
    },
  };
}
