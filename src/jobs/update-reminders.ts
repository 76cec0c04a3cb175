// Reminds the commander and the communications lead when an open incident's stakeholder update is
// overdue, then again every cadence of its severity until an update is posted or the incident is
// resolved, scheduled by DueTimer and re-armed whenever an incident changes. On start it ticks
// once, so a reminder that fell due while the bot was down is sent now, once (each is recorded in
// the ledger before it is announced).
import type { DomainEvents } from '../core/domain-events.js';
import type { IncidentService } from '../core/incidents/incident-service.js';
import { nextUpdateReminder } from '../core/incidents/next-update-reminder.js';
import type { Logger } from '../observability/logger.js';
import { DueTimer } from './due-timer.js';

/** After a failed reminder, the next try (rather than spinning on a reminder that keeps failing). */
const RETRY_MS = 60_000;

export class UpdateReminders {
  private readonly timer: DueTimer;
  private unsubscribe: (() => void) | undefined;
  /** Incident id → not before (ms), after a reminder failed. */
  private readonly retryAt = new Map<string, number>();

  constructor(
    private readonly incidents: IncidentService,
    private readonly events: DomainEvents,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {
    this.timer = new DueTimer(
      { name: 'update reminders', nextDue: () => this.nextDue(), fireDue: () => this.remindDue() },
      logger,
      now,
    );
  }

  /** Ticks once (catching up after downtime), then follows the incidents' changes. */
  async start(): Promise<void> {
    this.unsubscribe = this.events.subscribe((event) => {
      // An update posted, a severity or status changed: the next reminder may have moved.
      if (event.type === 'incident.changed') this.timer.arm();
    });
    await this.timer.start();
  }

  /** Stops arming and waits for a tick in progress to finish its commits. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.timer.stop();
  }

  private async remindDue(): Promise<void> {
    const now = this.now().getTime();
    for (const incident of this.incidents.openIncidents()) {
      const next = nextUpdateReminder(incident);
      if (!next || this.dueAt(incident.id, next.at) > now) continue;
      try {
        await this.incidents.remindUpdate(incident.id, next.due, next.n);
        this.retryAt.delete(incident.id);
      } catch (error) {
        // One incident failing (e.g. the disk is full) must not keep the others from their reminders.
        this.logger.error({ err: error, incident: incident.id, due: next.due }, 'update reminder failed');
        this.retryAt.set(incident.id, now + RETRY_MS);
      }
    }
  }

  private dueAt(incidentId: string, at: Date): number {
    return Math.max(at.getTime(), this.retryAt.get(incidentId) ?? 0);
  }

  private nextDue(): number | undefined {
    let earliest: number | undefined;
    for (const incident of this.incidents.openIncidents()) {
      const next = nextUpdateReminder(incident);
      const at = next && this.dueAt(incident.id, next.at);
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest;
  }
}
