// The evidence of one incident as numbered items (E-1, E-2, …): what was added to the incident
// itself and to the steps of its playbook runs, in ledger order. Numbers come from the append-only
// ledger, so an item keeps its number in every listing, export and custody record.
import type { LedgerActor, LedgerEntry } from '../../store/ledger/entry.js';
import type { EvidenceRecord } from './evidence-events.js';

export interface EvidenceItem {
  /** `E-<n>` */
  readonly id: string;
  readonly number: number;
  readonly incident: string;
  readonly record: EvidenceRecord;
  /** Where it was added: a step's field of a run, or (absent) the incident itself. */
  readonly run?: { readonly run: string; readonly step: string; readonly field: string };
  readonly addedBy?: LedgerActor;
  readonly addedAt: string;
  /** The ledger entry that recorded it. */
  readonly seq: number;
  readonly entryHash: string;
}

type RunEvidenceData = EvidenceRecord & { readonly step: string; readonly field: string };

/**
 * Numbers the evidence entries of the incident and of its runs (`runs`: their RUN ids). Entries
 * may come in any order and may include others; only evidence entries are taken.
 */
export function evidenceItems(
  incident: string,
  entries: readonly LedgerEntry[],
  runs: ReadonlySet<string>,
): EvidenceItem[] {
  const added = entries
    .filter(
      (e) =>
        (e.type === 'incident.evidence_added' && e.subject === incident) ||
        (e.type === 'playbook.evidence_added' && runs.has(e.subject)),
    )
    .sort((a, b) => a.seq - b.seq);
  return added.map((entry, i) => {
    const data = entry.data as RunEvidenceData;
    const { step, field, ...record } = data;
    return {
      id: `E-${i + 1}`,
      number: i + 1,
      incident,
      record,
      ...(entry.type === 'playbook.evidence_added' ? { run: { run: entry.subject, step, field } } : {}),
      ...(entry.actor ? { addedBy: entry.actor } : {}),
      addedAt: entry.ts,
      seq: entry.seq,
      entryHash: entry.hash,
    };
  });
}

/** The items a party may see: the customer sees all, any other party only what its people added. */
export function itemsVisibleTo(
  items: readonly EvidenceItem[],
  party: { readonly id: string; readonly role: string },
): EvidenceItem[] {
  return party.role === 'customer' ? [...items] : items.filter((i) => i.addedBy?.party === party.id);
}
