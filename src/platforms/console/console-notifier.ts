// What the bot says in the console on its own, with nobody typing: playbook effects the timer caused
// (reminders, escalations, a wait that ended and the step now open, exercise injects), overdue
// stakeholder-update reminders, provider notices for the console's subscriptions and audit-log alerts
// routed to a console channel. Without this a console user would only learn of them by asking
// (/playbook status). Effects a command caused are not printed again: that command's reply shows them.
import type { Core } from '../../core/core.js';
import type { DomainEvent } from '../../core/domain-events.js';
import { canSee } from '../../core/incidents/access.js';
import type { Incident } from '../../core/incidents/model.js';
import type { Person } from '../../core/parties/model.js';
import type { Reply } from '../../core/reply.js';
import { alertCard } from '../../core/views/alert-card.js';
import { noticeCard } from '../../core/views/notice-card.js';
import { noticeDigest } from '../../core/views/notice-digest.js';
import { effectReplies } from '../../core/views/playbook-run-views.js';
import { updateReminder } from '../../core/views/update-reminder.js';
import { ViewContext } from '../../core/views/view-context.js';
import type { Logger } from '../../observability/logger.js';
import { renderText } from '../../render/text.js';

export interface ConsoleNotifierOptions {
  readonly core: Core;
  readonly logger: Logger;
  /** Who reads the console now (it changes with /as): their language, and what they may see. */
  readonly reader: () => Person | undefined;
  /** Prints one message of the bot's, whole (the adapter keeps it out of a reply being printed). */
  readonly print: (text: string) => void;
  readonly color: boolean;
  readonly width: number;
}

/** Starts every message the bot prints on its own (test/helpers/console-output.ts looks for it). */
export const NOTICE_MARK = '🔔';

export class ConsoleNotifier {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ConsoleNotifierOptions) {}

  /** Follows the domain events until `stop`. */
  start(): void {
    this.unsubscribe ??= this.options.core.events.subscribe((event) => this.onEvent(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onEvent(event: DomainEvent): void {
    const replies = this.repliesFor(event);
    if (replies.length === 0) return;
    const v = this.view();
    const header = v.t({
      ja: `${NOTICE_MARK} つなぎからのお知らせ（${v.time(v.now)}）`,
      en: `${NOTICE_MARK} From Tsunagi (${v.time(v.now)})`,
    });
    const { color, width } = this.options;
    const body = replies.map((r) => renderText(r, { color, width }));
    this.options.print(`${header}\n${body.join('\n\n')}\n`);
  }

  private repliesFor(event: DomainEvent): Reply[] {
    const { core, logger } = this.options;
    switch (event.type) {
      case 'playbook.effects': {
        if (event.cause !== 'timer') return [];
        const runs = core.playbookRuns;
        const run = runs?.lookup(event.runId);
        if (!runs || !run) return [];
        const incident = run.incident === undefined ? undefined : core.incidents.lookup(run.incident);
        if (run.incident !== undefined && !this.mayRead(incident)) return [];
        const playbook = core.playbooks?.get(run.playbook);
        if (!playbook) {
          logger.warn(
            { run: run.id, playbook: run.playbook },
            'console: effects of a run whose playbook is gone',
          );
          return [];
        }
        return effectReplies(this.view(), run, playbook, runs.holdersOf(run), event.effects);
      }
      case 'incident.update_due': {
        const incident = core.incidents.lookup(event.incident.id) ?? event.incident;
        if (!this.mayRead(incident) || incident.status === 'closed') return [];
        return [updateReminder(this.view(), incident, event.due, event.n)];
      }
      case 'incident.changed':
        // The reply of the command that changed the incident shows the change.
        return [];
      case 'notice.posted':
        // A provider notice for a console channel's subscription (posted once, via the outbox).
        return [noticeCard(this.view(), event.post)];
      case 'notice.digest':
        return [noticeDigest(this.view(), event.digest)];
      case 'notice.arrived':
        // Posted (above) only where a subscription wants it.
        return [];
      case 'alert.posted':
        // An audit-log alert routed to a console channel (posted via the alert outbox).
        return [alertCard(this.view(), event.alert, core.alerts?.ruleOf(event.alert.rule))];
      case 'alert.arrived':
        // Posted (above) only where tsunagi.yaml `alerts` routes it.
        return [];
    }
  }

  /** Only what the person at the keyboard may see is printed (an SIer sees only their incidents). */
  private mayRead(incident: Incident | undefined): boolean {
    const reader = this.options.reader();
    return (
      incident !== undefined && reader !== undefined && canSee(this.options.core.directory, reader, incident)
    );
  }

  private view(): ViewContext {
    const { core } = this.options;
    const reader = this.options.reader();
    return new ViewContext(
      reader?.locale ?? core.defaultLocale,
      core.directory,
      core.timeZone,
      core.now(),
      reader,
    );
  }
}
