// Fetches Microsoft 365 Message Center posts (`/admin/serviceAnnouncement/messages`) or service
// health issues (`/issues`) from Microsoft Graph (graph-reader.ts): everything modified since the
// cursor, following @odata.nextLink, one raw JSON page per payload for
// normalise('m365-messages' | 'm365-issues', …), and the newest lastModifiedDateTime as next cursor.
import type { FetchResult } from './fetch-result.js';
import { GraphReader, type GraphFetcherOptions } from './graph-reader.js';

export { DEFAULT_GRAPH_BASE_URL, type GraphFetcherOptions } from './graph-reader.js';
const MAX_PAGES = 200;

export type GraphNoticeCollection = 'messages' | 'issues';

export class GraphNoticeFetcher {
  private readonly reader: GraphReader;

  constructor(options: GraphFetcherOptions) {
    this.reader = new GraphReader(options);
  }

  /** Items of `collection` modified at or after `cursor` (all when absent), one payload per page. */
  async fetch(
    collection: GraphNoticeCollection,
    cursor: string | undefined,
    signal?: AbortSignal,
  ): Promise<FetchResult> {
    const since = cursor === undefined ? undefined : new Date(cursor);
    // `ge`, not `gt`: an item modified in the same instant as the cursor is fetched again rather
    // than lost; the pipeline's seen ids drop the repeat.
    const filter =
      since && !Number.isNaN(since.getTime()) ? `lastModifiedDateTime ge ${since.toISOString()}` : undefined;
    const payloads: string[] = [];
    let newest = since && !Number.isNaN(since.getTime()) ? since.getTime() : Number.NEGATIVE_INFINITY;
    const pages = this.reader.pages(
      `/admin/serviceAnnouncement/${collection}`,
      { filter, top: this.reader.pageSize },
      signal,
      MAX_PAGES,
    );
    for await (const { body, items } of pages) {
      for (const item of items as { lastModifiedDateTime?: unknown }[]) {
        const time =
          typeof item.lastModifiedDateTime === 'string' ? Date.parse(item.lastModifiedDateTime) : NaN;
        if (time > newest) newest = time;
      }
      if (items.length > 0) payloads.push(JSON.stringify(body));
    }
    if (payloads.length === 0) return { kind: 'not-modified' };
    return {
      kind: 'ok',
      payloads,
      ...(Number.isFinite(newest) ? { cursor: new Date(newest).toISOString() } : cursor ? { cursor } : {}),
    };
  }
}
