// `tsunagi ledger verify`: checks the whole hash chain, and that the ledger still holds every entry
// the state snapshot says it had (so removing entries from the end is detected too).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LEDGER_DIR, STATE_FILE, type StateDocument } from '../file-repository.js';
import { LEDGER_FILE } from './file-ledger.js';
import { scanLedger } from './scan-ledger.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly file: string;
  readonly entries: number;
  readonly headHash: string;
  /** The first bad line (1-based) and why. */
  readonly failure?: { readonly line: number; readonly reason: string };
  readonly warnings: readonly string[];
}

export async function verifyLedger(dataDir: string): Promise<VerifyReport> {
  const file = path.join(dataDir, LEDGER_DIR, LEDGER_FILE);
  const warnings: string[] = [];
  const expectations = await snapshotPositions(path.join(dataDir, STATE_FILE), warnings);
  const seen = new Map<number, string>();
  const scan = await scanLedger(file, ({ entry }) => {
    if (expectations.has(entry.seq)) seen.set(entry.seq, entry.hash);
  });
  const base = { file, entries: scan.count, headHash: scan.head.hash, warnings };
  if (scan.bad) return { ...base, ok: false, failure: scan.bad };
  if (scan.tail) {
    if (scan.tail.complete) {
      warnings.push(`line ${scan.count + 1} is complete but lacks its final newline; start-up will add it`);
    } else {
      warnings.push(
        `line ${scan.count + 1} is an unfinished write (${scan.tail.bytes.length} bytes, never acknowledged); start-up sets it aside`,
      );
    }
  }
  const available = scan.count + (scan.tail?.complete ? 1 : 0);
  for (const [seq, hash] of [...expectations].sort((a, b) => a[0] - b[0])) {
    if (seq > available) {
      return {
        ...base,
        ok: false,
        failure: {
          line: available + 1,
          reason: `missing: state.json records ${seq} entries but the ledger ends after ${available} (entries were removed)`,
        },
      };
    }
    const actual = seen.get(seq);
    if (actual !== undefined && actual !== hash) {
      return {
        ...base,
        ok: false,
        failure: {
          line: seq,
          reason: 'differs from the entry state.json recorded at this position (the ledger was rewritten)',
        },
      };
    }
  }
  return { ...base, ok: true };
}

async function snapshotPositions(stateFile: string, warnings: string[]): Promise<Map<number, string>> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  let doc: Partial<StateDocument>;
  try {
    doc = JSON.parse(text) as Partial<StateDocument>;
  } catch {
    warnings.push(
      `${stateFile} is not readable JSON, so entries removed from the end of the ledger cannot be detected`,
    );
    return new Map();
  }
  const positions = new Map<number, string>();
  for (const snapshot of Object.values(doc.projections ?? {})) {
    if (snapshot.seq > 0) positions.set(snapshot.seq, snapshot.hash);
  }
  return positions;
}
