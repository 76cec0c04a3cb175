// Folds alert ledger entries into what the core reads: alerts by id, every event already evaluated
// into an alert (deduplication across restarts), the open groups (rule + principal → alert), the
// mutes in force and the outbox of card posts not yet made. Pure bookkeeping: the rules are
// checked before an entry is written.
import type { LedgerEntry, Projection } from '../../store/repository.js';
import {
  eventKey,
  isAlertEvent,
  rulePrincipalKey,
  type AlertEventData,
  type AlertEventType,
  type AlertTarget,
} from './alert-events.js';

export type AlertDecision =
  | { readonly kind: 'acknowledged'; readonly by: string; readonly at: string }
  | { readonly kind: 'false_positive'; readonly by: string; readonly at: string; readonly reason: string }
  | { readonly kind: 'muted'; readonly by: string; readonly at: string; readonly until: string }
  | { readonly kind: 'incident_opened'; readonly by: string; readonly at: string; readonly incident: string };

type Raised = Omit<AlertEventData['alert.raised'], 'posts' | 'count' | 'last_at'>;

export interface AlertRecord extends Raised {
  count: number;
  last_at: string;
  /** Where its card was meant to go. */
  targets: AlertTarget[];
  /** The raw events grouped into it after the first (sha256 of each, when kept). */
  grouped: { event_id: string; raw_sha256?: string }[];
  decisions: AlertDecision[];
  /** When it was recorded. */
  recorded_at: string;
}

export interface AlertMute {
  readonly rule: string;
  readonly principal: string;
  readonly until: string;
  readonly by: string;
  readonly alert: string;
}

export interface PendingCard {
  readonly seq: number;
  readonly alert: string;
  /** The entry's type: a grouped event only changes the count. */
  readonly type: AlertEventType;
  targets: AlertTarget[];
}

export interface AlertsState {
  byId: Record<string, AlertRecord>;
  /** `source:event_id` → the alerts it raised or was grouped into. */
  byEvent: Record<string, string[]>;
  /** rule + principal → the latest alert (grouping looks at its window). */
  groups: Record<string, string>;
  mutes: Record<string, AlertMute>;
  lastNumber: number;
  /** Oldest first. */
  outbox: PendingCard[];
}

type Handler<K extends AlertEventType> = (
  state: AlertsState,
  data: AlertEventData[K],
  entry: LedgerEntry,
) => void;

const sameTarget = (a: AlertTarget, b: AlertTarget): boolean =>
  a.platform === b.platform && a.channel === b.channel;

function seen(state: AlertsState, key: string, alert: string): void {
  const list = state.byEvent[key] ?? [];
  if (!list.includes(alert)) list.push(alert);
  state.byEvent[key] = list;
}

function owe(state: AlertsState, entry: LedgerEntry, alert: string, posts: readonly AlertTarget[]): void {
  if (posts.length > 0) {
    state.outbox.push({ seq: entry.seq, alert, type: entry.type as AlertEventType, targets: [...posts] });
  }
}

function decide(state: AlertsState, id: string, decision: AlertDecision): void {
  state.byId[id]?.decisions.push(decision);
}

const handlers: { [K in AlertEventType]: Handler<K> } = {
  'alert.raised': (state, data, entry) => {
    const { posts, ...rest } = data;
    state.byId[data.id] = { ...rest, targets: [...posts], grouped: [], decisions: [], recorded_at: entry.ts };
    state.lastNumber = Math.max(state.lastNumber, data.number);
    seen(state, eventKey(data.source, data.event_id), data.id);
    state.groups[rulePrincipalKey(data.rule, data.principal)] = data.id;
    owe(state, entry, data.id, posts);
  },
  'alert.grouped': (state, data, entry) => {
    const alert = state.byId[data.id];
    if (!alert) return;
    alert.count = data.count;
    alert.last_at = data.last_at;
    alert.grouped.push({
      event_id: data.event_id,
      ...(data.raw_sha256 ? { raw_sha256: data.raw_sha256 } : {}),
    });
    seen(state, eventKey(alert.source, data.event_id), data.id);
    owe(state, entry, data.id, data.posts);
  },
  'alert.acknowledged': (state, data, entry) => {
    decide(state, data.id, { kind: 'acknowledged', by: data.by, at: entry.ts });
    owe(state, entry, data.id, data.posts);
  },
  'alert.false_positive': (state, data, entry) => {
    decide(state, data.id, { kind: 'false_positive', by: data.by, at: entry.ts, reason: data.reason });
    owe(state, entry, data.id, data.posts);
  },
  'alert.muted': (state, data, entry) => {
    decide(state, data.id, { kind: 'muted', by: data.by, at: entry.ts, until: data.until });
    state.mutes[rulePrincipalKey(data.rule, data.principal)] = {
      rule: data.rule,
      principal: data.principal,
      until: data.until,
      by: data.by,
      alert: data.id,
    };
    owe(state, entry, data.id, data.posts);
  },
  'alert.incident_opened': (state, data, entry) => {
    decide(state, data.id, { kind: 'incident_opened', by: data.by, at: entry.ts, incident: data.incident });
    owe(state, entry, data.id, data.posts);
  },
  'alert.delivered': (state, data) => {
    for (const pending of state.outbox) {
      if (pending.alert !== data.id || !data.seqs.includes(pending.seq)) continue;
      pending.targets = pending.targets.filter((t) => !data.targets.some((d) => sameTarget(d, t)));
    }
    state.outbox = state.outbox.filter((p) => p.targets.length > 0);
  },
};

export const alertProjection: Projection<AlertsState> = {
  name: 'alerts',
  version: 1,
  initial: () => ({ byId: {}, byEvent: {}, groups: {}, mutes: {}, lastNumber: 0, outbox: [] }),
  apply(state, entry) {
    if (!isAlertEvent(entry.type)) return;
    const handler = handlers[entry.type] as Handler<AlertEventType> | undefined;
    handler?.(state, entry.data as AlertEventData[AlertEventType], entry);
  },
};
