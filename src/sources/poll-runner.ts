// What every polled source (provider notices, audit logs) needs around a single poll, whatever it
// fetches: one poll at a time, a poll asked for by a person queued right after the one running (its
// fetch may predate the ask), an abort for shutdown, and the due / Retry-After / failure bookkeeping
// kept per source in its state store. The pollers keep only what differs: what a poll does.
import type { Bilingual } from '../core/i18n/locale.js';
import type { FeedStateStore, FeedValidators, StoredSourceState } from './feeds/feed-state-store.js';

export class PollRunner<R> {
  private running: Promise<R> | undefined;
  private queued: Promise<R> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    /** One poll; it watches `signal` for shutdown. */
    private readonly poll: () => Promise<R>,
    /** The answer when asked to poll while shutting down. */
    private readonly whenStopping: () => R,
  ) {}

  /** Aborted at shutdown. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** A poll now, unless one is running (then that one is awaited by the caller's schedule). */
  start(): Promise<R> {
    if (this.stopping.signal.aborted) return Promise.resolve(this.whenStopping());
    const poll = this.poll().finally(() => {
      if (this.running === poll) this.running = undefined;
    });
    this.running = poll;
    return poll;
  }

  /** A poll asked for by a person: now, or right after the one running. */
  now(): Promise<R> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  /** Resolves when no poll is under way. */
  async idle(): Promise<void> {
    await this.queued;
    await this.running;
  }

  /** Aborts a poll in flight and waits for it to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }
}

/** Due for a scheduled poll at `at` (a second early counts: timer ticks are never exact). */
export function dueAt(state: StoredSourceState, at: Date): boolean {
  return state.nextPoll === undefined || Date.parse(state.nextPoll) <= at.getTime() + 1000;
}

/** Not before this, even at start: the provider asked to wait (Retry-After). */
export function retryAfterUntil(state: StoredSourceState): Date | undefined {
  return state.retryAfterUntil ? new Date(state.retryAfterUntil) : undefined;
}

/**
 * Records a failed poll: what to keep (validators or cursor), the error people see, the failures in
 * a row and when to try again (`delayMs`, already backed off and never sooner than Retry-After).
 * A store that cannot be written is reported through `onStoreError`, never thrown: the poll's own
 * failure is what the caller answers with.
 */
export async function recordPollFailure(
  store: FeedStateStore,
  id: string,
  failure: {
    readonly previous: StoredSourceState;
    readonly keep: FeedValidators;
    readonly message: Bilingual;
    readonly at: Date;
    readonly delayMs: number;
    readonly retryAfterMs: number | undefined;
  },
  onStoreError: (error: unknown) => void,
): Promise<void> {
  const { previous, at, retryAfterMs } = failure;
  try {
    await store.put(id, {
      ...failure.keep,
      ...(previous.lastSuccess ? { lastSuccess: previous.lastSuccess } : {}),
      lastFailure: at.toISOString(),
      lastError: failure.message,
      consecutiveFailures: previous.consecutiveFailures + 1,
      nextPoll: new Date(at.getTime() + failure.delayMs).toISOString(),
      ...(retryAfterMs ? { retryAfterUntil: new Date(at.getTime() + retryAfterMs).toISOString() } : {}),
    });
  } catch (error) {
    onStoreError(error);
  }
}
