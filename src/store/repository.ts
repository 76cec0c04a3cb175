// The storage contract the core relies on. The file implementation (lowdb + JSONL ledger) is the
// default; a server database can implement the same interface without the core noticing.
import type { LedgerEntry, NewLedgerEntry } from './ledger/entry.js';

export type { LedgerEntry, NewLedgerEntry };

/**
 * State derived from the ledger. Every change that matters is recorded as a ledger entry first;
 * a projection folds entries into the state the core reads, so after a crash the state is rebuilt
 * from the last snapshot plus the entries written after it.
 */
export interface Projection<S> {
  readonly name: string;
  /** Bump when `apply` changes meaning: the projection is then rebuilt from the whole ledger. */
  readonly version: number;
  initial(): S;
  /** Applies one entry by mutating the state. Must not throw for entries it does not know. */
  apply(state: S, entry: LedgerEntry): void;
}

export interface Repository {
  /** Records an entry durably and applies it to every projection; resolves once it is on disk. */
  commit<D>(entry: NewLedgerEntry<D>): Promise<LedgerEntry<D>>;
  /** The live state of a registered projection. */
  state<S>(projection: Projection<S>): S;
  /** Ledger entries about one subject, in order. */
  entriesFor(subject: string): Promise<LedgerEntry[]>;
  readonly ledgerHead: { readonly seq: number; readonly hash: string };
  close(): Promise<void>;
}
