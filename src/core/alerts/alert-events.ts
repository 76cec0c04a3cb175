// The ledger entries of audit-log alerts: an alert raised by a rule on one raw event, later events
// of the same rule and principal grouped into it, the decisions people take on it (acknowledge,
// false positive, mute, open an incident) and the record that its card was posted. Their `data`
// shapes are a stored format: add fields, never change or remove them.
//
// Delivery outbox: every entry that changes what the card shows carries the posts it calls for
// (`posts`); `alert.delivered` names the seqs it covers. A live card shows the alert as it is now,
// so one post covers every entry pending for that alert, and a burst updates one card in place.
import type { Platform } from '../parties/model.js';
import type { AuditSource, RuleSeverity } from '../../sources/rules/rule.js';

/** One channel an alert's card is posted to. */
export interface AlertTarget {
  readonly platform: Platform;
  readonly channel: string;
}

/** The raw event as kept in the evidence store (masked like any evidence file). */
export interface RawEventRecord {
  /** SHA-256 of the bytes as stored. */
  readonly raw_sha256: string;
  readonly raw_size: number;
  /** When secrets were masked: the SHA-256 of the event as the source delivered it. */
  readonly raw_original_sha256?: string;
  readonly raw_masked?: number;
}

export interface AlertEventData {
  'alert.raised': RawEventRecord & {
    /** `ALT-<n>` */
    readonly id: string;
    readonly number: number;
    readonly rule: string;
    readonly rule_title: string;
    readonly severity: RuleSeverity;
    readonly source: AuditSource;
    readonly event_id: string;
    readonly event_time: string;
    readonly principal: string;
    /** The tsunagi.yaml person and party the principal was matched to, when one was. */
    readonly person?: string;
    readonly party?: string;
    readonly source_ip?: string;
    readonly user_agent?: string;
    readonly action: string;
    readonly resource?: string;
    readonly result?: string;
    readonly account?: string;
    readonly region?: string;
    /** The tsunagi.yaml service whose `audit_accounts` list the account, and its accounts layer's responsible party. */
    readonly service?: string;
    readonly responsible?: string;
    readonly count: number;
    readonly first_at: string;
    readonly last_at: string;
    readonly posts: readonly AlertTarget[];
  };
  /** Another event of the same rule and principal within the grouping window. */
  'alert.grouped': Partial<RawEventRecord> & {
    readonly id: string;
    readonly event_id: string;
    readonly count: number;
    readonly last_at: string;
    readonly posts: readonly AlertTarget[];
  };
  'alert.acknowledged': { readonly id: string; readonly by: string; readonly posts: readonly AlertTarget[] };
  'alert.false_positive': {
    readonly id: string;
    readonly reason: string;
    readonly by: string;
    readonly posts: readonly AlertTarget[];
  };
  /** The rule is muted for the principal until `until` (ISO 8601). */
  'alert.muted': {
    readonly id: string;
    readonly rule: string;
    readonly principal: string;
    readonly until: string;
    readonly by: string;
    readonly posts: readonly AlertTarget[];
  };
  'alert.incident_opened': {
    readonly id: string;
    /** `INC-<n>` */
    readonly incident: string;
    readonly by: string;
    readonly posts: readonly AlertTarget[];
  };
  /** The card was posted (or updated) for the entries at `seqs`. */
  'alert.delivered': {
    readonly id: string;
    readonly seqs: readonly number[];
    readonly targets: readonly AlertTarget[];
  };
}

export type AlertEventType = keyof AlertEventData;

export function isAlertEvent(type: string): type is AlertEventType {
  return type.startsWith('alert.');
}

/** `ALT-<n>` */
export function alertIdFor(number: number): string {
  return `ALT-${number}`;
}

/** How deduplication knows an event: its source and its own id. */
export function eventKey(source: AuditSource, eventId: string): string {
  return `${source}:${eventId}`;
}

/** How grouping and mutes know a rule and principal. */
export function rulePrincipalKey(rule: string, principal: string): string {
  return `${rule}\u0000${principal.toLowerCase()}`;
}
