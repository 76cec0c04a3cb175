// The ledger entries of provider change notices: what arrived (with the content hash that decides
// whether a later sighting is an update), the subscriptions of channels, triage decisions, the
// record that a notice was posted, and the change discussions (CHG-n) opened from notices. Their
// `data` shapes are a stored format: add fields, never change or remove them.
//
// Delivery outbox: `notice.received` and `notice.updated` carry the posts they call for (`posts`,
// chosen from the subscriptions when the notice was ingested); `notice.delivered` names the entry's
// seq and the posts made. Posts of an entry not yet named are delivered at the next start, so a
// crash between recording a notice and posting it loses nothing.
import type { Platform } from '../parties/model.js';
import type { Notice, NoticeSeverity, NoticeTag } from '../../sources/feeds/notice.js';

/** One channel a notice is posted to, for one subscription. */
export interface PostTarget {
  readonly subscription: string;
  readonly platform: Platform;
  readonly channel: string;
}

/** A channel's subscription: which notices of which source it wants. Every filter given must match. */
export interface Subscription {
  /** `SUB-<n>` */
  readonly id: string;
  readonly number: number;
  /** A source id from tsunagi.yaml `notices.sources`, or `all`. */
  readonly source: string;
  readonly platform: Platform;
  readonly channel: string;
  /** Any of these products (matched like services' products: "EC2" ~ "Amazon EC2"). */
  readonly products: readonly string[];
  /** Any of these categories (`planForChange`, …), case- and punctuation-insensitive. */
  readonly categories: readonly string[];
  /** At least this severity. */
  readonly severity?: NoticeSeverity;
  /** Any of these words in the title or body, case-insensitive. */
  readonly keywords: readonly string[];
  readonly tags: readonly NoticeTag[];
  /** Notices matched to any of these tsunagi.yaml services. */
  readonly services: readonly string[];
  /** Also notices about products no service uses. */
  readonly all: boolean;
  readonly by: string;
}

/** The parts of a notice whose change makes it an update (not its `published`/`updated` times). */
export const NOTICE_CONTENT_FIELDS = [
  'title',
  'body',
  'products',
  'category',
  'severity',
  'actionRequiredBy',
  'url',
  'tags',
] as const;
export type NoticeContentField = (typeof NOTICE_CONTENT_FIELDS)[number];

export const TRIAGE_ACTIONS = ['not_relevant', 'review_settings', 'change_opened'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/** "Review settings": who is asked, per matched service (its `accounts` layer's responsible party). */
export interface ReviewTask {
  readonly asks: readonly {
    readonly service: string;
    readonly party: string;
    /** That party's people who look after the service. */
    readonly people: readonly string[];
  }[];
}

interface Ingested {
  /** The notice source (tsunagi.yaml `notices.sources[].id`) it came from. */
  readonly source: string;
  readonly notice: Notice;
  /** SHA-256 over the content fields (content-hash.ts). */
  readonly hash: string;
  /** A short hash per content field, to tell what a later update changed. */
  readonly fields: Readonly<Record<NoticeContentField, string>>;
  /** tsunagi.yaml services that use any of its products, when it was ingested. */
  readonly services: readonly string[];
  /** The posts it calls for (the outbox). */
  readonly posts: readonly PostTarget[];
}

export interface NoticeEventData {
  'notice.received': Ingested;
  'notice.updated': Ingested & {
    readonly previous_hash: string;
    /** The content fields that differ from the previous version. */
    readonly changed: readonly NoticeContentField[];
  };
  'notice.subscribed': { readonly subscription: Subscription };
  'notice.unsubscribed': { readonly id: string };
  'notice.triaged': {
    readonly notice: string;
    readonly action: TriageAction;
    readonly reason?: string;
    readonly task?: ReviewTask;
    /** `CHG-<n>` for `change_opened`. */
    readonly change?: string;
    readonly by: string;
  };
  /** Posts of the entry at `seq` were made (`targets`) or dropped (unsubscribed meanwhile). */
  'notice.delivered': {
    readonly notice: string;
    readonly seq: number;
    readonly targets: readonly PostTarget[];
    readonly dropped?: readonly PostTarget[];
  };
}

export interface ChangeEventData {
  /** A change discussion, minimal until the change workflow lands: who opened it about which notice. */
  'change.opened': {
    readonly number: number;
    readonly title: string;
    readonly notice: string;
    readonly by: string;
  };
}

export type NoticeEventType = keyof NoticeEventData;

export function isNoticeEvent(type: string): type is NoticeEventType {
  return type.startsWith('notice.');
}

/** `SUB-<n>` */
export function subscriptionIdFor(number: number): string {
  return `SUB-${number}`;
}

/** `CHG-<n>` */
export function changeIdFor(number: number): string {
  return `CHG-${number}`;
}
