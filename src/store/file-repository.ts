// The default Repository: events in the hash-chained JSONL ledger (durable, append-only), derived
// state in a lowdb document (state.json, rewritten atomically). State is a
// snapshot of the projections at a ledger position; entries after it are replayed at start-up.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { StorageError } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { GENESIS_HASH, type LedgerEntry, type NewLedgerEntry } from './ledger/entry.js';
import { FileLedger, setAside } from './ledger/file-ledger.js';
import type { Projection, Repository } from './repository.js';

export const STATE_FILE = 'state.json';
export const LEDGER_DIR = 'ledger';

interface ProjectionSnapshot {
  version: number;
  seq: number;
  hash: string;
  state: unknown;
}

export interface StateDocument {
  format: 1;
  projections: Record<string, ProjectionSnapshot>;
}

export interface FileRepositoryOptions {
  readonly dataDir: string;
  readonly projections: readonly Projection<unknown>[];
  readonly logger: Logger;
  readonly now?: () => Date;
}

/** At most one state.json rewrite per interval; commits in between are coalesced. */
const SNAPSHOT_INTERVAL_MS = 1000;

export class FileRepository implements Repository {
  /** Entries were applied since the last snapshot write started. */
  private dirty = false;
  private writeTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  private constructor(
    private readonly db: Low<StateDocument>,
    private readonly ledger: FileLedger,
    private readonly live: Map<string, { projection: Projection<unknown>; snapshot: ProjectionSnapshot }>,
    private readonly lock: DataDirLock,
    private readonly logger: Logger,
  ) {}

  static async open(options: FileRepositoryOptions): Promise<FileRepository> {
    const { dataDir, logger } = options;
    await mkdir(dataDir, { recursive: true });
    const lock = await lockDataDir(dataDir);
    try {
      const db = await readState(path.join(dataDir, STATE_FILE), logger);
      const live = new Map<string, { projection: Projection<unknown>; snapshot: ProjectionSnapshot }>();
      for (const projection of options.projections) {
        if (live.has(projection.name)) throw new Error(`projection ${projection.name} registered twice`);
        let snapshot = db.data.projections[projection.name];
        if (!snapshot || snapshot.version !== projection.version) {
          if (snapshot)
            logger.info(
              { projection: projection.name },
              'projection version changed: rebuilding from the ledger',
            );
          snapshot = { version: projection.version, seq: 0, hash: GENESIS_HASH, state: projection.initial() };
        }
        live.set(projection.name, { projection, snapshot });
      }

      const replay = (entry: LedgerEntry): void => {
        for (const { projection, snapshot } of live.values()) {
          if (entry.seq === snapshot.seq && entry.hash !== snapshot.hash) {
            throw new StorageError({
              ja: `state.json（${projection.name}）は台帳の ${entry.seq} 行目と一致しません。台帳が書き換えられた可能性があります。\`tsunagi ledger verify\` で確認してください。`,
              en: `state.json (${projection.name}) does not match ledger line ${entry.seq}; the ledger may have been rewritten. Check with \`tsunagi ledger verify\`.`,
            });
          }
          if (entry.seq > snapshot.seq) applySafely(projection, snapshot, entry, logger);
        }
      };
      // Bound once the repository exists; no entry can be committed before then.
      let afterCommit: (entries: readonly LedgerEntry[]) => void = () => undefined;
      const ledger = await FileLedger.open(path.join(dataDir, LEDGER_DIR), {
        onEntry: replay,
        onCommitted: (entries) => afterCommit(entries),
        ...(options.now ? { now: options.now } : {}),
      });
      if (ledger.recovery.setAside) {
        logger.warn(
          { file: ledger.recovery.setAside.file, bytes: ledger.recovery.setAside.bytes },
          'an unfinished ledger write (never acknowledged) was set aside at start-up',
        );
      }
      for (const { projection, snapshot } of live.values()) {
        if (snapshot.seq > ledger.headSeq) {
          await ledger.close();
          throw new StorageError({
            ja: `state.json（${projection.name}）は台帳の ${snapshot.seq} 件目までを反映していますが、台帳には ${ledger.headSeq} 件しかありません。台帳の末尾が失われています。バックアップから復元してください。`,
            en: `state.json (${projection.name}) reflects ${snapshot.seq} ledger entries but the ledger holds only ${ledger.headSeq}: entries at its end are missing. Restore it from a backup.`,
          });
        }
      }
      const repository = new FileRepository(db, ledger, live, lock, logger);
      afterCommit = (entries) => repository.applyCommitted(entries);
      repository.dirty = true;
      await repository.flush();
      return repository;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  get ledgerHead(): { seq: number; hash: string } {
    return { seq: this.ledger.headSeq, hash: this.ledger.headHash };
  }

  commit<D>(entry: NewLedgerEntry<D>): Promise<LedgerEntry<D>> {
    return this.ledger.append(entry) as Promise<LedgerEntry<D>>;
  }

  state<S>(projection: Projection<S>): S {
    const found = this.live.get(projection.name);
    if (!found) throw new Error(`projection ${projection.name} is not registered`);
    return found.snapshot.state as S;
  }

  entriesFor(subject: string): Promise<LedgerEntry[]> {
    return this.ledger.entriesFor(subject);
  }

  async close(): Promise<void> {
    await this.ledger.close();
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    await this.writing;
    this.dirty = true;
    await this.flush();
    await this.lock.release();
  }

  /** Applies committed entries to the projections in ledger order, then schedules a snapshot. */
  private applyCommitted(entries: readonly LedgerEntry[]): void {
    for (const entry of entries) {
      for (const { projection, snapshot } of this.live.values())
        applySafely(projection, snapshot, entry, this.logger);
    }
    this.scheduleWrite();
  }

  private scheduleWrite(): void {
    this.dirty = true;
    if (this.writeTimer || this.writing) return;
    // The ledger already holds every entry and start-up replays the entries after the snapshot, so
    // the snapshot only needs to be recent, not current: rewriting the whole state.json after every
    // commit made each commit cost O(state size) (see bench/playbook-engine.bench.ts).
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      this.flush().catch((error: unknown) => {
        this.logger.error(
          { err: error },
          'writing the state snapshot failed; it will be rebuilt from the ledger',
        );
      });
    }, SNAPSHOT_INTERVAL_MS);
    this.writeTimer.unref();
  }

  /** Writes snapshots until nothing new was applied meanwhile; one write at a time. */
  private async flush(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      for (const [name, { snapshot }] of this.live) this.db.data.projections[name] = snapshot;
      this.writing = this.db.write();
      try {
        await this.writing;
      } finally {
        this.writing = undefined;
      }
    }
  }
}

function applySafely(
  projection: Projection<unknown>,
  snapshot: ProjectionSnapshot,
  entry: LedgerEntry,
  logger: Logger,
): void {
  try {
    projection.apply(snapshot.state, entry);
  } catch (error) {
    // A projection bug must not stop the ledger; the entry is safe on disk and the state can be
    // rebuilt by bumping the projection's version once fixed.
    logger.error(
      { err: error, projection: projection.name, seq: entry.seq, type: entry.type },
      'projection failed to apply an entry',
    );
  }
  snapshot.seq = entry.seq;
  snapshot.hash = entry.hash;
}

async function readState(file: string, logger: Logger): Promise<Low<StateDocument>> {
  const fresh = (): StateDocument => ({ format: 1, projections: {} });
  const db = new Low<StateDocument>(new JSONFile<StateDocument>(file), fresh());
  try {
    await db.read();
  } catch (error) {
    // A damaged snapshot is not data loss: the ledger holds every event. Keep the file for
    // inspection and rebuild.
    const moved = await setAside(file);
    logger.warn(
      { err: error, movedTo: moved },
      'state.json could not be read; rebuilding state from the ledger',
    );
    db.data = fresh();
  }
  db.data.projections ??= {};
  return db;
}
