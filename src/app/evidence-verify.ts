// `tsunagi evidence verify DIR`: checks an evidence export against itself and against the ledger.
// Each item's bytes must hash to what manifest.json says, and the ledger entry the manifest names
// (its seq and hash, in an intact chain) must record that same hash; manifest.json must be the one
// recorded by its export, and custody.json's entries must be the ledger's. Read-only, so it runs
// beside the bot.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, UserInputError } from '../core/errors.js';
import { EVIDENCE_ADDED_TYPES, type CustodyEventData } from '../core/evidence/evidence-events.js';
import { sha256Hex } from '../core/evidence/evidence-store.js';
import type { Bilingual } from '../core/i18n/locale.js';
import { LEDGER_FILE } from '../store/ledger/file-ledger.js';
import { scanLedger } from '../store/ledger/scan-ledger.js';
import { LEDGER_DIR } from '../store/file-repository.js';
import type { LedgerEntry } from '../store/repository.js';
import {
  CUSTODY_FILE,
  ITEMS_DIR,
  MANIFEST_FILE,
  type Manifest,
  type ManifestItem,
} from '../core/evidence/evidence-package.js';

export interface VerifyCheck {
  /** An item id, or the file checked (manifest.json, custody.json, the ledger). */
  readonly what: string;
  readonly file?: string;
  readonly ok: boolean;
  readonly reason?: Bilingual;
}

export interface EvidenceVerifyReport {
  readonly ok: boolean;
  readonly incident: string;
  readonly checks: readonly VerifyCheck[];
}

export async function verifyEvidenceExport(folder: string, dataDir: string): Promise<EvidenceVerifyReport> {
  const manifestBytes = await readFile(path.join(folder, MANIFEST_FILE)).catch((error: unknown) => {
    throw new UserInputError(
      {
        ja: `${folder} は証跡の書き出しフォルダではありません（${MANIFEST_FILE} を読めません）。tsunagi evidence export で作ったフォルダを指定してください。`,
        en: `${folder} is not an evidence export (cannot read ${MANIFEST_FILE}). Give a folder made by tsunagi evidence export.`,
      },
      undefined,
      { cause: error },
    );
  });
  const manifest = parseManifest(manifestBytes, folder);
  const manifestSha256 = sha256Hex(manifestBytes);
  const custody = await readCustody(folder);

  const ledgerFile = path.join(dataDir, LEDGER_DIR, LEDGER_FILE);
  const wanted = new Set([...manifest.items.map((i) => i.ledger.seq), ...(custody ?? []).map((e) => e.seq)]);
  const found = new Map<number, LedgerEntry>();
  let exportEntry: LedgerEntry | undefined;
  const scan = await scanLedger(ledgerFile, ({ entry }) => {
    if (wanted.has(entry.seq)) found.set(entry.seq, entry);
    if (
      entry.type === 'evidence.exported' &&
      (entry.data as CustodyEventData['evidence.exported']).manifest_sha256 === manifestSha256
    ) {
      exportEntry ??= entry;
    }
  });
  if (scan.count === 0 && !scan.bad) {
    throw new NotFoundError({
      ja: `台帳 ${ledgerFile} がないか空です。--data-dir（または TSUNAGI_DATA_DIR）で書き出し元のデータディレクトリを指定してください。`,
      en: `No ledger (or an empty one) at ${ledgerFile}. Point --data-dir (or TSUNAGI_DATA_DIR) at the data directory the export came from.`,
    });
  }

  const checks: VerifyCheck[] = [];
  if (scan.bad) {
    checks.push({
      what: 'ledger',
      file: ledgerFile,
      ok: false,
      reason: {
        ja: `台帳の ${scan.bad.line} 行目でハッシュチェーンが切れています（${scan.bad.reason.ja}）。それ以降のエントリは確認できません`,
        en: `the ledger's hash chain breaks at line ${scan.bad.line} (${scan.bad.reason.en}); entries from there on cannot be confirmed`,
      },
    });
  }
  checks.push(
    exportEntry
      ? { what: MANIFEST_FILE, file: MANIFEST_FILE, ok: true }
      : {
          what: MANIFEST_FILE,
          file: MANIFEST_FILE,
          ok: false,
          reason: {
            ja: 'この manifest.json を記録した書き出しが台帳にありません（変更されたか、別の台帳からの書き出しです）',
            en: 'no export in the ledger recorded this manifest.json (it was changed, or comes from another ledger)',
          },
        },
  );
  for (const item of manifest.items) checks.push(await checkItem(folder, item, found.get(item.ledger.seq)));
  for (const extra of await unlistedItems(folder, manifest)) {
    checks.push({
      what: extra,
      file: extra,
      ok: false,
      reason: { ja: 'manifest.json にないファイルです', en: 'a file that is not in manifest.json' },
    });
  }
  checks.push(checkCustody(custody, found));
  return { ok: checks.every((c) => c.ok), incident: manifest.incident.id, checks };
}

async function checkItem(
  folder: string,
  item: ManifestItem,
  entry: LedgerEntry | undefined,
): Promise<VerifyCheck> {
  const base = { what: item.id, file: item.file };
  const fail = (reason: Bilingual): VerifyCheck => ({ ...base, ok: false, reason });
  const full = path.resolve(folder, item.file);
  if (!full.startsWith(path.resolve(folder, ITEMS_DIR) + path.sep)) {
    return fail({
      ja: `ファイル名が ${ITEMS_DIR}/ の外を指しています`,
      en: `the file name points outside ${ITEMS_DIR}/`,
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch (error) {
    return fail({
      ja: `ファイルを読めません（${(error as Error).message}）`,
      en: `cannot read the file (${(error as Error).message})`,
    });
  }
  if (sha256Hex(bytes) !== item.sha256) {
    return fail({
      ja: '内容が manifest.json の SHA-256 と一致しません（ファイルが変更されています）',
      en: "content does not match manifest.json's SHA-256 (the file was changed)",
    });
  }
  if (!entry) {
    return fail({
      ja: `台帳に #${item.ledger.seq} のエントリがありません（または壊れた位置より後です）`,
      en: `the ledger has no entry #${item.ledger.seq} (or it lies beyond a break in the chain)`,
    });
  }
  if (entry.hash !== item.ledger.hash || !(EVIDENCE_ADDED_TYPES as readonly string[]).includes(entry.type)) {
    return fail({
      ja: `台帳の #${item.ledger.seq} は manifest.json が示す証跡のエントリではありません`,
      en: `ledger entry #${item.ledger.seq} is not the evidence entry manifest.json names`,
    });
  }
  if ((entry.data as { sha256?: unknown }).sha256 !== item.sha256) {
    return fail({
      ja: `台帳 #${item.ledger.seq} に記録された SHA-256 と manifest.json が一致しません`,
      en: `the SHA-256 recorded in ledger #${item.ledger.seq} differs from manifest.json`,
    });
  }
  return { ...base, ok: true };
}

function checkCustody(
  custody: readonly LedgerEntry[] | undefined,
  found: Map<number, LedgerEntry>,
): VerifyCheck {
  const base = { what: CUSTODY_FILE, file: CUSTODY_FILE };
  if (!custody) {
    return { ...base, ok: false, reason: { ja: '読めません', en: 'cannot be read' } };
  }
  const wrong = custody.find((entry) => found.get(entry.seq)?.hash !== entry.hash);
  if (wrong) {
    return {
      ...base,
      ok: false,
      reason: {
        ja: `#${wrong.seq} のエントリが台帳と一致しません`,
        en: `entry #${wrong.seq} does not match the ledger`,
      },
    };
  }
  return { ...base, ok: true };
}

/** Files in items/ that the manifest does not list (something added after the export). */
async function unlistedItems(folder: string, manifest: Manifest): Promise<string[]> {
  const listed = new Set(manifest.items.map((i) => path.normalize(i.file)));
  let names: string[];
  try {
    names = await readdir(path.join(folder, ITEMS_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.map((n) => path.join(ITEMS_DIR, n)).filter((file) => !listed.has(path.normalize(file)));
}

async function readCustody(folder: string): Promise<LedgerEntry[] | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(folder, CUSTODY_FILE), 'utf8')) as {
      entries?: unknown;
    };
    return Array.isArray(parsed.entries) ? (parsed.entries as LedgerEntry[]) : undefined;
  } catch (error) {
    if (error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseManifest(bytes: Buffer, folder: string): Manifest {
  const invalid = (detail: string): UserInputError =>
    new UserInputError({
      ja: `${path.join(folder, MANIFEST_FILE)} が正しくありません（${detail}）。`,
      en: `${path.join(folder, MANIFEST_FILE)} is not valid (${detail}).`,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const manifest = parsed as Partial<Manifest>;
  if (typeof manifest.incident?.id !== 'string' || !Array.isArray(manifest.items)) {
    throw invalid('incident.id / items');
  }
  for (const item of manifest.items as Partial<ManifestItem>[]) {
    if (
      typeof item.id !== 'string' ||
      typeof item.file !== 'string' ||
      typeof item.sha256 !== 'string' ||
      typeof item.ledger?.seq !== 'number' ||
      typeof item.ledger.hash !== 'string'
    ) {
      throw invalid(`items: ${JSON.stringify(item).slice(0, 80)}`);
    }
  }
  return manifest as Manifest;
}
