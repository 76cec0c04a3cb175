// Reads a ledger file from the start, checking every line against the chain. Used at start-up
// (to recover and index) and by `tsunagi ledger verify`. Reads in chunks, so memory does not
// grow with the file.
import { open } from 'node:fs/promises';
import type { Bilingual } from '../../core/i18n/locale.js';
import { checkLine, GENESIS_HASH, type LedgerEntry } from './entry.js';

export interface ScannedEntry {
  readonly entry: LedgerEntry;
  readonly offset: number;
  readonly length: number;
}

export interface ScanResult {
  /** Number of intact, newline-terminated entries. */
  readonly count: number;
  readonly head: { readonly seq: number; readonly hash: string };
  /** Bytes up to the end of the last intact entry. */
  readonly validBytes: number;
  /** The first complete line that fails the chain (1-based), if any; scanning stops there. */
  readonly bad?: { readonly line: number; readonly reason: Bilingual };
  /**
   * Bytes after the last newline: an unfinished write. `complete` tells whether they nonetheless
   * form a valid next entry (the write stopped just before its newline).
   */
  readonly tail?: { readonly offset: number; readonly bytes: Buffer; readonly complete: boolean };
}

const CHUNK = 1 << 20;

export async function scanLedger(
  file: string,
  onEntry?: (scanned: ScannedEntry) => void,
): Promise<ScanResult> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { count: 0, head: { seq: 0, hash: GENESIS_HASH }, validBytes: 0 };
    }
    throw error;
  }
  try {
    let head = { seq: 0, hash: GENESIS_HASH };
    let position = 0;
    let lineStart = 0;
    let pending = Buffer.alloc(0);
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let data = Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
      let newline = data.indexOf(0x0a);
      while (newline >= 0) {
        const raw = data.subarray(0, newline);
        const result = checkLine(raw.toString('utf8'), { seq: head.seq + 1, prev: head.hash });
        if (!result.ok) {
          return {
            count: head.seq,
            head,
            validBytes: lineStart,
            bad: { line: head.seq + 1, reason: result.reason },
          };
        }
        onEntry?.({ entry: result.entry, offset: lineStart, length: newline + 1 });
        head = { seq: result.entry.seq, hash: result.entry.hash };
        lineStart += newline + 1;
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      pending = Buffer.from(data);
    }
    if (pending.length === 0) return { count: head.seq, head, validBytes: lineStart };
    const check = checkLine(pending.toString('utf8'), { seq: head.seq + 1, prev: head.hash });
    return {
      count: head.seq,
      head,
      validBytes: lineStart,
      tail: { offset: lineStart, bytes: pending, complete: check.ok },
    };
  } finally {
    await handle.close();
  }
}
