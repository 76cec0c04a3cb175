// Google Workspace Updates blog (https://workspaceupdates.googleblog.com/feeds/posts/default), an
// Atom feed from Blogger. Post labels name the products (Gmail, Google Drive, Admin console) and the
// release tracks, which are not products. Ids `workspace-updates:<entry id>`.
import type { Notice } from '../notice.js';
import { describeEntry, entryBody, entryDates, entryId, entryTitle } from './feed-entry.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, safeUrl, type ParseResult } from './parse-result.js';
import { readFeed } from './xml-feed.js';

/** Labels about how a change rolls out, not what it concerns. */
const ROLLOUT_LABELS = new Set(
  [
    'Rapid Release',
    'Scheduled Release',
    'Rapid and Scheduled Release',
    'Beta',
    'Weekly Recap',
    'Google Workspace',
  ].map((l) => l.toLowerCase()),
);

export function parseWorkspaceUpdates(payload: string): ParseResult {
  const doc = readFeed(payload, 'workspace-updates', 'atom');
  return collectNotices(doc.entries, describeEntry, (entry): Notice => {
    const { published, updated } = entryDates(entry);
    return buildNotice({
      id: entryId('workspace-updates', doc, entry),
      provider: 'google-workspace',
      products: entry.categories.filter((c) => !ROLLOUT_LABELS.has(c.toLowerCase())),
      title: entryTitle(entry),
      published,
      updated,
      url: safeUrl(entry.link),
      severity: 'normal',
      body: entryBody(entry),
    });
  });
}
