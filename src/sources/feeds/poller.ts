// The notice pollers of every configured source, behind the NoticeSources port that /notices
// sources and /notices poll use. Each enabled source gets its own node-cron task and polls once at
// start; sources never wait on one another, so one that fails or hangs delays nobody else.
//
// Each task ticks every minute (at a second of the minute of its own, so sources do not all fire
// together) and the source polls when its next poll time has come. A fixed cron expression per
// interval could not express back-off after failures or a provider's Retry-After; a minute tick can,
// to within a minute, for intervals of PT1M and up (the configured minimum).
import { createTask, type ScheduledTask } from 'node-cron';
import { NotFoundError } from '../../core/errors.js';
import type { NoticeSources, PollSummary, SourceHealth } from '../../core/notices/notice-sources.js';
import type { NoticeSourceSettings } from '../../core/parties/model.js';
import type { Logger } from '../../observability/logger.js';
import { sha256 } from '../../store/ledger/entry.js';
import type { SourceFetcher } from './source-fetcher.js';
import { SourcePoller, type SourcePollerDeps, type Unavailable } from './source-poller.js';

export interface NoticePollerOptions extends Omit<SourcePollerDeps, 'normalise'> {
  readonly sources: readonly NoticeSourceSettings[];
  /** The fetcher for a source, or why it cannot be reached in this process (missing credentials). */
  readonly fetcherFor: (source: NoticeSourceSettings) => SourceFetcher | Unavailable;
  readonly normalise: (
    source: NoticeSourceSettings,
    payload: unknown,
  ) => ReturnType<SourcePollerDeps['normalise']>;
}

export class NoticePoller implements NoticeSources {
  private readonly pollers: readonly SourcePoller[];
  private readonly tasks: ScheduledTask[] = [];
  private readonly firstPolls: Promise<unknown>[] = [];
  private readonly logger: Logger;
  private started = false;

  constructor(private readonly options: NoticePollerOptions) {
    this.logger = options.logger;
    this.pollers = options.sources.map(
      (source) =>
        new SourcePoller(source, source.enabled ? options.fetcherFor(source) : notPolled, {
          ...options,
          normalise: (payload) => options.normalise(source, payload),
        }),
    );
  }

  /** Whether any source is polled at all (without one, nothing is scheduled). */
  get hasActiveSources(): boolean {
    return this.pollers.some((p) => p.active);
  }

  /** Schedules every active source and starts its first poll; does not wait for any poll. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.options.now();
    for (const poller of this.pollers) {
      if (!poller.active) continue;
      const task = createTask(
        `${secondOfMinute(poller.settings.id)} * * * * *`,
        (context) => this.tick(context.date, poller.settings.id),
        { name: `notices:${poller.settings.id}`, logger: cronLogger(this.logger) },
      );
      this.tasks.push(task);
      void task.start();
      // The first poll at start, unless the provider asked to wait (Retry-After) past now.
      const wait = poller.retryAfterUntil();
      if (!wait || wait.getTime() <= now.getTime()) this.firstPolls.push(poller.pollOnSchedule());
    }
    this.logger.info(
      { sources: this.pollers.filter((p) => p.active).map((p) => p.settings.id) },
      'notice pollers started',
    );
  }

  /** A schedule's tick at `at`: polls the source (or each source) whose next poll time has come. */
  tick(at: Date, sourceId?: string): void {
    for (const poller of this.pollers) {
      if (sourceId !== undefined && poller.settings.id !== sourceId) continue;
      if (poller.isDue(at)) void poller.pollOnSchedule();
    }
  }

  list(): SourceHealth[] {
    return this.pollers.map((p) => p.health());
  }

  async pollNow(sourceId?: string): Promise<PollSummary[]> {
    if (sourceId === undefined) {
      // Each source on its own: the summary of a slow one never holds back another's notices.
      return Promise.all(this.pollers.filter((p) => p.settings.enabled).map((p) => p.pollNow()));
    }
    const poller = this.pollers.find((p) => p.settings.id === sourceId);
    if (!poller) {
      const known = this.pollers.map((p) => p.settings.id).join(', ') || '—';
      throw new NotFoundError({
        ja: `情報源「${sourceId}」は tsunagi.yaml の notices.sources にありません。設定済み: ${known}`,
        en: `There is no source "${sourceId}" in tsunagi.yaml notices.sources. Configured: ${known}`,
      });
    }
    return [await poller.pollNow()];
  }

  /** Resolves when no poll is under way (the first polls at start included). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.firstPolls);
    await Promise.all(this.pollers.map((p) => p.idle()));
  }

  /** Stops the schedules, aborts polls in flight and waits for them to end. */
  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
    await Promise.all(this.pollers.map((p) => p.stop()));
    await Promise.allSettled(this.firstPolls);
  }
}

const notPolled: Unavailable = {
  unavailable: { ja: '無効', en: 'disabled' },
};

/** A stable second of the minute per source, spreading sources over the minute. */
function secondOfMinute(id: string): number {
  return parseInt(sha256(id).slice(0, 8), 16) % 60;
}

/** node-cron's own messages go to our log rather than to the console the user types in. */
export function cronLogger(logger: Logger): NonNullable<Parameters<typeof createTask>[2]>['logger'] {
  return {
    info: (message) => logger.debug({ component: 'node-cron' }, message),
    warn: (message) => logger.warn({ component: 'node-cron' }, message),
    error: (message, err) => logger.error({ component: 'node-cron', err: err ?? message }, 'scheduler error'),
    debug: (message) => logger.trace({ component: 'node-cron' }, String(message)),
  };
}
