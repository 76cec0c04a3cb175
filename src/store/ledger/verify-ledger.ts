// `tsunagi ledger verify`: checks the whole hash chain, and that the ledger still holds every entry
// the state snapshot says it had (so removing entries from the end is detected too).
import { access, readFile } from 'node:fs/promises';
import { NotFoundError } from '../../core/errors.js';
import path from 'node:path';
import type { Bilingual } from '../../core/i18n/locale.js';
import { LEDGER_DIR, STATE_FILE, type StateDocument } from '../file-repository.js';
import { LEDGER_FILE } from './file-ledger.js';
import { scanLedger } from './scan-ledger.js';

export interface VerifyReport {
  readonly ok: boolean;
  readonly file: string;
  readonly entries: number;
  readonly headHash: string;
  /** The first bad line (1-based) and why. */
  readonly failure?: { readonly line: number; readonly reason: Bilingual };
  readonly warnings: readonly Bilingual[];
}

export async function verifyLedger(dataDir: string): Promise<VerifyReport> {
  const file = path.join(dataDir, LEDGER_DIR, LEDGER_FILE);
  // A mistyped --data-dir must not look like an intact (empty) ledger.
  await access(file).catch(() => {
    throw new NotFoundError({
      ja: `台帳 ${file} が見つかりません。--data-dir（または TSUNAGI_DATA_DIR）を確認してください。`,
      en: `No ledger at ${file}. Check --data-dir (or TSUNAGI_DATA_DIR).`,
    });
  });
  const warnings: Bilingual[] = [];
  const expectations = await snapshotPositions(path.join(dataDir, STATE_FILE), warnings);
  const seen = new Map<number, string>();
  const scan = await scanLedger(file, ({ entry }) => {
    if (expectations.has(entry.seq)) seen.set(entry.seq, entry.hash);
  });
  const base = { file, entries: scan.count, headHash: scan.head.hash, warnings };
  if (scan.bad) return { ...base, ok: false, failure: scan.bad };
  if (scan.tail) {
    if (scan.tail.complete) {
      warnings.push({
        ja: `${scan.count + 1} 行目は完全なエントリですが末尾の改行がありません。起動時に補われます`,
        en: `line ${scan.count + 1} is complete but lacks its final newline; start-up will add it`,
      });
    } else {
      warnings.push({
        ja: `${scan.count + 1} 行目は書き込み途中で終わっています（${scan.tail.bytes.length} バイト、確定前のもの）。起動時に別ファイルへ退避されます`,
        en: `line ${scan.count + 1} is an unfinished write (${scan.tail.bytes.length} bytes, never acknowledged); start-up sets it aside`,
      });
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
          reason: {
            ja: `欠落: state.json には ${seq} 件と記録されていますが、台帳は ${available} 件で終わっています。末尾のエントリが削除されています`,
            en: `missing: state.json records ${seq} entries but the ledger ends after ${available} (entries were removed)`,
          },
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
          reason: {
            ja: 'state.json がこの位置に記録したエントリと異なります。台帳が書き換えられています',
            en: 'differs from the entry state.json recorded at this position (the ledger was rewritten)',
          },
        },
      };
    }
  }
  return { ...base, ok: true };
}

async function snapshotPositions(stateFile: string, warnings: Bilingual[]): Promise<Map<number, string>> {
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
    warnings.push({
      ja: `${stateFile} が JSON として読めないため、台帳末尾からの削除は検出できません`,
      en: `${stateFile} is not readable JSON, so entries removed from the end of the ledger cannot be detected`,
    });
    return new Map();
  }
  const positions = new Map<number, string>();
  for (const snapshot of Object.values(doc.projections ?? {})) {
    if (snapshot.seq > 0) positions.set(snapshot.seq, snapshot.hash);
  }
  return positions;
}
