// Evidence during an incident: adding items to the incident or to a step of one of its runs (typed,
// or files attached in chat), listing them, and exporting them while the bot runs. Content is masked
// and stored (durably) before its ledger entry is committed, so a recorded item always has its
// bytes. A listing and an export are recorded in the chain of custody (an export before any byte
// leaves); people of other parties see and export only what their own party added.
import { NotFoundError, UpstreamError, UserInputError, type TsunagiError } from '../errors.js';
import { assertCanChange } from '../incidents/access.js';
import type { IncidentService, RecordResult } from '../incidents/incident-service.js';
import type { Incident } from '../incidents/model.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import { runProjection } from '../playbooks/engine/run-projection.js';
import type { PlaybookRunService, RunResult } from '../playbooks/playbook-run-service.js';
import type { LedgerEntry, Repository } from '../../store/repository.js';
import type { ChatFile } from './chat-file.js';
import type { CustodyEventData } from './evidence-events.js';
import { evidenceItems, itemsVisibleTo, type EvidenceItem } from './evidence-items.js';
import {
  checkStoredItems,
  custodyOf,
  defaultExportName,
  exportedData,
  exportFiles,
  prepareExport,
  type ExportFile,
  type PreparedExport,
} from './evidence-package.js';
import type { EvidenceStore } from './evidence-store.js';
import {
  fileTooLarge,
  MAX_EVIDENCE_FILE_BYTES,
  prepareEvidence,
  type EvidenceInput,
  type PreparedEvidence,
} from './prepare-evidence.js';

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

/** One file from chat: recorded, or why not (the other files are recorded all the same). */
export type ChatFileOutcome =
  | { readonly file: ChatFile; readonly item: EvidenceItem }
  | { readonly file: ChatFile; readonly error: TsunagiError };

/** An export made by the running bot: recorded as `entry`, its files still to be read. */
export interface EvidenceExport {
  /** The folder name inside the archive, e.g. `evidence-INC-3-20250101T093000`. */
  readonly name: string;
  readonly prepared: PreparedExport;
  readonly files: readonly ExportFile[];
  readonly entry: LedgerEntry<CustodyEventData['evidence.exported']>;
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

  /**
   * Adds files attached in chat to the incident, one item each. Who may add is checked before any
   * file is fetched; a file that cannot be fetched or kept (too large, empty, unreachable) is
   * reported and the others are recorded all the same.
   */
  async addChatFiles(
    actor: Person,
    incidentId: string,
    files: readonly ChatFile[],
  ): Promise<{ incident: Incident; outcomes: ChatFileOutcome[] }> {
    const incident = this.incidents.get(actor, incidentId);
    assertCanChange(this.directory, actor, incident);
    const outcomes: ChatFileOutcome[] = [];
    for (const file of files) {
      try {
        if (file.size !== undefined && file.size > MAX_EVIDENCE_FILE_BYTES) {
          throw fileTooLarge(file.name, file.size);
        }
        const bytes = await file.load();
        const { item } = await this.addToIncident(actor, incident.id, {
          file: { name: file.name, bytes, origin: file.origin },
        });
        outcomes.push({ file, item });
      } catch (error) {
        // A problem with this one file; anything else (storage, a bug) stops the whole request.
        if (!(error instanceof UserInputError || error instanceof UpstreamError)) throw error;
        outcomes.push({ file, error });
      }
    }
    return { incident, outcomes };
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

  /** How many items the viewer may see, without recording an access (no item is shown). */
  async count(viewer: Person, incidentId: string): Promise<number> {
    const incident = this.incidents.get(viewer, incidentId);
    return itemsVisibleTo(await this.items(incident.id), this.directory.partyOf(viewer)).length;
  }

  /**
   * Exports the items the viewer may see (only their own party's for an SIer's or provider's
   * person), recording the export under their name before any file is read out. The items' bytes
   * are checked first: a damaged store exports nothing and records nothing.
   */
  async export(viewer: Person, incidentId: string, now: Date): Promise<EvidenceExport> {
    const incident = this.incidents.get(viewer, incidentId);
    const party = this.directory.partyOf(viewer);
    const { items: all, entries } = await this.gather(incident.id);
    const items = itemsVisibleTo(all, party);
    if (items.length === 0) {
      throw new NotFoundError({
        ja: `${incident.id} には、あなたが書き出せる証跡がありません。追加: /incident evidence ${incident.id} <テキスト|URL>`,
        en: `${incident.id} has no evidence you may export. Add some: /incident evidence ${incident.id} <text|url>`,
      });
    }
    await checkStoredItems(this.store, items);
    const prepared = prepareExport({
      incident: { id: incident.id, title: incident.title },
      items,
      at: now,
      by: viewer.id,
      head: this.repository.ledgerHead,
      ...(party.role === 'customer' ? {} : { party: party.id }),
    });
    const name = defaultExportName(incident.id, now);
    const entry = await this.repository.commit<CustodyEventData['evidence.exported']>({
      type: 'evidence.exported',
      subject: incident.id,
      actor: { person: viewer.id, party: viewer.partyId },
      data: exportedData(prepared, `${name}.zip`, 'board'),
    });
    const files = exportFiles(this.store, prepared, [...custodyOf(entries, items), entry]);
    return { name, prepared, files, entry };
  }

  /** Every item of the incident, numbered, regardless of viewer. */
  private async items(incidentId: string): Promise<EvidenceItem[]> {
    return (await this.gather(incidentId)).items;
  }

  /** The incident's items and the ledger entries of the incident and its runs, in ledger order. */
  private async gather(incidentId: string): Promise<{ items: EvidenceItem[]; entries: LedgerEntry[] }> {
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
    entries.sort((a, b) => a.seq - b.seq);
    return { items: evidenceItems(incidentId, entries, runIds), entries };
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
