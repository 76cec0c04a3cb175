// The port every audit fetcher implements for the audit poller: one sweep of all the source's
// streams from the stored cursor, the new raw records, and the cursor to store once the sink has
// them. A stream that failed keeps its old cursor and is reported, without holding back the others.
import type { AuditSource } from '../../rules/rule.js';
import type { AuditCursor } from './audit-cursor.js';

export interface StreamFailure {
  /** The stream key (`<account>/<region>`, an application, a Graph list). */
  readonly stream: string;
  readonly error: unknown;
}

export interface AuditSweep {
  /** Raw records as the rules read them (a CloudTrail record, a Reports activity, a Graph item). */
  readonly records: readonly unknown[];
  /** Streams that completed carry their new cursor; failed streams keep the one given. */
  readonly cursor: AuditCursor;
  readonly failures: readonly StreamFailure[];
}

export interface AuditFetcher {
  /** The shape of the records, as the rule engine knows it. */
  readonly source: AuditSource;
  sweep(cursor: AuditCursor, signal?: AbortSignal): Promise<AuditSweep>;
  /** Releases sockets. */
  destroy?(): void;
}
