// Folds notice ledger entries into what the core reads: every notice seen (without its body, which
// stays in the ledger) with its content hash, when it was first and last recorded and how it was
// triaged; the channels' subscriptions; and the outbox of posts not yet made. Pure bookkeeping: the
// rules are checked before an entry is written.
import type { LedgerEntry, Projection } from '../../store/repository.js';
import type { NoticeProvider, NoticeSeverity, NoticeTag } from '../../sources/feeds/notice.js';
import {
  isNoticeEvent,
  type NoticeContentField,
  type NoticeEventData,
  type NoticeEventType,
  type PostTarget,
  type ReviewTask,
  type Subscription,
  type TriageAction,
} from './notice-events.js';

export interface TriageRecord {
  readonly action: TriageAction;
  readonly by: string;
  /** ISO 8601, the entry's time. */
  readonly at: string;
  readonly reason?: string;
  readonly task?: ReviewTask;
  readonly change?: string;
}

/** A notice as last recorded, without its body (read it from the ledger: entry `seq`). */
export interface NoticeRecord {
  id: string;
  source: string;
  provider: NoticeProvider;
  title: string;
  products: string[];
  published: string;
  url?: string;
  category?: string;
  severity: NoticeSeverity;
  actionRequiredBy?: string;
  tags: NoticeTag[];
  hash: string;
  fields: Record<NoticeContentField, string>;
  services: string[];
  /** When it was first recorded, and last recorded (new or changed: unchanged sightings are not recorded). */
  firstSeen: string;
  lastSeen: string;
  /** 1, then +1 per recorded update. */
  version: number;
  /** The ledger entry holding the current version (its full text). */
  seq: number;
  /** Some version of it was meant for at least one channel. */
  posted: boolean;
  triage: TriageRecord[];
}

/** Posts an entry still owes. */
export interface PendingPosts {
  readonly seq: number;
  readonly notice: string;
  /** The entry's time. */
  readonly at: string;
  targets: PostTarget[];
}

export interface NoticesState {
  byId: Record<string, NoticeRecord>;
  subscriptions: Record<string, Subscription>;
  lastSubscription: number;
  /** Oldest first. */
  outbox: PendingPosts[];
}

export const sameTarget = (a: PostTarget, b: PostTarget): boolean =>
  a.subscription === b.subscription && a.platform === b.platform && a.channel === b.channel;

type Handler<K extends NoticeEventType> = (
  state: NoticesState,
  data: NoticeEventData[K],
  entry: LedgerEntry,
) => void;

function ingested(
  state: NoticesState,
  data: NoticeEventData['notice.received'],
  entry: LedgerEntry,
  previous: NoticeRecord | undefined,
): void {
  const { notice } = data;
  state.byId[notice.id] = {
    id: notice.id,
    source: data.source,
    provider: notice.provider,
    title: notice.title,
    products: [...notice.products],
    published: notice.published,
    ...(notice.url ? { url: notice.url } : {}),
    ...(notice.category ? { category: notice.category } : {}),
    severity: notice.severity,
    ...(notice.actionRequiredBy ? { actionRequiredBy: notice.actionRequiredBy } : {}),
    tags: [...notice.tags],
    hash: data.hash,
    fields: { ...data.fields },
    services: [...data.services],
    firstSeen: previous?.firstSeen ?? entry.ts,
    lastSeen: entry.ts,
    version: (previous?.version ?? 0) + 1,
    seq: entry.seq,
    posted: (previous?.posted ?? false) || data.posts.length > 0,
    triage: previous?.triage ?? [],
  };
  if (data.posts.length > 0) {
    state.outbox.push({ seq: entry.seq, notice: notice.id, at: entry.ts, targets: [...data.posts] });
  }
}

const handlers: { [K in NoticeEventType]: Handler<K> } = {
  'notice.received': (state, data, entry) => ingested(state, data, entry, state.byId[data.notice.id]),
  'notice.updated': (state, data, entry) => ingested(state, data, entry, state.byId[data.notice.id]),
  'notice.subscribed': (state, data) => {
    state.subscriptions[data.subscription.id] = data.subscription;
    state.lastSubscription = Math.max(state.lastSubscription, data.subscription.number);
  },
  'notice.unsubscribed': (state, data) => {
    delete state.subscriptions[data.id];
  },
  'notice.triaged': (state, data, entry) => {
    const notice = state.byId[data.notice];
    if (!notice) return;
    notice.triage.push({
      action: data.action,
      by: data.by,
      at: entry.ts,
      ...(data.reason ? { reason: data.reason } : {}),
      ...(data.task ? { task: data.task } : {}),
      ...(data.change ? { change: data.change } : {}),
    });
  },
  'notice.delivered': (state, data) => {
    const pending = state.outbox.find((p) => p.seq === data.seq);
    if (!pending) return;
    const done = [...data.targets, ...(data.dropped ?? [])];
    pending.targets = pending.targets.filter((t) => !done.some((d) => sameTarget(d, t)));
    if (pending.targets.length === 0) state.outbox = state.outbox.filter((p) => p !== pending);
  },
};

export const noticeProjection: Projection<NoticesState> = {
  name: 'notices',
  version: 1,
  initial: () => ({ byId: {}, subscriptions: {}, lastSubscription: 0, outbox: [] }),
  apply(state, entry) {
    if (!isNoticeEvent(entry.type)) return;
    const handler = handlers[entry.type] as Handler<NoticeEventType> | undefined;
    handler?.(state, entry.data as NoticeEventData[NoticeEventType], entry);
  },
};
