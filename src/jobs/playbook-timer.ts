// Fires playbook timers (due reminders, wait reminders and ends, approval and acknowledgement
// deadlines) at their due times, re-armed after every change of any run (DueTimer). On start it
// ticks once, so timers that fell due while the bot was down fire now, once (the engine records
// each timer by key, so nothing is repeated).
import type { Logger } from '../observability/logger.js';
import type { PlaybookRunService } from '../core/playbooks/playbook-run-service.js';
import { DueTimer } from './due-timer.js';

export class PlaybookTimer {
  private readonly timer: DueTimer;
  private unsubscribe: (() => void) | undefined;

  constructor(runs: PlaybookRunService, logger: Logger, now: () => Date) {
    this.timer = new DueTimer(
      {
        name: 'playbook timers',
        nextDue: () => runs.nextDue()?.getTime(),
        fireDue: async () => {
          await runs.tick();
        },
      },
      logger,
      now,
    );
    this.unsubscribe = runs.onChange(() => this.timer.arm());
  }

  /** Ticks once (catching up after downtime), then follows the runs' changes. */
  start(): Promise<void> {
    return this.timer.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.timer.stop();
  }
}
