// Pieces every feed parser shares: a stable id for an entry, its title and body as safe text, and
// the generic RSS/Atom notice (products from categories, provider as configured).
import { createHash } from 'node:crypto';
import type { Notice, NoticeProvider } from '../notice.js';
import { cleanText, htmlToPlainText, titleText } from '../plain-text.js';
import { toIsoDate } from './dates.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, safeUrl, type ItemView, type ParseResult } from './parse-result.js';
import type { FeedDocument, FeedEntry } from './xml-feed.js';

export interface FeedOptions {
  readonly provider?: NoticeProvider;
  /** A product every notice of this source concerns (prepended to the products from categories). */
  readonly product?: string;
}

/**
 * `<prefix>:<id>`. An id that is only unique within its feed (a bare RSS guid like "42") is
 * qualified by the feed's address, so two SIers' item 42 stay two notices. Without any id the link
 * serves; without a link, a hash of the feed, title and date (stable while those do not change).
 */
export function entryId(prefix: string, doc: FeedDocument, entry: FeedEntry): string | undefined {
  if (entry.id)
    return entry.idIsGlobal
      ? `${prefix}:${entry.id}`
      : `${prefix}:${doc.home ?? doc.title ?? ''}#${entry.id}`;
  if (entry.link) return `${prefix}:${entry.link}`;
  if (!entry.title || !(entry.published ?? entry.updated)) return undefined;
  const digest = createHash('sha256')
    .update(`${doc.home ?? ''}\n${entry.title}\n${entry.published ?? entry.updated ?? ''}`)
    .digest('hex');
  return `${prefix}:sha256:${digest.slice(0, 16)}`;
}

export function entryTitle(entry: FeedEntry): string | undefined {
  return entry.title === undefined ? undefined : titleText(entry.title, entry.titleIsHtml) || undefined;
}

export function entryBody(entry: FeedEntry): string {
  if (entry.html !== undefined) return htmlToPlainText(entry.html);
  return entry.text === undefined ? '' : cleanText(entry.text);
}

export function describeEntry(entry: FeedEntry, index: number): ItemView {
  const ref = entry.id ?? entry.link ?? entry.title;
  return ref === undefined ? { index } : { index, ref: cleanText(ref, { singleLine: true, maxLength: 200 }) };
}

/** The dates of an entry as ISO strings. */
export function entryDates(entry: FeedEntry): { published?: string; updated?: string } {
  const published = toIsoDate(entry.published) ?? toIsoDate(entry.updated);
  const updated = toIsoDate(entry.updated);
  return { ...(published ? { published } : {}), ...(updated ? { updated } : {}) };
}

/** Generic RSS or Atom: products from categories, provider as configured (default `other`). */
export function genericFeedNotices(doc: FeedDocument, prefix: string, options: FeedOptions): ParseResult {
  return collectNotices(doc.entries, describeEntry, (entry): Notice => {
    const { published, updated } = entryDates(entry);
    return buildNotice({
      id: entryId(prefix, doc, entry),
      provider: options.provider ?? 'other',
      products: [options.product, ...entry.categories],
      title: entryTitle(entry),
      published,
      updated,
      url: safeUrl(entry.link),
      severity: 'normal',
      body: entryBody(entry),
    });
  });
}
