// What the notice pollers remember between polls and across restarts (data/feeds-state.json): per
// source, the validators and cursor of the last poll whose notices were ingested (so the next poll
// asks only for what changed) and its health (last success, last error, failures in a row, next
// poll). Small and rewritten on every poll, so lowdb, with the poller as its one writer. Which
// notices were seen is not kept here: the ledger holds them (NoticeService dedups on ingest).
// The audit poller uses the same store for data/audit-state.json, its cursor serialised as JSON.
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Bilingual } from '../../core/i18n/locale.js';
import type { Logger } from '../../observability/logger.js';
import { setAside } from '../../store/ledger/file-ledger.js';

export const FEEDS_STATE_FILE = 'feeds-state.json';

/** Where the next poll starts from: HTTP validators for feeds, a cursor for the APIs. */
export interface FeedValidators {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly cursor?: string;
}

export interface StoredSourceState extends FeedValidators {
  /** ISO 8601 of the last poll that succeeded. */
  readonly lastSuccess?: string;
  /** ISO 8601 of the last poll that failed, and why (for people; never secrets or stack traces). */
  readonly lastFailure?: string;
  readonly lastError?: Bilingual;
  readonly consecutiveFailures: number;
  /** ISO 8601: not polled on schedule before this (the interval, or a back-off after failures). */
  readonly nextPoll?: string;
  /** ISO 8601: the provider asked (Retry-After) not to be called before this; kept across a restart. */
  readonly retryAfterUntil?: string;
}

interface FeedsStateDocument {
  version: 1;
  sources: Record<string, StoredSourceState>;
}

export class FeedStateStore {
  private constructor(private readonly db: Low<FeedsStateDocument>) {}

  /**
   * Opens the file (absent: empty). A damaged file is set aside and the pollers start afresh: they
   * fetch everything once more, which NoticeService absorbs, so nothing is lost or posted twice.
   */
  static async open(
    dataDir: string,
    logger?: Logger,
    /** The audit poller keeps its own file (audit-state.json) in the same shape. */
    fileName = FEEDS_STATE_FILE,
  ): Promise<FeedStateStore> {
    const file = path.join(dataDir, fileName);
    const fresh = (): FeedsStateDocument => ({ version: 1, sources: {} });
    const db = new Low<FeedsStateDocument>(new JSONFile(file), fresh());
    try {
      await db.read();
    } catch (error) {
      const movedTo = await setAside(file);
      logger?.warn({ err: error, movedTo }, `${fileName} could not be read; polling every source afresh`);
      db.data = fresh();
    }
    db.data.sources ??= {};
    return new FeedStateStore(db);
  }

  get(sourceId: string): StoredSourceState {
    return this.db.data.sources[sourceId] ?? { consecutiveFailures: 0 };
  }

  /** Replaces a source's state and writes the file (lowdb writes atomically: temp file, rename). */
  async put(sourceId: string, state: StoredSourceState): Promise<void> {
    this.db.data.sources[sourceId] = state;
    await this.db.write();
  }
}
