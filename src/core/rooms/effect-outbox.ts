// The delivery outbox of playbook effects, read from and written to the ledger: which committed
// entries still carry effects to deliver (the run projection keeps their seqs), the effects
// themselves (in the entry), and the record that they were delivered. A crash between committing a
// run's entries and posting their effects therefore loses nothing: the next start delivers them.
import type { Repository } from '../../store/repository.js';
import type { Effect } from '../playbooks/engine/engine.js';
import type { RunEventData, WithEffects } from '../playbooks/engine/run-events.js';
import { runProjection, type UndeliveredEffects } from '../playbooks/engine/run-projection.js';

export interface PendingEffects extends UndeliveredEffects {
  readonly runId: string;
}

export type DeliveryRecord = RunEventData['playbook.effects_delivered'];

export class EffectOutbox {
  constructor(private readonly repository: Repository) {}

  /** Every entry whose effects are not yet delivered, oldest first. */
  pending(): PendingEffects[] {
    const runs = Object.values(this.repository.state(runProjection).byId);
    return runs
      .flatMap((run) => (run.undelivered ?? []).map((item) => ({ ...item, runId: run.id })))
      .sort((a, b) => a.seq - b.seq);
  }

  /** The entry at `seq` of the run, while its effects are still to be delivered. */
  pendingOf(runId: string, seq: number): UndeliveredEffects | undefined {
    return this.repository.state(runProjection).byId[runId]?.undelivered?.find((u) => u.seq === seq);
  }

  /** The effects the entry at `seq` carries (read back from the ledger). */
  async effectsOf(runId: string, seq: number): Promise<readonly Effect[]> {
    const entries = await this.repository.entriesFor(runId);
    const entry = entries.find((e) => e.seq === seq);
    return (entry?.data as WithEffects | undefined)?.effects ?? [];
  }

  async recordDelivered(runId: string, record: DeliveryRecord): Promise<void> {
    await this.repository.commit({ type: 'playbook.effects_delivered', subject: runId, data: record });
  }
}
