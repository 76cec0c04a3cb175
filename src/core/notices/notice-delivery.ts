// Posts notice cards into the subscribed channels on every connected chat platform, through the
// outbox in the ledger: a card is posted, then recorded as delivered, so a crash never loses a post
// and a restart never repeats one (at worst a post made just before a crash, not yet recorded, is
// made again). Posts for console channels go to the console's notifier as a domain event. Posts for
// a platform that is not running, or that failed, stay in the outbox for the next start.
import type { Logger } from '../../observability/logger.js';
import type { Core } from '../core.js';
import type { DomainEvent } from '../domain-events.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { ChatSpace } from '../rooms/chat-space.js';
import { noticeCard } from '../views/notice-card.js';
import { ViewContext } from '../views/view-context.js';
import type { LedgerEntry } from '../../store/repository.js';
import type { PostTarget } from './notice-events.js';
import type { NoticeOutbox } from './notice-outbox.js';
import { isIngestEntry, noticePostOf } from './notice-post.js';

export interface NoticeDeliveryOptions {
  /** A console adapter is running, so posts for console channels have somewhere to go. */
  readonly console: boolean;
}

export class NoticeDelivery {
  /** One delivery at a time, in ledger order. */
  private readonly mutex = new KeyedMutex();
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly core: Core,
    private readonly spaces: readonly ChatSpace[],
    private readonly outbox: NoticeOutbox,
    private readonly logger: Logger,
    private readonly options: NoticeDeliveryOptions,
  ) {}

  /** Follows new notices, then delivers what a crash or a stop left in the outbox. */
  async start(): Promise<void> {
    this.unsubscribe = this.core.events.subscribe((event) => this.onEvent(event));
    for (const pending of this.outbox.pending()) await this.track(this.deliver(pending.seq));
  }

  /** Stops following and waits for the posts under way. */
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
    if (event.type !== 'notice.arrived') return undefined;
    return this.track(this.deliver(event.seq, event.entry));
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.logger.error({ err: error }, 'notice delivery failed; it is tried again at the next start');
    });
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
    return tracked;
  }

  private deliver(seq: number, known?: LedgerEntry): Promise<void> {
    return this.mutex.run('posts', async () => {
      const pending = this.outbox.pendingOf(seq);
      // Delivered already (by the start-up sweep that raced this event).
      if (!pending) return;
      const entry = known ?? (await this.outbox.entry(pending.notice, seq));
      if (!entry || !isIngestEntry(entry)) {
        this.logger.error(
          { notice: pending.notice, seq },
          'notice entry missing from the ledger; posts dropped',
        );
        await this.outbox.recordDelivered({
          notice: pending.notice,
          seq,
          targets: [],
          dropped: pending.targets,
        });
        return;
      }
      const notices = this.core.notices;
      const post = noticePostOf(entry, notices?.lookup(pending.notice)?.triage);
      const { core } = this;
      // Read by everyone in the channel: built for no one in particular, in the organisation's language.
      const v = new ViewContext(core.defaultLocale, core.directory, core.timeZone, core.now());
      const card = noticeCard(v, post);
      const delivered: PostTarget[] = [];
      const dropped: PostTarget[] = [];
      for (const target of pending.targets) {
        if (!notices?.subscription(target.subscription)) {
          dropped.push(target);
        } else if (target.platform === 'console') {
          if (!this.options.console) continue;
          core.events.publish({ type: 'notice.posted', post, channel: target.channel });
          delivered.push(target);
        } else {
          const space = this.spaces.find((s) => s.platform === target.platform);
          if (!space) continue;
          try {
            await space.publish(target.channel, card);
            delivered.push(target);
          } catch (error) {
            // Only this channel: another may still work (a removed channel fails on its own).
            this.logger.error(
              { err: error, platform: target.platform, channel: target.channel, notice: pending.notice, seq },
              'notice not posted; it is posted at the next start',
            );
          }
        }
      }
      if (delivered.length === 0 && dropped.length === 0) return;
      await this.outbox.recordDelivered({
        notice: pending.notice,
        seq,
        targets: delivered,
        ...(dropped.length > 0 ? { dropped } : {}),
      });
    });
  }
}
