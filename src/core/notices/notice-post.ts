// What a notice card shows, gathered from the ledger entry that recorded the notice (its full text)
// and the notice's current record (how it has been triaged since).
import type { LedgerEntry } from '../../store/repository.js';
import type { Notice } from '../../sources/feeds/notice.js';
import type { NoticeContentField, NoticeEventData } from './notice-events.js';
import type { TriageRecord } from './notice-projection.js';

export interface NoticePost {
  readonly notice: Notice;
  /** First sighting, or a recorded change of content. */
  readonly kind: 'new' | 'updated';
  /** For updates: the content fields that changed. */
  readonly changed: readonly NoticeContentField[];
  /** tsunagi.yaml services that use its products. */
  readonly services: readonly string[];
  readonly triage: readonly TriageRecord[];
}

type Ingested = NoticeEventData['notice.received'] | NoticeEventData['notice.updated'];

export function isIngestEntry(entry: LedgerEntry): entry is LedgerEntry<Ingested> {
  return entry.type === 'notice.received' || entry.type === 'notice.updated';
}

export function noticePostOf(entry: LedgerEntry<Ingested>, triage: readonly TriageRecord[] = []): NoticePost {
  const data = entry.data;
  return {
    notice: data.notice,
    kind: entry.type === 'notice.updated' ? 'updated' : 'new',
    changed: 'changed' in data ? data.changed : [],
    services: data.services,
    triage,
  };
}
