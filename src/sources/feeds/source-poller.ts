// Polls one notice source: fetch what changed since the stored validators or cursor, normalise it,
// hand the notices to NoticeService.ingest, and only then store the new validators, so a crash at
// any point repeats a poll (ingest absorbs the repeat) and never skips a notice. One poll at a time
// per source; a failure backs off (1 min → 1 h, jittered, Retry-After honoured); a failure only an
// administrator can fix (no support plan, no credentials) disables the source until the next start.
import type { Bilingual } from '../../core/i18n/locale.js';
import type { PollSummary, SourceHealth } from '../../core/notices/notice-sources.js';
import type { NoticeSourceSettings } from '../../core/parties/model.js';
import type { Logger } from '../../observability/logger.js';
import { backoffDelay } from './backoff.js';
import type { FeedStateStore, FeedValidators, StoredSourceState } from './feed-state-store.js';
import type { Notice } from './notice.js';
import type { ParseResult, SkippedItem } from './normalise.js';
import { abortable } from './abortable.js';
import { describePollError, disablesSource, retryAfterOf } from './poll-error.js';
import type { SourceFetcher } from './source-fetcher.js';
import { sourceProvider } from './source-provider.js';
import { dueAt, PollRunner, recordPollFailure, retryAfterUntil } from '../poll-runner.js';

export interface IngestCounts {
  readonly new: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface SourcePollerDeps {
  readonly store: FeedStateStore;
  /** Records and posts the notices (NoticeService.ingest); resolves once they are in the ledger. */
  readonly ingest: (sourceId: string, notices: readonly Notice[]) => Promise<IngestCounts>;
  /** Turns one fetched payload into notices (normalise.ts), bound to the source's kind. */
  readonly normalise: (payload: unknown) => ParseResult;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Bounds one fetch (TSUNAGI_FEED_TIMEOUT_MS). */
  readonly timeoutMs: number;
  readonly random?: () => number;
}

/** A source that cannot be polled at all in this process, and why (missing credentials). */
export interface Unavailable {
  readonly unavailable: Bilingual;
}

/** Beyond a fetcher's own deadline, so its own (more precise) timeout error is what people see. */
const DEADLINE_GRACE_MS = 1000;

const SWITCHED_OFF: Bilingual = {
  ja: 'tsunagi.yaml で無効になっています（enabled: false）。',
  en: 'Switched off in tsunagi.yaml (enabled: false).',
};

export class SourcePoller {
  private readonly runner = new PollRunner<PollSummary>(
    () => this.poll(),
    () => ({ ...zero(this.settings.id), error: stoppingMessage }),
  );
  /** Set when the provider said only an administrator can fix it; a poll asked for by hand retries. */
  private disabled: Bilingual | undefined;
  private readonly log: Logger;

  constructor(
    readonly settings: NoticeSourceSettings,
    private readonly fetcher: SourceFetcher | Unavailable,
    private readonly deps: SourcePollerDeps,
  ) {
    this.log = deps.logger.child({ source: settings.id, kind: settings.kind });
    if ('unavailable' in fetcher && settings.enabled) {
      // Said once, at start; /notices sources keeps showing it.
      this.log.warn({ reason: fetcher.unavailable.en }, 'notice source disabled');
    }
  }

  /** Whether scheduled polls run at all (switched on, and with what it needs to reach the provider). */
  get active(): boolean {
    return this.settings.enabled && !('unavailable' in this.fetcher);
  }

  health(): SourceHealth {
    const stored = this.deps.store.get(this.settings.id);
    const reason = this.disabledReason();
    const base = {
      id: this.settings.id,
      kind: this.settings.kind,
      provider: sourceProvider(this.settings),
      consecutiveFailures: stored.consecutiveFailures,
      ...(stored.lastSuccess ? { lastSuccess: stored.lastSuccess } : {}),
    };
    // Switched off in tsunagi.yaml says enough by its state; otherwise the reason is what to fix.
    if (!this.settings.enabled) return { ...base, state: 'disabled' };
    if (reason) return { ...base, state: 'disabled', lastError: reason };
    return {
      ...base,
      state: stored.consecutiveFailures > 0 ? 'failing' : stored.lastSuccess ? 'ok' : 'never',
      ...(stored.lastError && stored.consecutiveFailures > 0 ? { lastError: stored.lastError } : {}),
      ...(stored.nextPoll ? { nextPoll: stored.nextPoll } : {}),
    };
  }

  /** Due for a scheduled poll at `at` (a second early counts: timer ticks are never exact). */
  isDue(at: Date): boolean {
    if (!this.active || this.disabled || this.runner.busy || this.runner.signal.aborted) return false;
    return dueAt(this.deps.store.get(this.settings.id), at);
  }

  /** Not before this, even at start: the provider asked to wait (Retry-After). */
  retryAfterUntil(): Date | undefined {
    return retryAfterUntil(this.deps.store.get(this.settings.id));
  }

  /** A scheduled poll; skipped while one is running, so polls of a source never overlap. */
  async pollOnSchedule(): Promise<void> {
    if (this.runner.busy || !this.active || this.disabled) return;
    await this.runner.start();
  }

  /** A poll asked for by a person: now, or right after the one running (whose fetch may predate the ask). */
  pollNow(): Promise<PollSummary> {
    const reason = this.settings.enabled
      ? 'unavailable' in this.fetcher
        ? this.fetcher.unavailable
        : undefined
      : SWITCHED_OFF;
    if (reason) return Promise.resolve({ ...zero(this.settings.id), error: reason });
    return this.runner.now();
  }

  /** Resolves when no poll of this source is under way. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** Aborts a poll in flight and waits for it to end. */
  stop(): Promise<void> {
    return this.runner.stop();
  }

  private disabledReason(): Bilingual | undefined {
    if (!this.settings.enabled) return SWITCHED_OFF;
    if ('unavailable' in this.fetcher) return this.fetcher.unavailable;
    return this.disabled;
  }

  private async poll(): Promise<PollSummary> {
    const { store, now, timeoutMs } = this.deps;
    const id = this.settings.id;
    const previous = store.get(id);
    const started = now();
    const fetcher = this.fetcher as SourceFetcher;
    // The fetchers keep their own per-request deadline; this one only catches a fetch that does not.
    const deadline = AbortSignal.timeout(fetcher.pollDeadlineMs ?? timeoutMs + DEADLINE_GRACE_MS);
    const signal = AbortSignal.any([this.runner.signal, deadline]);
    try {
      const fetched = await abortable(fetcher.fetch(validatorsOf(previous), signal), signal, () =>
        this.runner.signal.aborted ? 'stopping' : 'timeout',
      );
      let counts: IngestCounts = { new: 0, updated: 0, unchanged: 0 };
      let validators = validatorsOf(previous);
      if (fetched.kind === 'ok') {
        counts = await this.deps.ingest(id, this.normaliseAll(fetched.payloads));
        validators = fetched.validators;
      }
      this.disabled = undefined;
      await store.put(id, {
        ...validators,
        lastSuccess: now().toISOString(),
        consecutiveFailures: 0,
        nextPoll: new Date(started.getTime() + this.settings.everyMs).toISOString(),
      });
      this.log.debug({ ...counts, notModified: fetched.kind === 'not-modified' }, 'notice source polled');
      return { id, ...counts };
    } catch (error) {
      return this.failed(error, previous);
    }
  }

  private normaliseAll(payloads: readonly unknown[]): Notice[] {
    const notices: Notice[] = [];
    const skipped: SkippedItem[] = [];
    for (const payload of payloads) {
      const result = this.deps.normalise(payload);
      notices.push(...result.notices);
      skipped.push(...result.skipped);
    }
    if (skipped.length > 0) {
      // Logged at every poll that meets them: the feed keeps serving them until its owner fixes them.
      const items = skipped
        .slice(0, 5)
        .map((item) => ({ index: item.index, ref: item.ref, reason: item.reason.en }));
      this.log.warn(
        { skipped: skipped.length, items },
        'notice source: items that could not be read were skipped',
      );
    }
    return notices;
  }

  private async failed(error: unknown, previous: StoredSourceState): Promise<PollSummary> {
    const id = this.settings.id;
    if (this.runner.signal.aborted) {
      // Not the source's fault: the next start polls it again from the same validators.
      return { ...zero(id), error: stoppingMessage };
    }
    const message = describePollError(error, this.deps.timeoutMs);
    const at = this.deps.now();
    const failures = previous.consecutiveFailures + 1;
    const retryAfter = retryAfterOf(error);
    const delay = backoffDelay(failures, retryAfter, this.deps.random);
    if (disablesSource(error)) {
      if (!this.disabled) this.log.warn({ err: error }, 'notice source disabled until restart');
      this.disabled = message;
    } else {
      this.log.warn({ err: error, failures, retryInMs: Math.round(delay) }, 'notice source poll failed');
    }
    await recordPollFailure(
      this.deps.store,
      id,
      { previous, keep: validatorsOf(previous), message, at, delayMs: delay, retryAfterMs: retryAfter },
      (storeError) => this.log.error({ err: storeError }, 'could not record the health of a notice source'),
    );
    return { ...zero(id), error: message };
  }
}

const stoppingMessage: Bilingual = {
  ja: 'つなぎが停止中のため取得を中断しました。次回起動時に取得します。',
  en: 'Stopped while Tsunagi shuts down; it is polled again at the next start.',
};

function zero(id: string): PollSummary {
  return { id, new: 0, updated: 0, unchanged: 0 };
}

function validatorsOf(state: StoredSourceState): FeedValidators {
  return {
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.lastModified ? { lastModified: state.lastModified } : {}),
    ...(state.cursor ? { cursor: state.cursor } : {}),
  };
}
