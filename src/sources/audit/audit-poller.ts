// The audit-log pollers of every configured source (tsunagi.yaml `alerts.sources`), behind the
// AuditSources port that /alerts sources uses. Each enabled source gets its own node-cron task and
// polls once at start; sources never wait on one another, so one that fails, backs off or hangs
// delays nobody else. As for the notice pollers, each task ticks every minute (at a second of its
// own) and polls when the source's next poll time has come, which is how back-off and Retry-After
// fit a cron schedule.
import { createTask, type ScheduledTask } from 'node-cron';
import type { AuditSourceHealth, AuditSources } from '../../core/alerts/audit-sink.js';
import { NotFoundError } from '../../core/errors.js';
import { sha256 } from '../../store/ledger/entry.js';
import { cronLogger } from '../feeds/poller.js';
import type { Unavailable } from '../feeds/source-poller.js';
import type { AuditSourceSettings } from './audit-settings.js';
import { AuditSourcePoller, type AuditPollerDeps, type AuditPollSummary } from './audit-source-poller.js';
import type { AuditFetcher } from './fetch/audit-fetcher.js';

export const AUDIT_STATE_FILE = 'audit-state.json';

export interface AuditPollerOptions extends AuditPollerDeps {
  readonly sources: readonly AuditSourceSettings[];
  /** The fetcher of each source (audit-fetchers.ts), or why it cannot be reached in this process. */
  readonly fetchers: ReadonlyMap<string, AuditFetcher | Unavailable>;
}

const DISABLED: Unavailable = { unavailable: { ja: '無効', en: 'disabled' } };

export class AuditPoller implements AuditSources {
  private readonly pollers: readonly AuditSourcePoller[];
  private readonly tasks: ScheduledTask[] = [];
  private readonly firstPolls: Promise<unknown>[] = [];
  private started = false;

  constructor(private readonly options: AuditPollerOptions) {
    this.pollers = options.sources.map(
      (source) => new AuditSourcePoller(source, options.fetchers.get(source.id) ?? DISABLED, options),
    );
  }

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
      const id = poller.settings.id;
      const task = createTask(`${secondOfMinute(id)} * * * * *`, (context) => this.tick(context.date, id), {
        name: `audit:${id}`,
        logger: cronLogger(this.options.logger),
      });
      this.tasks.push(task);
      void task.start();
      const wait = poller.retryAfterUntil();
      if (!wait || wait.getTime() <= now.getTime()) this.firstPolls.push(poller.pollOnSchedule());
    }
    this.options.logger.info(
      { sources: this.pollers.filter((p) => p.active).map((p) => p.settings.id) },
      'audit pollers started',
    );
  }

  /** A schedule's tick at `at`: polls the source (or each source) whose next poll time has come. */
  tick(at: Date, sourceId?: string): void {
    for (const poller of this.pollers) {
      if (sourceId !== undefined && poller.settings.id !== sourceId) continue;
      if (poller.isDue(at)) void poller.pollOnSchedule();
    }
  }

  list(): AuditSourceHealth[] {
    return this.pollers.map((p) => p.health());
  }

  async pollNow(sourceId?: string): Promise<void> {
    await this.poll(sourceId);
  }

  /** Like pollNow, with what each poll handed on or why it failed. */
  async poll(sourceId?: string): Promise<AuditPollSummary[]> {
    if (sourceId === undefined) {
      return Promise.all(this.pollers.filter((p) => p.settings.enabled).map((p) => p.pollNow()));
    }
    const poller = this.pollers.find((p) => p.settings.id === sourceId);
    if (!poller) {
      const known = this.pollers.map((p) => p.settings.id).join(', ') || '—';
      throw new NotFoundError({
        ja: `監査ログの取得元「${sourceId}」は tsunagi.yaml の alerts.sources にありません。設定済み: ${known}`,
        en: `There is no audit source "${sourceId}" in tsunagi.yaml alerts.sources. Configured: ${known}`,
      });
    }
    return [await poller.pollNow()];
  }

  /** Resolves when no poll is under way (the first polls at start included). */
  async idle(): Promise<void> {
    await Promise.allSettled(this.firstPolls);
    await Promise.all(this.pollers.map((p) => p.idle()));
  }

  /** Stops the schedules, aborts polls in flight, waits for them and releases the clients. */
  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
    await Promise.all(this.pollers.map((p) => p.stop()));
    await Promise.allSettled(this.firstPolls);
  }
}

/** A stable second of the minute per source, spreading sources over the minute. */
function secondOfMinute(id: string): number {
  return parseInt(sha256(`audit:${id}`).slice(0, 8), 16) % 60;
}
