// What a subscription asks for, independent of where it lives: its source and filters, compared
// for sameness so a channel does not subscribe twice to the same thing.
import type { Subscription } from './notice-events.js';
import { categoryKey, keywordKey } from './subscription-filter.js';
import { productKey } from './product-match.js';

export type SubscriptionFilters = Omit<Subscription, 'id' | 'number' | 'platform' | 'channel' | 'by'>;

function sameSet(a: readonly string[], b: readonly string[], key: (s: string) => string): boolean {
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

const productText = (name: string): string =>
  productKey(name)
    .spellings.map((s) => s.compact)
    .join('|');

export function sameSubscription(a: SubscriptionFilters, b: SubscriptionFilters): boolean {
  return (
    a.source === b.source &&
    a.all === b.all &&
    a.severity === b.severity &&
    sameSet(a.products, b.products, productText) &&
    sameSet(a.categories, b.categories, categoryKey) &&
    sameSet(a.keywords, b.keywords, keywordKey) &&
    sameSet(a.tags, b.tags, (t) => t) &&
    sameSet(a.services, b.services, (s) => s)
  );
}

/** Whether the subscription has any filter beyond its source. */
export function hasFilters(s: SubscriptionFilters): boolean {
  return (
    s.products.length +
      s.categories.length +
      s.keywords.length +
      s.tags.length +
      s.services.length +
      (s.severity ? 1 : 0) >
    0
  );
}
