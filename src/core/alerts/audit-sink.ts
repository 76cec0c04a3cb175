// The ports between the audit-log pollers (src/sources/audit/) and the alert pipeline: the pollers
// hand each page of raw records to an AuditSink; `/alerts sources` reads the pollers' health and
// asks for an immediate poll through AuditSources. Neither side imports the other.
import type { Bilingual } from '../i18n/locale.js';
import type { AuditSource } from '../../sources/rules/rule.js';

export interface AuditSink {
  /**
   * Evaluates the raw records one source returned and raises or groups alerts. Resolves once what
   * they raised is recorded, so a poller may then advance its cursor. Never rejects for a strange
   * record (it is logged and skipped); rejects only when the ledger cannot be written.
   */
  accept(source: AuditSource, records: readonly unknown[]): Promise<void>;
}

/** One configured audit source as `/alerts sources` shows it. */
export interface AuditSourceHealth {
  readonly id: string;
  readonly source: AuditSource;
  readonly name?: Bilingual;
  readonly state: 'ok' | 'failing' | 'waiting' | 'disabled';
  readonly lastSuccess?: string;
  readonly lastError?: string;
  readonly nextPoll?: string;
  /** How many records it has handed to the sink. */
  readonly records?: number;
}

export interface AuditSources {
  list(): readonly AuditSourceHealth[];
  /** Polls one source (or all) now; resolves when done. */
  pollNow(id?: string): Promise<void>;
}
