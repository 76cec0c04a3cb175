// The daily digest's content: what arrived over a period (counted by provider and by tag, and the
// notices that concern the organisation listed) and what is still waiting for a decision, oldest
// first, so nothing posted slips by untriaged. The job that sends it is src/jobs/notice-digest.ts;
// the view is src/core/views/notice-digest.ts.
import type { NoticeProvider, NoticeTag } from '../../sources/feeds/notice.js';
import type { NoticeRecord, NoticesState } from './notice-projection.js';

export interface NoticeDigest {
  /** ISO 8601: the period covered, [since, until). */
  readonly since: string;
  readonly until: string;
  /** Recorded in the period (new or updated), newest first. */
  readonly arrived: readonly NoticeRecord[];
  /** Of those, first seen in the period. */
  readonly newCount: number;
  readonly byProvider: Readonly<Partial<Record<NoticeProvider, number>>>;
  readonly byTag: Readonly<Partial<Record<NoticeTag, number>>>;
  /** Arrived notices that concern the organisation: posted to a channel, or matched to a service. */
  readonly relevant: readonly NoticeRecord[];
  /** Posted to a channel and not triaged yet (whenever they arrived), oldest first. */
  readonly untriaged: readonly NoticeRecord[];
}

export function buildDigest(state: NoticesState, since: Date, until: Date): NoticeDigest {
  const from = since.toISOString();
  const to = until.toISOString();
  const all = Object.values(state.byId);
  const arrived = all
    .filter((n) => n.lastSeen >= from && n.lastSeen < to)
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || b.seq - a.seq);
  const byProvider: Partial<Record<NoticeProvider, number>> = {};
  const byTag: Partial<Record<NoticeTag, number>> = {};
  for (const notice of arrived) {
    byProvider[notice.provider] = (byProvider[notice.provider] ?? 0) + 1;
    for (const tag of notice.tags) byTag[tag] = (byTag[tag] ?? 0) + 1;
  }
  const untriaged = all
    .filter((n) => n.posted && n.triage.length === 0 && n.firstSeen < to)
    .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.seq - b.seq);
  return {
    since: from,
    until: to,
    arrived,
    newCount: arrived.filter((n) => n.firstSeen >= from).length,
    byProvider,
    byTag,
    relevant: arrived.filter((n) => n.posted || n.services.length > 0),
    untriaged,
  };
}
