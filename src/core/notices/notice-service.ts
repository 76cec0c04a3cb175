// Provider change notices in the core: ingesting what the pollers fetched (new, updated or
// unchanged by content hash; matched to the services that use the products; the posts each
// subscription calls for recorded with it, so none is lost or repeated), the channels'
// subscriptions, lookups, and the triage decisions people take on a notice (recorded by
// notice-triage-actions.ts). Everything that matters is recorded in the ledger first; delivery of
// the posts is notice-delivery.ts's.
import { NotFoundError, PermissionError, UserInputError } from '../errors.js';
import type { DomainEvents } from '../domain-events.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Directory } from '../parties/directory.js';
import type { Person, Platform } from '../parties/model.js';
import type { LedgerEntry, Repository } from '../../store/repository.js';
import type { Notice } from '../../sources/feeds/notice.js';
import type { ChangeRecord } from './change-projection.js';
import { changedFields, contentHash, fieldHashes } from './content-hash.js';
import { buildDigest, type NoticeDigest } from './notice-digest.js';
import {
  subscriptionIdFor,
  type NoticeEventData,
  type PostTarget,
  type Subscription,
} from './notice-events.js';
import { isIngestEntry, noticePostOf, type NoticePost } from './notice-post.js';
import { noticeProjection, type NoticeRecord, type NoticesState } from './notice-projection.js';
import { NoticeTriageActions, type TriageOutcome } from './notice-triage-actions.js';
import { matchableServices, servicesUsing, type ServiceProducts } from './product-match.js';
import { subscriptionWants } from './subscription-filter.js';
import { sameSubscription, type SubscriptionFilters } from './subscription-rules.js';

export type { TriageOutcome };

export interface IngestResult {
  readonly new: number;
  readonly updated: number;
  readonly unchanged: number;
}

const INGEST = 'ingest';

export class NoticeService {
  private readonly mutex = new KeyedMutex();
  private readonly services: readonly ServiceProducts[];
  private reservedSubscription = 0;
  private readonly triageActions: NoticeTriageActions;

  constructor(
    private readonly repository: Repository,
    private readonly directory: Directory,
    private readonly events: DomainEvents,
    private readonly now: () => Date,
    /** The organisation's, for the times in triage messages. */
    timeZone: string,
  ) {
    this.services = matchableServices(directory);
    this.triageActions = new NoticeTriageActions(repository, directory, timeZone, (id) => this.get(id));
  }

  private get state(): NoticesState {
    return this.repository.state(noticeProjection);
  }

  /** The tsunagi.yaml services that use any of the notice's products. */
  servicesFor(notice: Pick<Notice, 'provider' | 'products'>): string[] {
    return servicesUsing(notice, this.services);
  }

  /**
   * Records what a source returned: a notice whose id is unknown is new, one whose content hash
   * differs is updated, anything else is unchanged and not recorded. New and updated notices carry
   * the posts the subscriptions call for (one per channel); `notice.arrived` then asks for them.
   * Calls are serialised, so two sources delivering the same notice record it once.
   */
  ingest(source: string, notices: readonly Notice[]): Promise<IngestResult> {
    return this.mutex.run(INGEST, async () => {
      const counts = { new: 0, updated: 0, unchanged: 0 };
      const decided = new Map<string, Pick<NoticeRecord, 'hash' | 'fields'>>();
      const subscriptions = Object.values(this.state.subscriptions).sort((a, b) => a.number - b.number);
      const commits: Promise<LedgerEntry>[] = [];
      for (const notice of notices) {
        const hash = contentHash(notice);
        const known = decided.get(notice.id) ?? this.state.byId[notice.id];
        if (known?.hash === hash) {
          counts.unchanged += 1;
          continue;
        }
        const fields = fieldHashes(notice);
        const services = this.servicesFor(notice);
        const posts = postsFor(subscriptions, { source, notice, services });
        decided.set(notice.id, { hash, fields });
        const base = { source, notice, hash, fields, services, posts };
        if (known) {
          counts.updated += 1;
          const data: NoticeEventData['notice.updated'] = {
            ...base,
            previous_hash: known.hash,
            changed: changedFields(known.fields, fields),
          };
          commits.push(this.repository.commit({ type: 'notice.updated', subject: notice.id, data }));
        } else {
          counts.new += 1;
          const data: NoticeEventData['notice.received'] = base;
          commits.push(this.repository.commit({ type: 'notice.received', subject: notice.id, data }));
        }
      }
      // Committed together, so the ledger writes them in one group rather than one fsync each.
      const settled = await Promise.allSettled(commits);
      for (const outcome of settled) {
        if (outcome.status !== 'fulfilled') continue;
        const entry = outcome.value;
        if ((entry.data as NoticeEventData['notice.received']).posts.length > 0) {
          this.events.publish({ type: 'notice.arrived', notice: entry.subject, seq: entry.seq, entry });
        }
      }
      const failed = settled.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
      return counts;
    });
  }

  /** Subscribes a channel; the same filters twice in one channel are refused. */
  async subscribe(
    actor: Person,
    where: { readonly platform: Platform; readonly channel: string },
    filters: SubscriptionFilters,
  ): Promise<Subscription> {
    if (this.directory.partyOf(actor).role === 'provider') {
      throw new PermissionError({
        ja: 'クラウド事業者の方はチャンネルの通知購読を設定できません。利用者組織または SIer の担当者に依頼してください。',
        en: "A provider's people cannot subscribe channels to notices. Ask the customer's or the SIer's people.",
      });
    }
    return this.mutex.run('subscriptions', async () => {
      const existing = Object.values(this.state.subscriptions).find(
        (s) => s.platform === where.platform && s.channel === where.channel && sameSubscription(s, filters),
      );
      if (existing) {
        throw new UserInputError({
          ja: `このチャンネルは同じ条件で既に購読しています（${existing.id}）。一覧: /notices list`,
          en: `This channel already subscribes with the same filters (${existing.id}). List: /notices list`,
        });
      }
      const number = (this.reservedSubscription =
        Math.max(this.reservedSubscription, this.state.lastSubscription) + 1);
      const subscription: Subscription = {
        ...filters,
        id: subscriptionIdFor(number),
        number,
        platform: where.platform,
        channel: where.channel,
        by: actor.id,
      };
      await this.repository.commit({
        type: 'notice.subscribed',
        subject: subscription.id,
        actor: { person: actor.id, party: actor.partyId },
        data: { subscription },
      });
      return subscription;
    });
  }

  unsubscribe(actor: Person, id: string): Promise<Subscription> {
    return this.mutex.run('subscriptions', async () => {
      const key = id.normalize('NFKC').trim().toUpperCase();
      const subscription = this.state.subscriptions[key];
      if (!subscription) {
        const ids = Object.keys(this.state.subscriptions);
        throw new NotFoundError({
          ja: `購読 ${id} はありません。${ids.length ? `今ある購読: ${ids.join(', ')}（/notices list）` : '購読はまだありません。'}`,
          en: `There is no subscription ${id}.${ids.length ? ` Subscriptions: ${ids.join(', ')} (/notices list)` : ' There are no subscriptions yet.'}`,
        });
      }
      if (this.directory.partyOf(actor).role === 'provider') {
        throw new PermissionError({
          ja: 'クラウド事業者の方は購読を解除できません。',
          en: "A provider's people cannot remove subscriptions.",
        });
      }
      await this.repository.commit({
        type: 'notice.unsubscribed',
        subject: subscription.id,
        actor: { person: actor.id, party: actor.partyId },
        data: { id: subscription.id },
      });
      return subscription;
    });
  }

  /** Subscriptions, oldest first; of one channel when given. */
  subscriptions(where?: { readonly platform: Platform; readonly channel: string }): Subscription[] {
    return Object.values(this.state.subscriptions)
      .filter((s) => !where || (s.platform === where.platform && s.channel === where.channel))
      .sort((a, b) => a.number - b.number);
  }

  subscription(id: string): Subscription | undefined {
    return this.state.subscriptions[id];
  }

  /**
   * The notice named by its id, in any case, or by its end after a `:`, `#` or `/` when that is
   * unique (`MC123456` for `m365:MC123456`, `notice-1` for `rss:https://…/notices/#notice-1`).
   */
  get(text: string): NoticeRecord {
    const wanted = text.normalize('NFKC').trim();
    const { byId } = this.state;
    const exact = byId[wanted];
    if (exact) return exact;
    const lower = wanted.toLowerCase();
    const candidates = Object.values(byId).filter((n) => {
      const id = n.id.toLowerCase();
      if (id === lower) return true;
      return id.endsWith(lower) && /[:#/]/u.test(id.charAt(id.length - lower.length - 1));
    });
    if (candidates.length === 1) return candidates[0]!;
    const latest = this.recent(3).map((n) => n.id);
    throw new NotFoundError({
      ja: `通知「${text}」は${candidates.length > 1 ? '複数あり特定できません' : 'ありません'}。${latest.length ? `最近の通知: ${latest.join(', ')}（/notices recent）` : 'まだ通知は届いていません（/notices sources）。'}`,
      en: `${candidates.length > 1 ? `Several notices match "${text}"` : `There is no notice "${text}"`}.${latest.length ? ` Recent: ${latest.join(', ')} (/notices recent)` : ' No notices have arrived yet (/notices sources).'}`,
    });
  }

  /** One notice regardless of who asks (for jobs and delivery). */
  lookup(id: string): NoticeRecord | undefined {
    return this.state.byId[id];
  }

  /** The latest notices recorded (new or updated), newest first. */
  recent(limit = 20): NoticeRecord[] {
    return Object.values(this.state.byId)
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || b.seq - a.seq)
      .slice(0, limit);
  }

  /** The notice's current version in full, as its card shows it. */
  async post(id: string): Promise<NoticePost> {
    const record = this.get(id);
    const entries = await this.repository.entriesFor(record.id);
    const entry = entries.find((e) => e.seq === record.seq);
    if (!entry || !isIngestEntry(entry)) {
      throw new NotFoundError({
        ja: `${record.id} の本文が台帳に見つかりません。\`tsunagi ledger verify\` で台帳を確認してください。`,
        en: `The text of ${record.id} is missing from the ledger. Check it with \`tsunagi ledger verify\`.`,
      });
    }
    return noticePostOf(entry, record.triage);
  }

  /** A change discussion (CHG-n) by its id, in any case. */
  change(id: string): ChangeRecord | undefined {
    return this.triageActions.change(id);
  }

  /** What arrived in [since, now) and what is still waiting for a decision. */
  digest(since: Date, now: Date = this.now()): NoticeDigest {
    return buildDigest(this.state, since, now);
  }

  /** "Not relevant", with the reason, so nobody looks at it again. */
  notRelevant(actor: Person, id: string, reason: string): Promise<TriageOutcome> {
    return this.triageActions.notRelevant(actor, id, reason);
  }

  /** Asks the party responsible for each matched service's settings to review them. */
  reviewSettings(actor: Person, id: string): Promise<TriageOutcome> {
    return this.triageActions.reviewSettings(actor, id);
  }

  /** Opens CHG-n with the notice attached. */
  openChange(actor: Person, id: string): Promise<TriageOutcome> {
    return this.triageActions.openChange(actor, id);
  }
}

/** One post per channel: the first (oldest) subscription there that wants the notice. */
function postsFor(
  subscriptions: readonly Subscription[],
  candidate: Parameters<typeof subscriptionWants>[1],
): PostTarget[] {
  const posts: PostTarget[] = [];
  for (const s of subscriptions) {
    if (posts.some((p) => p.platform === s.platform && p.channel === s.channel)) continue;
    if (subscriptionWants(s, candidate))
      posts.push({ subscription: s.id, platform: s.platform, channel: s.channel });
  }
  return posts;
}
