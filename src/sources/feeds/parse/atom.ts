// Any Atom feed: another provider's, or an SIer's own notices. Ids `atom:<entry id>` (Atom ids are
// globally unique by the standard), products from <category term>.
import type { FeedOptions } from './feed-entry.js';
import { genericFeedNotices } from './feed-entry.js';
import type { ParseResult } from './parse-result.js';
import { readFeed } from './xml-feed.js';

export function parseAtom(payload: string, options: FeedOptions = {}): ParseResult {
  return genericFeedNotices(readFeed(payload, 'atom', 'atom'), 'atom', options);
}
