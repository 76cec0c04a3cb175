// One ledger entry per line (JSON Lines). Each entry carries the SHA-256 of the previous entry
// (`prev`) and of its own body (`hash`, always the last field), so any edit, removal or reordering
// breaks the chain at a line that can be named.
import { createHash } from 'node:crypto';
import type { Bilingual } from '../../core/i18n/locale.js';

export const GENESIS_HASH = '0'.repeat(64);
const HASH_FIELD = ',"hash":"';

export interface LedgerActor {
  readonly person: string;
  readonly party: string;
}

/** What a caller records; the ledger adds position, time and hashes. */
export interface NewLedgerEntry<D = unknown> {
  readonly type: string;
  readonly subject: string;
  readonly actor?: LedgerActor;
  /** Internal entries are visible to the customer's people only. */
  readonly visibility?: 'internal';
  readonly data: D;
}

export interface LedgerEntry<D = unknown> extends NewLedgerEntry<D> {
  readonly seq: number;
  readonly ts: string;
  readonly prev: string;
  readonly hash: string;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Serialises an entry; the result ends with a newline. */
export function serializeEntry(
  entry: NewLedgerEntry,
  position: { seq: number; ts: string; prev: string },
): { line: string; entry: LedgerEntry } {
  const body = JSON.stringify({
    seq: position.seq,
    ts: position.ts,
    prev: position.prev,
    type: entry.type,
    subject: entry.subject,
    ...(entry.actor ? { actor: entry.actor } : {}),
    ...(entry.visibility ? { visibility: entry.visibility } : {}),
    data: entry.data,
  });
  const hash = sha256(body);
  return {
    line: `${body.slice(0, -1)}${HASH_FIELD}${hash}"}\n`,
    entry: { ...entry, ...position, hash },
  };
}

export type LineCheck =
  { readonly ok: true; readonly entry: LedgerEntry } | { readonly ok: false; readonly reason: Bilingual };

/**
 * Checks one line (without its newline) against the expected position in the chain.
 * Reasons are English; they are shown to operators in `tsunagi ledger verify`.
 */
export function checkLine(line: string, expected: { seq: number; prev: string }): LineCheck {
  const at = line.lastIndexOf(HASH_FIELD);
  if (at < 0 || !line.endsWith('"}')) {
    return {
      ok: false,
      reason: {
        ja: '台帳のエントリではありません。hash がありません',
        en: 'not a ledger entry (no hash field)',
      },
    };
  }
  let entry: LedgerEntry;
  try {
    entry = JSON.parse(line) as LedgerEntry;
  } catch {
    return { ok: false, reason: { ja: 'JSON として読めません', en: 'not valid JSON' } };
  }
  const body = `${line.slice(0, at)}}`;
  if (sha256(body) !== entry.hash)
    return {
      ok: false,
      reason: {
        ja: '内容がハッシュと一致しません。エントリが書き換えられています',
        en: 'content does not match its hash (entry was changed)',
      },
    };
  if (entry.seq !== expected.seq) {
    return {
      ok: false,
      reason: {
        ja: `連番が ${String(entry.seq)} です。${expected.seq} のはずなので、エントリが削除されたか並べ替えられています`,
        en: `sequence ${String(entry.seq)} where ${expected.seq} was expected (entry removed or reordered)`,
      },
    };
  }
  if (entry.prev !== expected.prev) {
    return {
      ok: false,
      reason: {
        ja: '直前のエントリとハッシュがつながりません。それより前のエントリが変更・削除・並べ替えられています',
        en: 'does not chain to the previous entry (an earlier entry was changed, removed or reordered)',
      },
    };
  }
  return { ok: true, entry };
}
