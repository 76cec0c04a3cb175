// Evidence during an incident: adding items to the incident or to a step of one of its runs, and
// listing them. Content is masked and stored (durably) before its ledger entry is committed, so a
// recorded item always has its bytes. A listing is an access to the evidence and is recorded in the
// chain of custody; people of other parties see only what their own party added.
import { NotFoundError } from '../errors.js';
import { assertCanChange } from '../incidents/access.js';
import type { IncidentService, RecordResult } from '../incidents/incident-service.js';
import type { Incident } from '../incidents/model.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import { runProjection } from '../playbooks/engine/run-projection.js';
import type { PlaybookRunService, RunResult } from '../playbooks/playbook-run-service.js';
import type { LedgerEntry, Repository } from '../../store/repository.js';
import type { CustodyEventData } from './evidence-events.js';
import { evidenceItems, itemsVisibleTo, type EvidenceItem } from './evidence-items.js';
import type { EvidenceStore } from './evidence-store.js';
import { prepareEvidence, type EvidenceInput, type PreparedEvidence } from './prepare-evidence.js';

export interface EvidenceListing {
  readonly incident: Incident;
  readonly items: readonly EvidenceItem[];
  /** The custody entry recording this access (absent when there was nothing to show). */
  readonly access?: LedgerEntry<CustodyEventData['evidence.accessed']>;
}

export interface AddedEvidence {
  readonly stored: PreparedEvidence;
  /** The numbered item; absent for a run that belongs to no incident. */
  readonly item?: EvidenceItem;
}

export class EvidenceService {
  constructor(
    private readonly repository: Repository,
    private readonly directory: Directory,
    private readonly incidents: IncidentService,
    private readonly store: EvidenceStore,
    private readonly runs?: PlaybookRunService,
  ) {}

  /** Adds an item to the incident itself. */
  async addToIncident(
    actor: Person,
    incidentId: string,
    input: EvidenceInput,
  ): Promise<AddedEvidence & { item: EvidenceItem; result: RecordResult }> {
    // Checked before storing, so refused people leave no bytes behind (the service checks again).
    assertCanChange(this.directory, actor, this.incidents.get(actor, incidentId));
    const stored = await this.keep(input);
    const result = await this.incidents.addEvidence(actor, incidentId, { ...stored.record, by: actor.id });
    return { stored, result, item: await this.itemAt(result.incident.id, result.entry.seq) };
  }

  /** Adds an item to a field of a run's `collect_evidence` step. */
  async addToRun(
    actor: Person,
    runId: string,
    step: string,
    field: string,
    input: EvidenceInput,
  ): Promise<AddedEvidence & { result: RunResult }> {
    const runs = this.requireRuns();
    // Sight of the run is checked before storing; the run service checks the rest.
    runs.get(actor, runId);
    const stored = await this.keep(input);
    const result = await runs.addStoredEvidence(actor, runId, step, field, stored);
    const incident = result.run.incident;
    if (incident === undefined) return { stored, result };
    const item = (await this.items(incident)).filter((i) => i.run?.run === result.run.id).at(-1);
    return { stored, result, ...(item ? { item } : {}) };
  }

  /** The items the viewer may see, recording the access when there is any. */
  async list(viewer: Person, incidentId: string): Promise<EvidenceListing> {
    const incident = this.incidents.get(viewer, incidentId);
    const items = itemsVisibleTo(await this.items(incident.id), this.directory.partyOf(viewer));
    if (items.length === 0) return { incident, items };
    const access = await this.repository.commit<CustodyEventData['evidence.accessed']>({
      type: 'evidence.accessed',
      subject: incident.id,
      actor: { person: viewer.id, party: viewer.partyId },
      data: { what: 'list', items: items.map((i) => i.id), by: viewer.id },
    });
    return { incident, items, access };
  }

  /** Every item of the incident, numbered, regardless of viewer. */
  private async items(incidentId: string): Promise<EvidenceItem[]> {
    // The run projection is registered wherever runs are (see src/main.ts).
    const runIds = new Set(
      this.runs
        ? Object.values(this.repository.state(runProjection).byId)
            .filter((run) => run.incident === incidentId)
            .map((run) => run.id)
        : [],
    );
    const entries = [...(await this.repository.entriesFor(incidentId))];
    for (const run of runIds) entries.push(...(await this.repository.entriesFor(run)));
    return evidenceItems(incidentId, entries, runIds);
  }

  private async itemAt(incidentId: string, seq: number): Promise<EvidenceItem> {
    const item = (await this.items(incidentId)).find((i) => i.seq === seq);
    if (!item) {
      throw new NotFoundError({
        ja: `台帳 #${seq} の証跡が見つかりません。`,
        en: `The evidence recorded at ledger #${seq} cannot be found.`,
      });
    }
    return item;
  }

  private async keep(input: EvidenceInput): Promise<PreparedEvidence> {
    const prepared = prepareEvidence(input);
    await this.store.put(prepared.bytes);
    return prepared;
  }

  private requireRuns(): PlaybookRunService {
    if (this.runs) return this.runs;
    throw new NotFoundError({ ja: 'プレイブックが読み込まれていません。', en: 'No playbooks are loaded.' });
  }
}
