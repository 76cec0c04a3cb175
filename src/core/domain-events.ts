// Domain events: what happened in the core, for platforms (announcements, live cards), jobs and
// later sources. Listeners run after the change is on disk; one failing listener never affects
// the change or the other listeners.
import type { LedgerEntry } from '../store/repository.js';
import type { AlertRecord } from './alerts/alert-projection.js';
import type { Incident } from './incidents/model.js';
import type { NoticeDigest } from './notices/notice-digest.js';
import type { NoticePost } from './notices/notice-post.js';
import type { Effect } from './playbooks/engine/engine.js';

export type DomainEvent =
  | {
      readonly type: 'incident.changed';
      readonly incident: Incident;
      readonly entry: LedgerEntry;
    }
  | {
      /** A playbook run asks for something to be shown: a step card, a notification, a reminder. */
      readonly type: 'playbook.effects';
      readonly runId: string;
      readonly incidentId?: string;
      readonly effects: readonly Effect[];
      /** What caused them: a person's command (its reply shows them too) or the timer job. */
      readonly cause: 'command' | 'timer';
      /**
       * The ledger entry that carries them (its `effects`): the delivery layer records
       * `playbook.effects_delivered` for it. Absent when nothing was committed with them.
       */
      readonly seq?: number;
    }
  | {
      /**
       * An open incident's next stakeholder update is overdue (its severity's cadence, e.g. SEV1
       * every 30 minutes): remind the commander and communications lead. `n` counts the reminders
       * for this due time (1, 2, …); each is recorded in the ledger once, before it is published.
       */
      readonly type: 'incident.update_due';
      readonly incident: Incident;
      /** The `nextUpdateDue` that passed (ISO 8601). */
      readonly due: string;
      readonly n: number;
    }
  | {
      /**
       * A provider notice was recorded (new or updated) and calls for posts: its entry is in the
       * notice outbox until the delivery layer records `notice.delivered` for it.
       */
      readonly type: 'notice.arrived';
      readonly notice: string;
      readonly seq: number;
      readonly entry: LedgerEntry;
    }
  | {
      /** A notice card for a console channel: the console has no ChatSpace, its notifier prints it. */
      readonly type: 'notice.posted';
      readonly post: NoticePost;
      readonly channel: string;
    }
  | {
      /** The daily notice digest for a console channel (tsunagi.yaml `notices.digest.channels.console`). */
      readonly type: 'notice.digest';
      readonly digest: NoticeDigest;
      readonly channel: string;
    }
  | {
      /**
       * An audit-log alert was raised or changed (grouped, decided) and its card is owed: the entry
       * at `seq` is in the alert outbox until the delivery layer records `alert.delivered`.
       */
      readonly type: 'alert.arrived';
      readonly alert: string;
      readonly seq: number;
    }
  | {
      /** An alert card for a console channel: the console has no ChatSpace, its notifier prints it. */
      readonly type: 'alert.posted';
      readonly alert: AlertRecord;
      readonly channel: string;
    };

export type IncidentChanged = Extract<DomainEvent, { type: 'incident.changed' }>;

export type DomainEventListener = (event: DomainEvent) => void | Promise<void>;

export class DomainEvents {
  private readonly listeners = new Set<DomainEventListener>();

  constructor(private readonly onListenerError: (error: unknown, event: DomainEvent) => void) {}

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.onListenerError(error, event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
