// Any RSS 2.0 or RSS 1.0 (RDF) feed: another provider's, or an SIer's own notices to its customers.
// Ids `rss:<guid>` (a bare guid is qualified by the channel link), products from <category>.
import type { FeedOptions } from './feed-entry.js';
import { genericFeedNotices } from './feed-entry.js';
import type { ParseResult } from './parse-result.js';
import { readFeed } from './xml-feed.js';

export function parseRss(payload: string, options: FeedOptions = {}): ParseResult {
  return genericFeedNotices(readFeed(payload, 'rss', 'rss'), 'rss', options);
}
