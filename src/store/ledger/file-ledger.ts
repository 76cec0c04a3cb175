// The append-only ledger on disk. Appends are group-committed: whatever arrives while a write is
// in flight goes out in the next write, and every entry's promise resolves only after fdatasync,
// so an acknowledged entry survives a crash. Appending costs the same however long the ledger is:
// the head hash and the per-subject index are kept in memory.
import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../../core/errors.js';
import { serializeEntry, type LedgerEntry, type NewLedgerEntry } from './entry.js';
import { scanLedger, type ScannedEntry } from './scan-ledger.js';
import { syncDirectory } from '../sync-directory.js';

export const LEDGER_FILE = 'ledger.jsonl';

export interface LedgerRecovery {
  /** Where an unfinished last line was moved, if there was one. */
  readonly setAside?: { readonly file: string; readonly bytes: number };
  /** True when the last line lacked only its newline and was kept. */
  readonly completedTail?: boolean;
}

export interface OpenLedgerOptions {
  /** Called for each verified entry while the ledger is read at start-up, in order. */
  readonly onEntry?: (entry: LedgerEntry) => void;
  /** Called with each batch once it is on disk, before the appenders' promises resolve. */
  readonly onCommitted?: (entries: readonly LedgerEntry[]) => void;
  readonly now?: () => Date;
}

interface Pending {
  readonly input: NewLedgerEntry;
  readonly resolve: (entry: LedgerEntry) => void;
  readonly reject: (error: unknown) => void;
}

interface Location {
  readonly offset: number;
  readonly length: number;
}

export class FileLedger {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    private head: { seq: number; hash: string },
    private size: number,
    private readonly index: Map<string, Location[]>,
    readonly recovery: LedgerRecovery,
    private readonly options: OpenLedgerOptions,
  ) {}

  static async open(directory: string, options: OpenLedgerOptions = {}): Promise<FileLedger> {
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, LEDGER_FILE);
    const index = new Map<string, Location[]>();
    const remember = ({ entry, offset, length }: ScannedEntry): void => {
      const where = { offset, length };
      let list = index.get(entry.subject);
      if (!list) index.set(entry.subject, (list = []));
      list.push(where);
      options.onEntry?.(entry);
    };
    const scan = await scanLedger(file, remember);
    if (scan.bad) {
      throw new StorageError({
        ja: `台帳 ${file} の ${scan.bad.line} 行目が壊れているか改ざんされています。${scan.bad.reason.ja}。起動を中止しました。\`tsunagi ledger verify\` で確認し、バックアップから復元してください。`,
        en: `Ledger ${file} line ${scan.bad.line} is damaged or was altered (${scan.bad.reason.en}). Start-up stopped. Check with \`tsunagi ledger verify\` and restore from a backup.`,
      });
    }
    const created = scan.count === 0 && !scan.tail;
    const handle = await open(file, 'a+');
    let head = scan.head;
    let size = scan.validBytes;
    let recovery: LedgerRecovery = {};
    if (scan.tail) {
      if (scan.tail.complete) {
        // The write stopped just before its newline: the entry is whole and chained, so keep it.
        await handle.write('\n', null);
        await handle.datasync();
        const text = scan.tail.bytes.toString('utf8');
        const entry = JSON.parse(text) as LedgerEntry;
        remember({ entry, offset: scan.tail.offset, length: scan.tail.bytes.length + 1 });
        head = { seq: entry.seq, hash: entry.hash };
        size = scan.tail.offset + scan.tail.bytes.length + 1;
        recovery = { completedTail: true };
      } else {
        // An unfinished write was never acknowledged. Keep its bytes beside the ledger for
        // inspection rather than dropping them, then cut the ledger back to its last whole entry.
        const aside = path.join(directory, `torn-${new Date().toISOString().replace(/[:.]/g, '-')}.bin`);
        await writeFile(aside, scan.tail.bytes, { flush: true });
        await handle.truncate(scan.tail.offset);
        await handle.datasync();
        recovery = { setAside: { file: aside, bytes: scan.tail.bytes.length } };
      }
    }
    if (created) await syncDirectory(directory);
    return new FileLedger(handle, file, head, size, index, recovery, options);
  }

  get headSeq(): number {
    return this.head.seq;
  }
  get headHash(): string {
    return this.head.hash;
  }

  append(input: NewLedgerEntry): Promise<LedgerEntry> {
    if (this.closed) {
      return Promise.reject(
        new StorageError({ ja: '台帳は既に閉じられています。', en: 'The ledger is already closed.' }),
      );
    }
    return new Promise<LedgerEntry>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Entries about one subject (an incident, later an alert or change), in order. */
  async entriesFor(subject: string): Promise<LedgerEntry[]> {
    return this.readLocations(this.index.get(subject) ?? []);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.handle.close();
  }

  private async readLocations(list: readonly Location[]): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    for (const { offset, length } of list) {
      const buffer = Buffer.alloc(length);
      await this.handle.read(buffer, 0, length, offset);
      entries.push(JSON.parse(buffer.toString('utf8')) as LedgerEntry);
    }
    return entries;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.writeBatch(batch);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    const ts = (this.options.now?.() ?? new Date()).toISOString();
    let { seq, hash } = this.head;
    const lines: string[] = [];
    const entries: LedgerEntry[] = [];
    for (const { input } of batch) {
      const serialized = serializeEntry(input, { seq: seq + 1, ts, prev: hash });
      lines.push(serialized.line);
      entries.push(serialized.entry);
      seq = serialized.entry.seq;
      hash = serialized.entry.hash;
    }
    const buffer = Buffer.from(lines.join(''), 'utf8');
    try {
      let written = 0;
      while (written < buffer.length) {
        const { bytesWritten } = await this.handle.write(buffer, written, buffer.length - written, null);
        written += bytesWritten;
      }
      await this.handle.datasync();
    } catch (error) {
      await this.rollBack();
      const failure = new StorageError(
        {
          ja: `台帳への書き込みに失敗しました（${(error as Error).message}）。操作は記録されていません。ディスクの空き容量と権限を確認してください。`,
          en: `Writing to the ledger failed (${(error as Error).message}). The action was not recorded. Check disk space and permissions.`,
        },
        { cause: error },
      );
      for (const item of batch) item.reject(failure);
      return;
    }
    let offset = this.size;
    entries.forEach((entry, i) => {
      const length = Buffer.byteLength(lines[i]!, 'utf8');
      const where = { offset, length };
      let list = this.index.get(entry.subject);
      if (!list) this.index.set(entry.subject, (list = []));
      list.push(where);
      offset += length;
    });
    this.size = offset;
    this.head = { seq, hash };
    this.options.onCommitted?.(entries);
    batch.forEach((item, i) => item.resolve(entries[i]!));
  }

  /** After a failed write, cut off whatever part of it reached the file. */
  private async rollBack(): Promise<void> {
    try {
      await this.handle.truncate(this.size);
    } catch (error) {
      // Nothing more can be done here; start-up will set the partial line aside.
      process.emitWarning(`ledger roll-back failed: ${(error as Error).message}`);
    }
  }
}

/** Moves a file aside with a timestamp, for damaged state that must not be silently discarded. */
export async function setAside(file: string): Promise<string> {
  const target = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, target);
  return target;
}
