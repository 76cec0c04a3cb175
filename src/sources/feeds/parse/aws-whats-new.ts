// AWS What's New (https://aws.amazon.com/about-aws/whats-new/recent/feed/, and the /jp/ feed): RSS
// whose <category> holds comma-separated tags; `general:products/<slug>` names the products, the
// `marketing:` tags do not. Ids `aws-whats-new:<guid>`.
import type { Notice } from '../notice.js';
import { productFromSlug } from './aws-product-names.js';
import { describeEntry, entryBody, entryDates, entryId, entryTitle } from './feed-entry.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, safeUrl, type ParseResult } from './parse-result.js';
import { readFeed } from './xml-feed.js';

const PRODUCT_TAG = 'general:products/';

export function productsFromCategories(categories: readonly string[]): string[] {
  return categories
    .flatMap((c) => c.split(','))
    .map((tag) => tag.trim())
    .filter((tag) => tag.startsWith(PRODUCT_TAG) && tag.length > PRODUCT_TAG.length)
    .map((tag) => productFromSlug(tag.slice(PRODUCT_TAG.length)));
}

export function parseAwsWhatsNew(payload: string): ParseResult {
  const doc = readFeed(payload, 'aws-whats-new', 'rss');
  // AWS guids are UUIDs, unique on their own.
  const global = { ...doc, entries: doc.entries.map((e) => ({ ...e, idIsGlobal: true })) };
  return collectNotices(global.entries, describeEntry, (entry): Notice => {
    const { published, updated } = entryDates(entry);
    return buildNotice({
      id: entryId('aws-whats-new', global, entry),
      provider: 'aws',
      products: productsFromCategories(entry.categories),
      title: entryTitle(entry),
      published,
      updated,
      url: safeUrl(entry.link),
      severity: 'normal',
      body: entryBody(entry),
    });
  });
}
