// Posts alert cards into the channels tsunagi.yaml `alerts` routes them to, through the outbox in
// the ledger: the card is posted (or, being a live card, updated in place), then recorded as
// delivered, so a crash never loses a card and a restart never repeats one. A card shows the alert
// as it is now, so one post settles every entry pending for that alert: a burst of fifty grouped
// events is one card updated, not fifty messages. Console channels get the card through the
// console's notifier (which prints an alert and its decisions, not each grouped event); a platform
// not running, or failing, keeps its posts for the next start.
import type { Logger } from '../../observability/logger.js';
import type { Core } from '../core.js';
import type { DomainEvent } from '../domain-events.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { ChatSpace } from '../rooms/chat-space.js';
import { alertCard } from '../views/alert-card.js';
import { ViewContext } from '../views/view-context.js';
import type { Repository } from '../../store/repository.js';
import type { AlertEventData, AlertTarget } from './alert-events.js';
import { alertProjection } from './alert-projection.js';
import type { AlertService } from './alert-service.js';

export interface AlertDeliveryOptions {
  /** A console adapter is running, so cards for console channels have somewhere to go. */
  readonly console: boolean;
}

const key = (t: AlertTarget): string => `${t.platform}\u0000${t.channel}`;

export class AlertDelivery {
  private readonly mutex = new KeyedMutex();
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly core: Core,
    private readonly alerts: AlertService,
    private readonly spaces: readonly ChatSpace[],
    private readonly repository: Repository,
    private readonly logger: Logger,
    private readonly options: AlertDeliveryOptions,
  ) {}

  /** Follows new alert entries, then delivers what a crash or a stop left in the outbox. */
  async start(): Promise<void> {
    this.unsubscribe = this.core.events.subscribe((event) => this.onEvent(event));
    const alerts = [...new Set(this.repository.state(alertProjection).outbox.map((p) => p.alert))];
    for (const alert of alerts) await this.track(this.deliver(alert));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.idle();
  }

  /** Resolves once every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private onEvent(event: DomainEvent): Promise<void> | undefined {
    if (event.type !== 'alert.arrived') return undefined;
    return this.track(this.deliver(event.alert));
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.logger.error({ err: error }, 'alert delivery failed; it is tried again at the next start');
    });
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /** Posts the alert's current card to every target its pending entries still owe. */
  private deliver(id: string): Promise<void> {
    return this.mutex.run('posts', async () => {
      const pending = this.repository.state(alertProjection).outbox.filter((p) => p.alert === id);
      // Delivered already (an earlier post of this alert covered these entries).
      if (pending.length === 0) return;
      const alert = this.alerts.lookup(id);
      if (!alert) return;
      const owed = new Map<string, AlertTarget>();
      for (const p of pending) for (const t of p.targets) owed.set(key(t), t);
      const { core } = this;
      // Read by everyone in the channel: in the organisation's language, for no one in particular.
      const v = new ViewContext(core.defaultLocale, core.directory, core.timeZone, core.now());
      const card = alertCard(v, alert, this.alerts.ruleOf(alert.rule));
      const delivered: AlertTarget[] = [];
      for (const target of owed.values()) {
        if (target.platform === 'console') {
          if (!this.options.console) continue;
          // The console cannot update a card in place: it prints the alert and each decision, not
          // every event of a burst (the count shows in /alerts show and the next print).
          const news = pending.some(
            (p) => p.type !== 'alert.grouped' && p.targets.some((t) => key(t) === key(target)),
          );
          if (news) core.events.publish({ type: 'alert.posted', alert, channel: target.channel });
          delivered.push(target);
          continue;
        }
        const space = this.spaces.find((s) => s.platform === target.platform);
        if (!space) continue;
        try {
          const channel = (await space.resolveChannel(target.channel)) ?? target.channel;
          await space.publish(channel, card);
          delivered.push(target);
        } catch (error) {
          // Only this channel: another may still work.
          this.logger.error(
            { err: error, platform: target.platform, channel: target.channel, alert: id },
            'alert card not posted; it is posted at the next start',
          );
        }
      }
      if (delivered.length === 0) return;
      const data: AlertEventData['alert.delivered'] = {
        id,
        seqs: pending.map((p) => p.seq),
        targets: delivered,
      };
      await this.repository.commit({ type: 'alert.delivered', subject: id, data });
    });
  }
}
