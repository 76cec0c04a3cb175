// The notice outbox, read from and written to the ledger: which recorded notices still owe posts
// (the notices projection keeps them), the notice itself (in the entry), and the record of the
// posts made. Like the playbook effects outbox (src/core/rooms/effect-outbox.ts).
import type { LedgerEntry, Repository } from '../../store/repository.js';
import type { NoticeEventData } from './notice-events.js';
import { noticeProjection, type PendingPosts } from './notice-projection.js';

export class NoticeOutbox {
  constructor(private readonly repository: Repository) {}

  /** Every entry that still owes posts, oldest first. */
  pending(): PendingPosts[] {
    return this.repository.state(noticeProjection).outbox.map((p) => ({ ...p, targets: [...p.targets] }));
  }

  /** The posts the entry at `seq` still owes, if any. */
  pendingOf(seq: number): PendingPosts | undefined {
    const found = this.repository.state(noticeProjection).outbox.find((p) => p.seq === seq);
    return found ? { ...found, targets: [...found.targets] } : undefined;
  }

  /** The entry at `seq` about the notice (read back from the ledger). */
  async entry(notice: string, seq: number): Promise<LedgerEntry | undefined> {
    const entries = await this.repository.entriesFor(notice);
    return entries.find((e) => e.seq === seq);
  }

  async recordDelivered(record: NoticeEventData['notice.delivered']): Promise<void> {
    await this.repository.commit({ type: 'notice.delivered', subject: record.notice, data: record });
  }
}
