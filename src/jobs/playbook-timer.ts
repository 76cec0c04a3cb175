// Fires playbook timers (due reminders, wait reminders and ends, approval and acknowledgement
// deadlines): one `setTimeout` to the earliest pending timer across runs, re-armed after every
// change and every tick. On start it ticks once, so timers that fell due while the bot was down
// fire now, once (the engine records each timer by key, so nothing is repeated).
import type { Logger } from '../observability/logger.js';
import type { PlaybookRunService } from '../core/playbooks/playbook-run-service.js';

/** setTimeout's limit; a later timer is re-armed when this one ends. */
const MAX_DELAY = 2_147_483_647;

export class PlaybookTimer {
  private timeout: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly runs: PlaybookRunService,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Ticks once (catching up after downtime), then follows the runs' changes. */
  async start(): Promise<void> {
    this.unsubscribe = this.runs.onChange(() => this.arm());
    await this.tick();
  }

  /** Stops arming and waits for a tick in progress to finish its commits. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    await this.ticking;
  }

  private tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // One tick at a time; a tick already running covers this one.
    this.ticking ??= (async () => {
      try {
        await this.runs.tick();
      } catch (error) {
        this.logger.error({ err: error }, 'playbook timer tick failed');
      } finally {
        this.ticking = undefined;
        this.arm();
      }
    })();
    return this.ticking;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    const due = this.runs.nextDue();
    if (!due) return;
    const delay = Math.min(Math.max(due.getTime() - this.now().getTime(), 0), MAX_DELAY);
    this.timeout = setTimeout(() => {
      this.timeout = undefined;
      void this.tick();
    }, delay);
    this.timeout.unref();
  }
}
