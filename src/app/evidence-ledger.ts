// What an evidence export needs from the ledger about one incident, gathered in a single pass over
// it: the incident's title, its runs, its evidence entries and its custody entries (listings and
// exports). Other entries are not kept, so memory stays small however long the ledger is.
import { isCustodyEvent } from '../core/evidence/evidence-events.js';
import { evidenceItems, type EvidenceItem } from '../core/evidence/evidence-items.js';
import type { IncidentEventData } from '../core/incidents/ledger-events.js';
import type { RunEventData } from '../core/playbooks/engine/run-events.js';
import type { LedgerEntry } from '../store/repository.js';

export class IncidentEvidenceScan {
  title: string | undefined;
  private readonly runs = new Set<string>();
  private readonly kept: LedgerEntry[] = [];

  constructor(readonly incident: string) {}

  /** Takes the ledger's entries in order. */
  readonly add = (entry: LedgerEntry): void => {
    if (entry.type === 'incident.declared' && entry.subject === this.incident) {
      this.title = (entry.data as IncidentEventData['incident.declared']).title;
    } else if (entry.type === 'playbook.run_started') {
      if ((entry.data as RunEventData['playbook.run_started']).incident === this.incident) {
        this.runs.add(entry.subject);
      }
    } else if (
      (entry.type === 'incident.evidence_added' || isCustodyEvent(entry.type)) &&
      entry.subject === this.incident
    ) {
      this.kept.push(entry);
    } else if (entry.type === 'playbook.evidence_added' && this.runs.has(entry.subject)) {
      this.kept.push(entry);
    }
  };

  items(): EvidenceItem[] {
    return evidenceItems(this.incident, this.kept, this.runs);
  }

  /** The evidence and custody entries kept, in ledger order (see custodyOf in evidence-package.ts). */
  get entries(): readonly LedgerEntry[] {
    return this.kept;
  }
}
