// Azure Updates RSS (https://www.microsoft.com/releasecommunications/api/v2/azure/rss). Each item's
// <category> elements mix a status ("Launched", "In preview", "In development", "Retirements"),
// update types and themes ("Features", "Security", "Compute") and product names ("Virtual Machines").
// The status becomes the category, product names the products; "Retirements" and "Security" are the
// source's own tags. Ids `azure-updates:<guid>`.
import type { Notice, NoticeTag } from '../notice.js';
import { describeEntry, entryBody, entryDates, entryId, entryTitle } from './feed-entry.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, safeUrl, type ParseResult } from './parse-result.js';
import { readFeed } from './xml-feed.js';

/** Statuses, most telling first: a retirement matters more than its launch state. */
const STATUSES = [
  'Retirements',
  'In development',
  'In preview',
  'Launched',
  'Now available',
  'Generally available',
];

/** Update types and product families: descriptive, but not product names. */
const NOT_PRODUCTS = new Set(
  [
    'Features',
    'Services',
    'Security',
    'Compliance',
    'Management',
    'Pricing & offerings',
    'Regions & datacenters',
    'SDK and tools',
    'Gallery',
    'Open source',
    'Operating system',
    'Microsoft Build',
    'Microsoft Ignite',
    'Microsoft Inspire',
    'Retirement',
    'AI + machine learning',
    'Analytics',
    'Compute',
    'Containers',
    'Databases',
    'Developer tools',
    'DevOps',
    'Hybrid + multicloud',
    'Identity',
    'Integration',
    'Internet of things',
    'Management and governance',
    'Media',
    'Migration',
    'Mixed reality',
    'Mobile',
    'Networking',
    'Storage',
    'Virtual desktop infrastructure',
    'Web',
  ].map((c) => c.toLowerCase()),
);
const STATUS_SET = new Set(STATUSES.map((s) => s.toLowerCase()));

export function parseAzureUpdates(payload: string): ParseResult {
  const doc = readFeed(payload, 'azure-updates', 'rss');
  // Azure guids are update numbers, unique across Azure Updates.
  const global = { ...doc, entries: doc.entries.map((e) => ({ ...e, idIsGlobal: true })) };
  return collectNotices(global.entries, describeEntry, (entry): Notice => {
    const { published, updated } = entryDates(entry);
    const lower = entry.categories.map((c) => c.toLowerCase());
    const status = STATUSES.find((s) => lower.includes(s.toLowerCase()));
    const sourceTags: NoticeTag[] = [];
    if (lower.includes('retirements') || lower.includes('retirement')) sourceTags.push('retirement');
    if (lower.includes('security')) sourceTags.push('security');
    return buildNotice({
      id: entryId('azure-updates', global, entry),
      provider: 'azure',
      products: entry.categories.filter(
        (c) => !STATUS_SET.has(c.toLowerCase()) && !NOT_PRODUCTS.has(c.toLowerCase()),
      ),
      title: entryTitle(entry),
      published,
      updated,
      url: safeUrl(entry.link),
      category: status,
      severity: 'normal',
      body: entryBody(entry),
      sourceTags,
    });
  });
}
