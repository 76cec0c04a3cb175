// `tsunagi evidence export INC-n`: copies an incident's evidence out of Tsunagi into a folder that
// anyone can check without Tsunagi — the items exactly as stored, manifest.json (what each item is,
// who added it when, and the ledger entry that recorded it), SHA256SUMS for `sha256sum -c`, and
// custody.json (every listing and export of these items). The export is recorded in the ledger
// before any file is written, so it appears in its own custody log and cannot happen unrecorded;
// that needs the data directory to itself, like the bot (stop the bot, or run it on a copy).
import { access, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { NotFoundError, StorageError, TsunagiError, UserInputError } from '../core/errors.js';
import type { CustodyEventData } from '../core/evidence/evidence-events.js';
import type { EvidenceItem } from '../core/evidence/evidence-items.js';
import { EvidenceStore, sha256Hex } from '../core/evidence/evidence-store.js';
import type { LedgerActor } from '../store/ledger/entry.js';
import { FileLedger, LEDGER_FILE } from '../store/ledger/file-ledger.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { LEDGER_DIR } from '../store/file-repository.js';
import type { LedgerEntry } from '../store/repository.js';
import { IncidentEvidenceScan } from './evidence-ledger.js';
import { exportTarget } from './export-target.js';

export const MANIFEST_FILE = 'manifest.json';
export const CUSTODY_FILE = 'custody.json';
export const SUMS_FILE = 'SHA256SUMS';
export const ITEMS_DIR = 'items';
export const MANIFEST_FORMAT = 'tsunagi-evidence-export/1';

export interface EvidenceExportOptions {
  readonly dataDir: string;
  readonly incident: string;
  readonly out?: string;
  readonly party?: string;
  /** Who is exporting (a person in tsunagi.yaml); else the OS user, as `os:<name>`. */
  readonly as?: string;
  readonly config?: string;
  readonly cwd: string;
  readonly now: Date;
}

export interface ManifestItem {
  readonly id: string;
  /** Relative to the export folder. */
  readonly file: string;
  readonly kind: string;
  readonly sha256: string;
  readonly size: number;
  readonly source: string;
  readonly added_by: { readonly person: string; readonly party?: string };
  readonly added_at: string;
  readonly incident?: string;
  readonly run?: string;
  readonly step?: string;
  readonly field?: string;
  readonly ledger: { readonly seq: number; readonly hash: string };
  readonly original_sha256?: string;
  readonly masked?: number;
}

export interface Manifest {
  readonly format: string;
  readonly incident: { readonly id: string; readonly title: string };
  readonly exported_at: string;
  readonly exported_by: string;
  readonly party?: string;
  readonly ledger_head: { readonly seq: number; readonly hash: string };
  readonly items: readonly ManifestItem[];
}

export interface EvidenceExportResult {
  readonly id: string;
  readonly folder: string;
  readonly count: number;
  readonly manifestSha256: string;
  /** The `evidence.exported` entry. */
  readonly entry: LedgerEntry;
}

export async function exportEvidence(options: EvidenceExportOptions): Promise<EvidenceExportResult> {
  const { id, directory, party } = exportTarget(options);
  const person = options.as === undefined ? undefined : directory.resolvePerson(options.as, 'console');
  if (options.as !== undefined && !person) {
    throw new UserInputError({
      ja: `--as「${options.as}」は tsunagi.yaml の people にいません。書き出す人の ID を指定してください（省略すると OS のユーザー名で記録します）。`,
      en: `--as "${options.as}" is not one of the people in tsunagi.yaml. Give the id of the person exporting (left out, the OS user name is recorded).`,
    });
  }
  const by = person ? person.id : `os:${osUser()}`;
  const actor: LedgerActor | undefined = person ? { person: person.id, party: person.partyId } : undefined;
  const folder = path.resolve(
    options.cwd,
    options.out ?? `evidence-${id}-${options.now.toISOString().replace(/[-:]/gu, '').slice(0, 15)}`,
  );
  await assertUsableFolder(folder);

  const ledgerFile = path.join(options.dataDir, LEDGER_DIR, LEDGER_FILE);
  await access(ledgerFile).catch((error: unknown) => {
    throw new NotFoundError(
      {
        ja: `台帳 ${ledgerFile} が見つかりません。--data-dir（または TSUNAGI_DATA_DIR）を確認してください。`,
        en: `No ledger at ${ledgerFile}. Check --data-dir (or TSUNAGI_DATA_DIR).`,
      },
      { cause: error },
    );
  });
  const lock = await lockDataDir(options.dataDir).catch((error: unknown) => {
    if (!(error instanceof TsunagiError)) throw error;
    throw new StorageError(
      {
        ja: `${error.userMessage.ja} 証跡の書き出しは台帳に記録されるため、データディレクトリを単独で使います。ボットを止めて書き出し、その後ボットを起動し直してください。`,
        en: `${error.userMessage.en} An evidence export is recorded in the ledger, so it needs the data directory to itself: stop the bot, export, then start the bot again.`,
      },
      { cause: error },
    );
  });
  try {
    const scan = new IncidentEvidenceScan(id);
    const ledger = await FileLedger.open(path.join(options.dataDir, LEDGER_DIR), { onEntry: scan.add });
    try {
      if (scan.title === undefined) {
        throw new NotFoundError({
          ja: `${id} は ${options.dataDir} の台帳にありません。`,
          en: `${id} is not in the ledger in ${options.dataDir}.`,
        });
      }
      const all = scan.items();
      const items = party ? all.filter((i) => i.addedBy?.party === party.id) : all;
      if (items.length === 0) {
        throw new NotFoundError({
          ja: `${id} には${party ? ` ${party.id} が追加した` : ''}証跡がありません。追加: /incident evidence ${id} <テキスト|URL>`,
          en: `${id} has no evidence${party ? ` added by ${party.id}` : ''}. Add some: /incident evidence ${id} <text|url>`,
        });
      }
      const store = new EvidenceStore(options.dataDir);
      // Every item's bytes are checked before the export is recorded: a damaged store exports nothing.
      for (const item of items) await checkBlob(store, item);
      const head = { seq: ledger.headSeq, hash: ledger.headHash };
      const manifest = buildManifest(scan.title, id, items, {
        at: options.now.toISOString(),
        by,
        head,
        ...(party ? { party: party.id } : {}),
      });
      const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
      const manifestSha256 = sha256Hex(Buffer.from(manifestText, 'utf8'));
      const data: CustodyEventData['evidence.exported'] = {
        by,
        destination: path.basename(folder),
        items: items.map((i) => i.id),
        count: items.length,
        manifest_sha256: manifestSha256,
        ledger_head: head,
        ...(party ? { party: party.id } : {}),
      };
      const entry = await ledger.append({
        type: 'evidence.exported',
        subject: id,
        ...(actor ? { actor } : {}),
        data,
      });
      try {
        await writeExport(folder, store, manifest, manifestText, [...scan.custodyOf(items), entry]);
      } catch (error) {
        throw new StorageError(
          {
            ja: `書き出しは台帳 #${entry.seq} に記録されましたが、${folder} への書き込みに失敗しました（${(error as Error).message}）。原因を取り除き、空のフォルダにもう一度書き出してください（この失敗も台帳 #${entry.seq} とともに残ります）。`,
            en: `The export was recorded in the ledger (#${entry.seq}) but writing ${folder} failed (${(error as Error).message}). Fix the cause and export again into an empty folder (ledger #${entry.seq} stays as the record of this attempt).`,
          },
          { cause: error },
        );
      }
      return { id, folder, count: items.length, manifestSha256, entry };
    } finally {
      await ledger.close();
    }
  } finally {
    await lock.release();
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch (error) {
    // A container user without a passwd entry: use what the shell says, or ask who it is.
    const fromShell = process.env.USER ?? process.env.USERNAME;
    if (fromShell) return fromShell;
    throw new UserInputError(
      {
        ja: 'OS のユーザー名がわかりません。書き出す人を --as <人> で指定してください。',
        en: 'The OS user name is unknown. Say who is exporting with --as <person>.',
      },
      undefined,
      { cause: error },
    );
  }
}

async function assertUsableFolder(folder: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw notEmpty(folder);
    entries = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) throw notEmpty(folder);
}

function notEmpty(folder: string): UserInputError {
  return new UserInputError({
    ja: `${folder} は既にあり、空ではありません。書き出しは既存のファイルを上書きしないよう、新しいフォルダか空のフォルダにだけ行います。--out で別のフォルダを指定してください。`,
    en: `${folder} already exists and is not empty. An export never overwrites files, so it goes only into a new or empty folder: give another one with --out.`,
  });
}

async function checkBlob(store: EvidenceStore, item: EvidenceItem): Promise<void> {
  const bytes = await store.read(item.record.sha256);
  if (sha256Hex(bytes) !== item.record.sha256) {
    throw new StorageError({
      ja: `${item.id} の保管内容が記録された SHA-256 と一致しません（${store.pathOf(item.record.sha256)}）。保管庫が損傷しているか改ざんされています。バックアップから復元してください。何も書き出していません。`,
      en: `The stored content of ${item.id} does not match its recorded SHA-256 (${store.pathOf(item.record.sha256)}): the store is damaged or was altered. Restore it from a backup. Nothing was exported.`,
    });
  }
}

/** `E-<n>-<name>`: the item's number, then a name safe on any file system and in SHA256SUMS. */
export function itemFileName(item: EvidenceItem): string {
  const base =
    item.record.kind === 'file'
      ? item.record.source
          .replace(/[^\p{L}\p{N}._-]+/gu, '_')
          .replace(/^[._]+/u, '')
          .slice(-100)
      : `${item.record.kind}.txt`;
  return `${item.id}-${base || 'file'}`;
}

function buildManifest(
  title: string,
  id: string,
  items: readonly EvidenceItem[],
  exported: { at: string; by: string; head: { seq: number; hash: string }; party?: string },
): Manifest {
  return {
    format: MANIFEST_FORMAT,
    incident: { id, title },
    exported_at: exported.at,
    exported_by: exported.by,
    ...(exported.party ? { party: exported.party } : {}),
    ledger_head: exported.head,
    items: items.map((item) => {
      const r = item.record;
      return {
        id: item.id,
        file: `${ITEMS_DIR}/${itemFileName(item)}`,
        kind: r.kind,
        sha256: r.sha256,
        size: r.size ?? 0,
        source: r.source,
        added_by: {
          person: item.addedBy?.person ?? r.by,
          ...(item.addedBy ? { party: item.addedBy.party } : {}),
        },
        added_at: item.addedAt,
        ...(item.run ? { run: item.run.run, step: item.run.step, field: item.run.field } : { incident: id }),
        ledger: { seq: item.seq, hash: item.entryHash },
        ...(r.original_sha256 ? { original_sha256: r.original_sha256 } : {}),
        ...(r.masked ? { masked: r.masked } : {}),
      };
    }),
  };
}

async function writeExport(
  folder: string,
  store: EvidenceStore,
  manifest: Manifest,
  manifestText: string,
  custody: readonly LedgerEntry[],
): Promise<void> {
  await mkdir(path.join(folder, ITEMS_DIR), { recursive: true });
  const sums: string[] = [];
  for (const item of manifest.items) {
    const bytes = await store.read(item.sha256);
    await writeFile(path.join(folder, item.file), bytes, { flag: 'wx' });
    sums.push(`${sha256Hex(bytes)}  ${item.file}`);
  }
  await writeFile(path.join(folder, MANIFEST_FILE), manifestText, { flag: 'wx' });
  sums.push(`${sha256Hex(Buffer.from(manifestText, 'utf8'))}  ${MANIFEST_FILE}`);
  const custodyText = `${JSON.stringify({ incident: manifest.incident.id, entries: custody }, null, 2)}\n`;
  await writeFile(path.join(folder, CUSTODY_FILE), custodyText, { flag: 'wx' });
  sums.push(`${sha256Hex(Buffer.from(custodyText, 'utf8'))}  ${CUSTODY_FILE}`);
  await writeFile(path.join(folder, SUMS_FILE), `${sums.join('\n')}\n`, { flag: 'wx' });
}
