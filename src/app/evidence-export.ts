// `tsunagi evidence export INC-n`: copies an incident's evidence out of Tsunagi into a folder that
// anyone can check without Tsunagi — the items exactly as stored, manifest.json (what each item is,
// who added it when, and the ledger entry that recorded it), SHA256SUMS for `sha256sum -c`, and
// custody.json (every listing and export of these items); the content is built by
// src/core/evidence/evidence-package.ts, as for the zip the incident board hands out while the bot
// runs. The export is recorded in the ledger before any file is written, so it appears in its own
// custody log and cannot happen unrecorded; that needs the data directory to itself, like the bot
// (stop the bot, run it on a copy, or download the zip from the board instead).
import { access, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { NotFoundError, StorageError, TsunagiError, UserInputError } from '../core/errors.js';
import {
  checkStoredItems,
  custodyOf,
  defaultExportName,
  exportedData,
  exportFiles,
  ITEMS_DIR,
  prepareExport,
  type ExportFile,
} from '../core/evidence/evidence-package.js';
import { EvidenceStore } from '../core/evidence/evidence-store.js';
import type { LedgerActor } from '../store/ledger/entry.js';
import { FileLedger, LEDGER_FILE } from '../store/ledger/file-ledger.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { LEDGER_DIR } from '../store/file-repository.js';
import type { LedgerEntry } from '../store/repository.js';
import { IncidentEvidenceScan } from './evidence-ledger.js';
import { exportTarget } from './export-target.js';

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
  const folder = path.resolve(options.cwd, options.out ?? defaultExportName(id, options.now));
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
        ja: `${error.userMessage.ja} 証跡の書き出しは台帳に記録されるため、データディレクトリを単独で使います。ボットを動かしたまま書き出すには、チャットで /tsunagi board と送って開くインシデントボードで、${id} の「証跡をダウンロード（ZIP）」を使ってください（同じ内容の ZIP が、あなたの名前で台帳に記録されます）。または、ボットを止めて書き出し、その後ボットを起動し直してください。`,
        en: `${error.userMessage.en} An evidence export is recorded in the ledger, so it needs the data directory to itself. To export while the bot runs, open the incident board (send /tsunagi board in chat) and use "Download evidence (zip)" on ${id}: the same content as a zip, recorded in the ledger under your name. Or stop the bot, export, then start the bot again.`,
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
      await checkStoredItems(store, items);
      const prepared = prepareExport({
        incident: { id, title: scan.title },
        items,
        at: options.now,
        by,
        head: { seq: ledger.headSeq, hash: ledger.headHash },
        ...(party ? { party: party.id } : {}),
      });
      const entry = await ledger.append({
        type: 'evidence.exported',
        subject: id,
        ...(actor ? { actor } : {}),
        data: exportedData(prepared, path.basename(folder)),
      });
      try {
        await writeExport(folder, exportFiles(store, prepared, [...custodyOf(scan.entries, items), entry]));
      } catch (error) {
        throw new StorageError(
          {
            ja: `書き出しは台帳 #${entry.seq} に記録されましたが、${folder} への書き込みに失敗しました（${(error as Error).message}）。原因を取り除き、空のフォルダにもう一度書き出してください（この失敗も台帳 #${entry.seq} とともに残ります）。`,
            en: `The export was recorded in the ledger (#${entry.seq}) but writing ${folder} failed (${(error as Error).message}). Fix the cause and export again into an empty folder (ledger #${entry.seq} stays as the record of this attempt).`,
          },
          { cause: error },
        );
      }
      return { id, folder, count: items.length, manifestSha256: prepared.manifestSha256, entry };
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

/** Writes the files into the new folder, never over an existing file. */
async function writeExport(folder: string, files: readonly ExportFile[]): Promise<void> {
  await mkdir(path.join(folder, ITEMS_DIR), { recursive: true });
  for (const file of files) await writeFile(path.join(folder, file.path), await file.read(), { flag: 'wx' });
}
