// Polls one audit source: one sweep of its streams from the stored cursor, the new raw records to the
// AuditSink (the alert pipeline), and only then the new cursor stored, so a crash at any point
// repeats a sweep (the sink dedups by event id) and never skips an event. One poll at a time per
// source. A failing stream (throttled, denied, down) keeps its cursor and makes the source "failing"
// and back off (1 min → 1 h, jittered, Retry-After honoured) while the streams that answered still
// move on. Unlike the notice poller, no failure disables a source: a permission fixed in IAM or the
// Admin console is picked up at the next retry, without a restart.
import type { AuditSink, AuditSourceHealth } from '../../core/alerts/audit-sink.js';
import type { Bilingual, Locale } from '../../core/i18n/locale.js';
import type { Logger } from '../../observability/logger.js';
import { abortable } from '../feeds/abortable.js';
import { backoffDelay } from '../feeds/backoff.js';
import type { FeedStateStore, StoredSourceState } from '../feeds/feed-state-store.js';
import { describePollError, retryAfterOf } from '../feeds/poll-error.js';
import type { Unavailable } from '../feeds/source-poller.js';
import type { AuditSourceSettings } from './audit-settings.js';
import type { AuditCursor } from './fetch/audit-cursor.js';
import type { AuditFetcher, StreamFailure } from './fetch/audit-fetcher.js';
import { dueAt, PollRunner, recordPollFailure, retryAfterUntil } from '../poll-runner.js';

export interface AuditPollerDeps {
  /** data/audit-state.json: cursors (as JSON in `cursor`) and health per source. */
  readonly store: FeedStateStore;
  readonly sink: AuditSink;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Bounds one whole sweep (every page of every stream). */
  readonly pollDeadlineMs: number;
  /** The language of `lastError` in /alerts sources. */
  readonly locale: Locale;
  readonly random?: () => number;
}

export interface AuditPollSummary {
  readonly id: string;
  readonly records: number;
  readonly error?: Bilingual;
}

const SWITCHED_OFF: Bilingual = {
  ja: 'tsunagi.yaml で無効になっています（enabled: false）。',
  en: 'Switched off in tsunagi.yaml (enabled: false).',
};
const STOPPING: Bilingual = {
  ja: 'つなぎが停止中のため取得を中断しました。次回起動時に同じ位置から取得します。',
  en: 'Stopped while Tsunagi shuts down; it resumes from the same place at the next start.',
};

export class AuditSourcePoller {
  private readonly runner = new PollRunner<AuditPollSummary>(
    () => this.poll(),
    () => ({ id: this.settings.id, records: 0, error: STOPPING }),
  );
  private readonly log: Logger;
  /** Records handed to the sink since start. */
  private handedOn = 0;

  constructor(
    readonly settings: AuditSourceSettings,
    private readonly fetcher: AuditFetcher | Unavailable,
    private readonly deps: AuditPollerDeps,
  ) {
    this.log = deps.logger.child({ source: settings.id, kind: settings.kind });
    if ('unavailable' in fetcher && settings.enabled) {
      this.log.warn({ reason: fetcher.unavailable.en }, 'audit source cannot be polled');
    }
  }

  get active(): boolean {
    return this.settings.enabled && !('unavailable' in this.fetcher);
  }

  health(): AuditSourceHealth {
    const stored = this.deps.store.get(this.settings.id);
    const base = {
      id: this.settings.id,
      source: this.settings.kind,
      name: this.settings.name,
      records: this.handedOn,
      ...(stored.lastSuccess ? { lastSuccess: stored.lastSuccess } : {}),
    };
    const reason = !this.settings.enabled
      ? SWITCHED_OFF
      : 'unavailable' in this.fetcher
        ? this.fetcher.unavailable
        : undefined;
    if (reason) return { ...base, state: 'disabled', lastError: reason[this.deps.locale] };
    const failing = stored.consecutiveFailures > 0;
    return {
      ...base,
      state: failing ? 'failing' : stored.lastSuccess ? 'ok' : 'waiting',
      ...(failing && stored.lastError ? { lastError: stored.lastError[this.deps.locale] } : {}),
      ...(stored.nextPoll ? { nextPoll: stored.nextPoll } : {}),
    };
  }

  /** Due for a scheduled poll at `at` (a second early counts: timer ticks are never exact). */
  isDue(at: Date): boolean {
    if (!this.active || this.runner.busy || this.runner.signal.aborted) return false;
    return dueAt(this.deps.store.get(this.settings.id), at);
  }

  /** Not before this, even at start: the provider asked to wait (Retry-After). */
  retryAfterUntil(): Date | undefined {
    return retryAfterUntil(this.deps.store.get(this.settings.id));
  }

  async pollOnSchedule(): Promise<void> {
    if (this.runner.busy || !this.active) return;
    await this.runner.start();
  }

  /** A poll asked for by a person: now, or right after the one running. */
  pollNow(): Promise<AuditPollSummary> {
    if (!this.settings.enabled)
      return Promise.resolve({ id: this.settings.id, records: 0, error: SWITCHED_OFF });
    if ('unavailable' in this.fetcher) {
      return Promise.resolve({ id: this.settings.id, records: 0, error: this.fetcher.unavailable });
    }
    return this.runner.now();
  }

  idle(): Promise<void> {
    return this.runner.idle();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    if (!('unavailable' in this.fetcher)) this.fetcher.destroy?.();
  }

  private async poll(): Promise<AuditPollSummary> {
    const { store, now, sink } = this.deps;
    const id = this.settings.id;
    const previous = store.get(id);
    const started = now();
    const fetcher = this.fetcher as AuditFetcher;
    const signal = AbortSignal.any([this.runner.signal, AbortSignal.timeout(this.deps.pollDeadlineMs)]);
    try {
      const sweep = await abortable(fetcher.sweep(cursorOf(previous, this.log), signal), signal, () =>
        this.runner.signal.aborted ? 'stopping' : 'timeout',
      );
      // The sink first: a cursor must never pass events that were not handed on.
      if (sweep.records.length > 0) await sink.accept(fetcher.source, sweep.records);
      this.handedOn += sweep.records.length;
      if (sweep.failures.length > 0) {
        return await this.failed(sweep.failures, previous, sweep.cursor, sweep.records.length);
      }
      await store.put(id, {
        cursor: JSON.stringify(sweep.cursor),
        lastSuccess: now().toISOString(),
        consecutiveFailures: 0,
        nextPoll: new Date(started.getTime() + this.settings.everyMs).toISOString(),
      });
      this.log.debug({ records: sweep.records.length }, 'audit source polled');
      return { id, records: sweep.records.length };
    } catch (error) {
      if (this.runner.signal.aborted) return { id, records: 0, error: STOPPING };
      return this.failed([{ stream: '*', error }], previous, cursorOf(previous, this.log), 0);
    }
  }

  /** Records the failure and the back-off; the cursor given keeps what the answering streams reached. */
  private async failed(
    failures: readonly StreamFailure[],
    previous: StoredSourceState,
    cursor: AuditCursor,
    records: number,
  ): Promise<AuditPollSummary> {
    const id = this.settings.id;
    const first = failures[0]!;
    const message = describePollError(first.error, this.deps.pollDeadlineMs);
    const at = this.deps.now();
    const failuresInARow = previous.consecutiveFailures + 1;
    const retryAfter = Math.max(0, ...failures.map((f) => retryAfterOf(f.error) ?? 0)) || undefined;
    const delay = backoffDelay(failuresInARow, retryAfter, this.deps.random);
    this.log.warn(
      {
        err: first.error,
        streams: failures.map((f) => f.stream),
        failures: failuresInARow,
        retryInMs: Math.round(delay),
      },
      'audit source poll failed',
    );
    await recordPollFailure(
      this.deps.store,
      id,
      {
        previous,
        keep: { cursor: JSON.stringify(cursor) },
        message,
        at,
        delayMs: delay,
        retryAfterMs: retryAfter,
      },
      (storeError) => this.log.error({ err: storeError }, 'could not record the health of an audit source'),
    );
    return { id, records, error: message };
  }
}

/** The stored cursor; a damaged one starts the source afresh (the sink absorbs any repeat). */
function cursorOf(state: StoredSourceState, log: Logger): AuditCursor {
  if (state.cursor === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(state.cursor);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as AuditCursor;
  } catch (error) {
    log.warn({ err: error }, 'stored audit cursor unreadable; starting the source afresh');
    return {};
  }
  log.warn('stored audit cursor is not an object; starting the source afresh');
  return {};
}
