// The port through which /notices sources and /notices poll reach the pollers (src/sources/feeds/
// poller.ts implements it). The core only reads health and asks for a poll; how sources are
// fetched, scheduled and backed off is the pollers' business.
import type { Bilingual } from '../i18n/locale.js';
import type { NoticeProvider, NoticeSourceKind } from '../../sources/feeds/notice.js';

/** How one configured source is doing, for /notices sources. */
export interface SourceHealth {
  /** tsunagi.yaml `notices.sources[].id`: what subscriptions name. */
  readonly id: string;
  readonly kind: NoticeSourceKind;
  readonly provider: NoticeProvider;
  /** `never`: not polled successfully yet (and not failing); `disabled`: `enabled: false`. */
  readonly state: 'ok' | 'failing' | 'never' | 'disabled';
  /** ISO 8601. */
  readonly lastSuccess?: string;
  /** Why the last poll failed, said for an operator; never carries secrets. */
  readonly lastError?: Bilingual;
  /** ISO 8601: when the source is polled next (later while backing off). */
  readonly nextPoll?: string;
  readonly consecutiveFailures: number;
}

/** The outcome of one source's poll. */
export interface PollSummary {
  readonly id: string;
  readonly new: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Set when the poll failed; the counts are then those ingested before the failure (usually 0). */
  readonly error?: Bilingual;
}

export interface NoticeSources {
  /** Every configured source, in configuration order. */
  list(): SourceHealth[];
  /**
   * Polls one source (or every enabled one) now, whatever its schedule, and resolves when done.
   * An unknown id rejects with a NotFoundError naming the configured ones.
   */
  pollNow(sourceId?: string): Promise<PollSummary[]>;
}
