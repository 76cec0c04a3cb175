// Which notices a subscription wants. Every filter it has must match (within one filter, any of
// its values), and a notice no service uses is posted only to subscriptions that ask for all
// (`--all`): most of a provider's notices are about products the organisation does not use.
import { NOTICE_SEVERITIES, type Notice } from '../../sources/feeds/notice.js';
import type { Subscription } from './notice-events.js';
import { sameProduct } from './product-match.js';

/** A notice as it is about to be posted: where it came from and the services it concerns. */
export interface Candidate {
  readonly source: string;
  readonly notice: Notice;
  readonly services: readonly string[];
}

/** Case, width and punctuation do not matter: "planForChange" ~ "plan-for-change" ~ "PLANFORCHANGE". */
export function categoryKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Case and width do not matter ("ＭＦＡ" ~ "mfa", "ｾｷｭﾘﾃｨ" ~ "セキュリティ"). */
export function keywordKey(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function severityAtLeast(actual: Notice['severity'], least: Notice['severity']): boolean {
  return NOTICE_SEVERITIES.indexOf(actual) >= NOTICE_SEVERITIES.indexOf(least);
}

export function subscriptionWants(subscription: Subscription, candidate: Candidate): boolean {
  const { notice, services } = candidate;
  if (subscription.source !== 'all' && subscription.source !== candidate.source) return false;
  if (services.length === 0 && !subscription.all) return false;
  if (subscription.services.length > 0 && !subscription.services.some((s) => services.includes(s))) {
    return false;
  }
  if (
    subscription.products.length > 0 &&
    !subscription.products.some((wanted) => notice.products.some((p) => sameProduct(wanted, p)))
  ) {
    return false;
  }
  if (subscription.categories.length > 0) {
    const category = notice.category === undefined ? undefined : categoryKey(notice.category);
    if (!subscription.categories.some((c) => categoryKey(c) === category)) return false;
  }
  if (subscription.severity && !severityAtLeast(notice.severity, subscription.severity)) return false;
  if (subscription.tags.length > 0 && !subscription.tags.some((t) => notice.tags.includes(t))) return false;
  if (subscription.keywords.length > 0) {
    const text = keywordKey(`${notice.title}\n${notice.body}`);
    if (!subscription.keywords.some((k) => text.includes(keywordKey(k)))) return false;
  }
  return true;
}
