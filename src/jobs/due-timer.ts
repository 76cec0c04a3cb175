// The scheduling both time-driven jobs share (playbook timers, update reminders): one `setTimeout`
// to the earliest thing due, re-armed after every change and every tick, one tick at a time, and a
// tick at start so what fell due while the bot was down happens now. What is due and what firing
// means stay with each job; each records what it fired in the ledger, so nothing repeats.
import type { Logger } from '../observability/logger.js';

/** setTimeout's limit; a later time is re-armed when this one ends. */
const MAX_DELAY = 2_147_483_647;

export interface DueTimerJob {
  /** For logs. */
  readonly name: string;
  /** When the next thing falls due (ms since the epoch), or undefined when nothing is pending. */
  nextDue(): number | undefined;
  /** Does everything due now. */
  fireDue(): Promise<void>;
}

export class DueTimer {
  private timeout: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly job: DueTimerJob,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Ticks once (catching up after downtime); call `arm()` on every change afterwards. */
  start(): Promise<void> {
    return this.tick();
  }

  /** Stops arming and waits for a tick in progress to finish its commits. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    await this.ticking;
  }

  arm(): void {
    if (this.stopped) return;
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    const due = this.job.nextDue();
    if (due === undefined) return;
    const delay = Math.min(Math.max(due - this.now().getTime(), 0), MAX_DELAY);
    this.timeout = setTimeout(() => {
      this.timeout = undefined;
      void this.tick();
    }, delay);
    this.timeout.unref();
  }

  private tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // One tick at a time; a tick already running covers this one.
    this.ticking ??= (async () => {
      try {
        await this.job.fireDue();
      } catch (error) {
        this.logger.error({ err: error, job: this.job.name }, 'timed job tick failed');
      } finally {
        this.ticking = undefined;
        this.arm();
      }
    })();
    return this.ticking;
  }
}
