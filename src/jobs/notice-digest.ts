// The daily digest of provider notices: every day at tsunagi.yaml `notices.digest.at` in
// `notices.timezone` (node-cron with the time zone), what arrived since the last digest and what is
// still untriaged, posted to the digest channels. Each digest is recorded in the ledger
// (`notice.digest_sent`) before it is posted, so a restart never repeats one; a bot that was down
// at digest time and starts later that day sends that day's digest once, covering everything
// since the last one. Down past midnight, the next day's digest covers the missed period instead.
// The first start ever, after digest time, sends one only when there is something to say.
import { createTask, type ScheduledTask } from 'node-cron';
import type { DomainEvents } from '../core/domain-events.js';
import type { Locale } from '../core/i18n/locale.js';
import type { NoticeDigest } from '../core/notices/notice-digest.js';
import { parseTimeOfDay } from '../core/parties/check-notice-sources.js';
import type { ChannelTargets } from '../core/parties/model.js';
import type { Reply } from '../core/reply.js';
import type { ChatSpace } from '../core/rooms/chat-space.js';
import type { Logger } from '../observability/logger.js';
import type { Repository } from '../store/repository.js';
import { latestSlot, sameLocalDay } from './digest-slot.js';

export const DIGEST_SUBJECT = 'notice-digest';
const DAY_MS = 86_400_000;

/** The ledger record of one digest: its slot, and the period [since, until) it covered. */
export interface DigestSentData {
  readonly at: string;
  readonly since: string;
  readonly until: string;
}

export interface NoticeDigestJobOptions {
  readonly repository: Repository;
  readonly digest: (since: Date, until: Date) => NoticeDigest;
  /** The digest as a message, in a language (core/views). */
  readonly render: (digest: NoticeDigest, locale: Locale) => Reply;
  readonly at: string;
  readonly timeZone: string;
  readonly channels: ChannelTargets;
  readonly spaces: readonly ChatSpace[];
  /** The console has no ChatSpace: its notifier prints what `notice.digest` carries. */
  readonly events: DomainEvents;
  readonly locale: Locale;
  readonly logger: Logger;
  readonly now: () => Date;
}

export class NoticeDigestJob {
  private task: ScheduledTask | undefined;
  private last: DigestSentData | undefined;
  /** One digest at a time: the cron tick and the catch-up at start must not race. */
  private sending: Promise<void> = Promise.resolve();
  private readonly time: { hour: number; minute: number };

  constructor(private readonly options: NoticeDigestJobOptions) {
    // Checked when tsunagi.yaml was read; a bad value never reaches here.
    this.time = parseTimeOfDay(options.at) ?? { hour: 9, minute: 0 };
  }

  /** Reads the last digest sent, catches up on today's if it was missed, then follows the schedule. */
  async start(): Promise<void> {
    const entries = await this.options.repository.entriesFor(DIGEST_SUBJECT);
    const sent = entries.filter((e) => e.type === 'notice.digest_sent').at(-1);
    this.last = sent?.data as DigestSentData | undefined;
    this.task = createTask(`0 ${this.time.minute} ${this.time.hour} * * *`, () => this.runDue(), {
      name: 'notice-digest',
      timezone: this.options.timeZone,
      logger: {
        info: (message) => this.options.logger.debug({ component: 'node-cron' }, message),
        warn: (message) => this.options.logger.warn({ component: 'node-cron' }, message),
        error: (message, err) =>
          this.options.logger.error({ component: 'node-cron', err: err ?? message }, 'scheduler error'),
        debug: (message) => this.options.logger.trace({ component: 'node-cron' }, String(message)),
      },
    });
    await this.task.start();
    await this.runDue({ catchUp: true });
  }

  /** Stops the schedule and waits for a digest being sent. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
    await this.sending;
  }

  /** Sends the digest of the latest slot unless it was sent; at start only when that slot is today. */
  runDue(options: { catchUp?: boolean } = {}): Promise<void> {
    this.sending = this.sending.then(async () => {
      const now = this.options.now();
      const slot = latestSlot(now, this.time, this.options.timeZone);
      if (this.last && Date.parse(this.last.at) >= slot.getTime()) return;
      if (options.catchUp && !sameLocalDay(slot, now, this.options.timeZone)) return;
      try {
        await this.send(slot, now, { skipEmpty: Boolean(options.catchUp) && !this.last });
      } catch (error) {
        this.options.logger.error({ err: error, slot: slot.toISOString() }, 'notice digest failed');
      }
    });
    return this.sending;
  }

  private async send(slot: Date, now: Date, options: { skipEmpty: boolean }): Promise<void> {
    const since = this.last ? new Date(this.last.until) : new Date(slot.getTime() - DAY_MS);
    const digest = this.options.digest(since, now);
    // The very first start after digest time: nothing was missed unless something arrived.
    if (options.skipEmpty && digest.arrived.length === 0 && digest.untriaged.length === 0) return;
    const data: DigestSentData = {
      at: slot.toISOString(),
      since: since.toISOString(),
      until: now.toISOString(),
    };
    // Recorded first: a crash while posting loses this digest's posts rather than repeating them.
    await this.options.repository.commit({ type: 'notice.digest_sent', subject: DIGEST_SUBJECT, data });
    this.last = data;
    const { channels, spaces, logger } = this.options;
    for (const space of spaces) {
      const name = channels[space.platform];
      if (!name) continue;
      try {
        const channel = await space.resolveChannel(name);
        if (!channel) {
          logger.warn({ platform: space.platform, channel: name }, 'notice digest channel not found');
          continue;
        }
        await space.publish(channel, this.options.render(digest, this.options.locale));
      } catch (error) {
        // One platform down must not keep the digest from the others.
        logger.error({ err: error, platform: space.platform, channel: name }, 'notice digest not posted');
      }
    }
    if (channels.console)
      this.options.events.publish({ type: 'notice.digest', digest, channel: channels.console });
    logger.info(
      { since: data.since, until: data.until, arrived: digest.arrived.length },
      'notice digest sent',
    );
  }
}
