// The incident lifecycle: declare, severity, roles, participants, notes, stakeholder updates and
// status changes. Each change checks its rules, is recorded in the ledger (durably) and is then
// visible in the projection and announced as a domain event.
import { NotFoundError, PermissionError, UserInputError } from '../errors.js';
import type { DomainEvents } from '../domain-events.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Directory } from '../parties/directory.js';
import type { Person, Platform } from '../parties/model.js';
import { maskSecrets } from '../secrets/mask-secrets.js';
import type { LedgerEntry, Repository } from '../../store/repository.js';
import {
  assertCanChange,
  assertCanClose,
  assertCanSee,
  canCoordinate,
  canSee,
  canSeeEntry,
} from './access.js';
import { channelKey, incidentProjection, type IncidentsState } from './incident-projection.js';
import { incidentIdFor } from './incident-id.js';
import type { IncidentEventData, IncidentEventType } from './ledger-events.js';
import { isOpen, type Incident, type IncidentRole, type IncidentStatus } from './model.js';
import { SEVERITY_DEFINITIONS, type Severity } from './severity.js';
import { assertTransition } from './status-transitions.js';

export interface DeclareInput {
  readonly title: string;
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly summary?: string;
  readonly commander?: Person;
  /** How long before the declaration the problem began, if known (for time to detect). */
  readonly startedBeforeMs?: number;
}

export interface ListFilter {
  readonly includeClosed?: boolean;
  readonly status?: IncidentStatus;
}

export interface RecordResult {
  readonly incident: Incident;
  readonly entry: LedgerEntry;
  /** How many secret-looking values were masked in the text. */
  readonly masked: number;
}

const MAX_TITLE = 200;
const MAX_TEXT = 4000;

export class IncidentService {
  private readonly mutex = new KeyedMutex();
  private reservedNumber = 0;

  constructor(
    private readonly repository: Repository,
    private readonly directory: Directory,
    private readonly events: DomainEvents,
    private readonly now: () => Date,
  ) {}

  private get state(): IncidentsState {
    return this.repository.state(incidentProjection);
  }

  /** Incidents the person may see, newest first. */
  list(viewer: Person, filter: ListFilter = {}): Incident[] {
    return Object.values(this.state.byId)
      .filter((i) => canSee(this.directory, viewer, i))
      .filter((i) => (filter.status ? i.status === filter.status : filter.includeClosed || isOpen(i)))
      .sort((a, b) => b.number - a.number);
  }

  get(viewer: Person, id: string): Incident {
    const incident = this.find(id);
    assertCanSee(this.directory, viewer, incident);
    return incident;
  }

  /** Every incident not yet closed, oldest first, regardless of who may see it (for jobs and platforms). */
  openIncidents(): Incident[] {
    return Object.values(this.state.byId)
      .filter((i) => i.status !== 'closed')
      .sort((a, b) => a.number - b.number);
  }

  /** One incident regardless of viewer (for jobs and platforms, never for replies to a person). */
  lookup(id: string): Incident | undefined {
    return this.state.byId[id];
  }

  /** The incident whose own channel this is, if any. */
  incidentForChannel(platform: Platform, channel: string): string | undefined {
    return this.state.byChannel[channelKey(platform, channel)];
  }

  async declare(actor: Person, input: DeclareInput): Promise<RecordResult> {
    const party = this.directory.partyOf(actor);
    if (party.role === 'provider') {
      throw new PermissionError({
        ja: 'クラウド事業者の方はインシデントを宣言できません。利用者組織または SIer の担当者に連絡してください。',
        en: "A provider's people cannot declare incidents. Please contact the customer's or the SIer's responders.",
      });
    }
    const title = checkLength(input.title, MAX_TITLE, { ja: 'タイトル', en: 'title' });
    const number = (this.reservedNumber = Math.max(this.reservedNumber, this.state.lastNumber) + 1);
    const id = incidentIdFor(number);
    return this.mutex.run(id, async () => {
      const summary = input.summary
        ? maskSecrets(checkLength(input.summary, MAX_TEXT, { ja: '概要', en: 'summary' }))
        : undefined;
      const masked = maskSecrets(title);
      let result = await this.record(actor, id, 'incident.declared', {
        number,
        title: masked.text,
        severity: input.severity,
        services: [...input.services],
        ...(summary ? { summary: summary.text } : {}),
        ...(input.startedBeforeMs
          ? { startedAt: new Date(this.now().getTime() - input.startedBeforeMs).toISOString() }
          : {}),
        nextUpdateDue: this.dueIn(SEVERITY_DEFINITIONS[input.severity].updateEveryMs),
      });
      if (input.commander) {
        result = await this.record(actor, id, 'incident.role_assigned', {
          role: 'commander',
          person: input.commander.id,
          party: input.commander.partyId,
        });
      }
      return { ...result, masked: masked.masked + (summary?.masked ?? 0) };
    });
  }

  setSeverity(actor: Person, id: string, severity: Severity, reason?: string): Promise<RecordResult> {
    return this.change(actor, id, (incident) => {
      if (incident.severity === severity) {
        throw new UserInputError({
          ja: `${id} の重大度は既に${SEVERITY_DEFINITIONS[severity].label.ja}です。`,
          en: `${id} is already ${SEVERITY_DEFINITIONS[severity].label.en}.`,
        });
      }
      // A faster cadence brings the next update forward; a slower one leaves the promised time.
      const sooner = this.dueIn(SEVERITY_DEFINITIONS[severity].updateEveryMs);
      const open = incident.status === 'investigating' || incident.status === 'contained';
      const forward = open && (incident.nextUpdateDue === undefined || sooner < incident.nextUpdateDue);
      return {
        type: 'incident.severity_changed',
        data: {
          from: incident.severity,
          to: severity,
          ...(reason ? { reason: maskSecrets(reason).text } : {}),
          ...(forward ? { nextUpdateDue: sooner } : {}),
        },
      };
    });
  }

  assignRole(actor: Person, id: string, role: IncidentRole, person: Person): Promise<RecordResult> {
    return this.change(actor, id, (incident) => {
      const current = role === 'liaison' ? incident.roles.liaisons[person.partyId] : incident.roles[role];
      if (current === person.id) {
        throw new UserInputError({
          ja: `${person.name.ja} さんは既にこの役割です。`,
          en: `${person.name.en} already has this role.`,
        });
      }
      const selfTakingVacant = person.id === actor.id && current === undefined;
      if (!selfTakingVacant && !canCoordinate(this.directory, actor, incident)) {
        throw new PermissionError({
          ja: '役割を割り当てられるのは、利用者組織の人と対応責任者（IC）です。空いている役割は自分で引き受けられます（例: /incident role … commander me）。',
          en: "Roles are assigned by the customer's people and the incident commander. You can take a vacant role yourself (e.g. /incident role … commander me).",
        });
      }
      return {
        type: 'incident.role_assigned',
        data: { role, person: person.id, party: person.partyId, ...(current ? { replaced: current } : {}) },
      };
    });
  }

  unassignRole(actor: Person, id: string, role: IncidentRole, person: Person): Promise<RecordResult> {
    return this.change(actor, id, (incident) => {
      const current = role === 'liaison' ? incident.roles.liaisons[person.partyId] : incident.roles[role];
      if (current !== person.id) {
        throw new UserInputError({
          ja: `${person.name.ja} さんはこの役割ではありません。`,
          en: `${person.name.en} does not have this role.`,
        });
      }
      if (person.id !== actor.id && !canCoordinate(this.directory, actor, incident)) {
        throw new PermissionError({
          ja: '他の人の役割を外せるのは、利用者組織の人と対応責任者（IC）です。',
          en: "Only the customer's people and the incident commander can remove someone else's role.",
        });
      }
      return { type: 'incident.role_unassigned', data: { role, person: person.id, party: person.partyId } };
    });
  }

  invite(actor: Person, id: string, person: Person): Promise<RecordResult> {
    return this.change(actor, id, (incident) => {
      if (incident.participants.includes(person.id)) {
        throw new UserInputError({
          ja: `${person.name.ja} さんは既に ${id} の参加者です。`,
          en: `${person.name.en} is already taking part in ${id}.`,
        });
      }
      if (!canCoordinate(this.directory, actor, incident) && person.partyId !== actor.partyId) {
        throw new PermissionError({
          ja: '自分の組織以外の人を追加できるのは、利用者組織の人と対応責任者（IC）です。',
          en: "Only the customer's people and the incident commander can add people of another party.",
        });
      }
      return { type: 'incident.participant_added', data: { person: person.id, party: person.partyId } };
    });
  }

  async addNote(actor: Person, id: string, text: string, internal: boolean): Promise<RecordResult> {
    if (internal && !this.directory.isCustomer(actor)) {
      throw new PermissionError({
        ja: '内部メモ（--internal）を書けるのは利用者組織の人だけです。共有メモとして書くには --internal を外してください。',
        en: "Only the customer's people can write internal notes (--internal). Leave out --internal to write a shared note.",
      });
    }
    const masked = maskSecrets(checkLength(text, MAX_TEXT, { ja: 'メモ', en: 'note' }));
    return this.change(
      actor,
      id,
      () => ({
        type: 'incident.note_added',
        data: { text: masked.text, ...(masked.masked ? { masked: masked.masked } : {}) },
      }),
      internal ? 'internal' : undefined,
    ).then((result) => ({ ...result, masked: masked.masked }));
  }

  async postUpdate(actor: Person, id: string, text: string, nextInMs?: number): Promise<RecordResult> {
    const masked = maskSecrets(checkLength(text, MAX_TEXT, { ja: '更新内容', en: 'update' }));
    return this.change(actor, id, (incident) => {
      const stillOpen = incident.status === 'investigating' || incident.status === 'contained';
      const interval = nextInMs ?? SEVERITY_DEFINITIONS[incident.severity].updateEveryMs;
      return {
        type: 'incident.update_posted',
        data: {
          number: incident.updateCount + 1,
          text: masked.text,
          status: incident.status,
          severity: incident.severity,
          ...(stillOpen ? { nextUpdateDue: new Date(this.now().getTime() + interval).toISOString() } : {}),
          ...(masked.masked ? { masked: masked.masked } : {}),
        },
      };
    }).then((result) => ({ ...result, masked: masked.masked }));
  }

  transition(actor: Person, id: string, to: IncidentStatus, reason?: string): Promise<RecordResult> {
    return this.mutex.run(id, async () => {
      const incident = this.find(id);
      if (to === 'closed') assertCanClose(this.directory, actor, incident);
      else if (to === 'investigating') assertCanSee(this.directory, actor, incident);
      else assertCanChange(this.directory, actor, incident);
      assertTransition(incident, to);
      // Reopened: stakeholders expect updates again.
      const reopened = (to === 'investigating' || to === 'contained') && incident.nextUpdateDue === undefined;
      return this.record(actor, id, 'incident.status_changed', {
        from: incident.status,
        to,
        ...(reason ? { reason: maskSecrets(reason).text } : {}),
        ...(reopened
          ? { nextUpdateDue: this.dueIn(SEVERITY_DEFINITIONS[incident.severity].updateEveryMs) }
          : {}),
      });
    });
  }

  /** Binds a platform channel to the incident, so commands there may leave out the id. */
  linkChannel(
    actor: Person | undefined,
    id: string,
    platform: Platform,
    channel: string,
  ): Promise<RecordResult> {
    return this.mutex.run(id, async () => {
      this.find(id);
      return this.record(actor, id, 'incident.channel_linked', { platform, channel });
    });
  }

  /** A lesson for the post-incident review (shared with every party on the incident). */
  addLesson(
    actor: Person,
    id: string,
    kind: 'went_well' | 'went_badly',
    text: string,
  ): Promise<RecordResult> {
    const masked = maskSecrets(checkLength(text, MAX_TEXT, { ja: '内容', en: 'text' }));
    return this.change(actor, id, () => ({
      type: 'incident.lesson_added',
      data: { kind, text: masked.text, ...(masked.masked ? { masked: masked.masked } : {}) },
    }));
  }

  /** An action item (再発防止策) with its owner and due date. */
  addAction(actor: Person, id: string, text: string, owner: Person, due: Date): Promise<RecordResult> {
    const masked = maskSecrets(checkLength(text, MAX_TEXT, { ja: '内容', en: 'text' }));
    return this.change(actor, id, () => ({
      type: 'incident.action_added',
      data: {
        text: masked.text,
        owner: owner.id,
        due: due.toISOString(),
        ...(masked.masked ? { masked: masked.masked } : {}),
      },
    }));
  }

  /**
   * Evidence on the incident itself, already kept in the evidence store (src/core/evidence/): the
   * entry records it by its hash. Whoever may change the incident may add evidence.
   */
  addEvidence(
    actor: Person,
    id: string,
    record: IncidentEventData['incident.evidence_added'],
  ): Promise<RecordResult> {
    return this.change(actor, id, () => ({ type: 'incident.evidence_added', data: record })).then(
      (result) => ({
        ...result,
        masked: record.masked ?? 0,
      }),
    );
  }

  /**
   * Records that the update due at `due` is overdue (reminder `n`) and announces it as
   * `incident.update_due`. Does nothing when that reminder is no longer due: an update was posted,
   * the incident was resolved, or reminder `n` was already recorded (so a restart never repeats one).
   */
  remindUpdate(id: string, due: string, n: number): Promise<Incident | undefined> {
    return this.mutex.run(id, async () => {
      const incident = this.state.byId[id];
      if (!incident || incident.nextUpdateDue !== due) return undefined;
      if (incident.status !== 'investigating' && incident.status !== 'contained') return undefined;
      const last = incident.updateReminder;
      if (last && last.due === due && last.n >= n) return undefined;
      await this.repository.commit({ type: 'incident.update_reminded', subject: id, data: { due, n } });
      const reminded = this.state.byId[id]!;
      this.events.publish({ type: 'incident.update_due', incident: reminded, due, n });
      return reminded;
    });
  }

  /** The timeline entries the viewer may see. */
  async timeline(viewer: Person, id: string): Promise<LedgerEntry[]> {
    const incident = this.get(viewer, id);
    const entries = await this.repository.entriesFor(incident.id);
    return entries.filter((entry) => canSeeEntry(this.directory, viewer, entry));
  }

  /** ISO time `ms` from now. */
  private dueIn(ms: number): string {
    return new Date(this.now().getTime() + ms).toISOString();
  }

  private find(id: string): Incident {
    const incident = this.state.byId[id];
    if (incident) return incident;
    const last = this.state.lastNumber;
    throw new NotFoundError({
      ja: `${id} というインシデントはありません。${last ? `最新は INC-${last} です。一覧: /incident list` : 'まだインシデントはありません。'}`,
      en: `There is no incident ${id}.${last ? ` The latest is INC-${last}. List: /incident list` : ' No incidents have been declared yet.'}`,
    });
  }

  private change<K extends IncidentEventType>(
    actor: Person,
    id: string,
    decide: (incident: Incident) => { type: K; data: IncidentEventData[K] },
    visibility?: 'internal',
  ): Promise<RecordResult> {
    return this.mutex.run(id, async () => {
      const incident = this.find(id);
      assertCanChange(this.directory, actor, incident);
      const { type, data } = decide(incident);
      return this.record(actor, id, type, data, visibility);
    });
  }

  private async record<K extends IncidentEventType>(
    actor: Person | undefined,
    id: string,
    type: K,
    data: IncidentEventData[K],
    visibility?: 'internal',
  ): Promise<RecordResult> {
    const entry = await this.repository.commit({
      type,
      subject: id,
      ...(actor ? { actor: { person: actor.id, party: actor.partyId } } : {}),
      ...(visibility ? { visibility } : {}),
      data,
    });
    const incident = this.state.byId[id]!;
    this.events.publish({ type: 'incident.changed', incident, entry });
    return { incident, entry, masked: 0 };
  }
}

function checkLength(text: string, max: number, what: { ja: string; en: string }): string {
  const value = text.trim();
  if ([...value].length > max) {
    throw new UserInputError({
      ja: `${what.ja}が長すぎます（${[...value].length}文字）。${max}文字以内にしてください。`,
      en: `The ${what.en} is too long (${[...value].length} characters); keep it within ${max}.`,
    });
  }
  return value;
}
