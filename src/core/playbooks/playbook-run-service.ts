// Guided playbook runs: the pure engine (engine/) wired to the ledger. Every action reads the run's
// folded state, asks the engine for the entries and effects, commits the entries in order under a
// per-run mutex, and announces the effects as a domain event (incident rooms post them to the
// incident's channels; the command that caused them shows them in its reply).
//
// Who holds a playbook role (`roleHolders`), kept simple on purpose:
// - a role with `incident_role` is held by whoever holds that role in the incident;
// - any other role is held by the incident's participants of the role's party kind: the customer's
//   people for `customer`; for `sier` and `provider`, people of the SIer or provider parties of the
//   incident's services.
// Assignees are enforced for the work of a step (tick, finish, decide, add evidence; the engine's
// assignee-check.ts): when somebody holds the step's role, only they may do it, or the incident
// commander on their behalf (recorded as `on_behalf`); when nobody holds it, the step is unassigned
// and anyone taking part may act. The engine also enforces four-eyes verification, approvers and
// acknowledgements.
//
// Sub-playbooks: after every commit the SubrunCoordinator starts the child run of a `subplaybook`
// step and tells a parent when its child ended, in the same mutex-protected flow; `tick` repairs
// what a crash left half done.
import { NotFoundError, PermissionError, UserInputError } from '../errors.js';
import type { PreparedEvidence } from '../evidence/prepare-evidence.js';
import { recordAsStored } from '../evidence/run-evidence.js';
import type { DomainEvents } from '../domain-events.js';
import type { IncidentService } from '../incidents/incident-service.js';
import type { Bilingual } from '../i18n/locale.js';
import type { Incident } from '../incidents/model.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import { maskSecrets } from '../secrets/mask-secrets.js';
import { formatDateTime } from '../text/datetime.js';
import type { Repository } from '../../store/repository.js';
import type { LedgerActor } from '../../store/ledger/entry.js';
import * as engine from './engine/engine.js';
import type { Effect, EngineResult, RoleHolders } from './engine/engine.js';
import { runProjection, type RunState, type RunsState } from './engine/run-projection.js';
import type { IncidentFacts } from './engine/template.js';
import type { PlaybookCatalog } from './playbook-catalog.js';
import type { PartyKind, Playbook } from './playbook-types.js';
import { parseInputs } from './run-inputs.js';
import { SubrunCoordinator } from './subrun-coordinator.js';

export { parseInputs, type InputValue } from './run-inputs.js';

export interface StartOptions {
  readonly incident?: string;
  /** `name=value` pairs as typed. */
  readonly inputs?: readonly string[];
}

export interface RunResult {
  readonly run: RunState;
  readonly playbook: Playbook;
  readonly effects: readonly Effect[];
  /** Other runs the action moved: a sub-playbook's run started, a parent run moved on. */
  readonly followUps?: readonly RunResult[];
}

const MAX_TEXT = 4000;

/** The people holding each role of the playbook in the incident (see the header). */
export function roleHolders(
  playbook: Playbook,
  incident: Incident | undefined,
  directory: Directory,
): RoleHolders {
  const holders: Record<string, string[]> = {};
  for (const [roleId, role] of Object.entries(playbook.roles)) {
    if (!incident) {
      holders[roleId] = [];
      continue;
    }
    if (role.incident_role !== undefined) {
      const holder = incident.roles[role.incident_role];
      holders[roleId] = holder ? [holder] : [];
      continue;
    }
    const parties = partiesOfKind(role.party, incident, directory);
    holders[roleId] = incident.participants.filter((id) => {
      const person = directory.person(id);
      return person !== undefined && parties.has(person.partyId);
    });
  }
  return holders;
}

function partiesOfKind(kind: PartyKind, incident: Incident, directory: Directory): Set<string> {
  if (kind === 'customer') {
    return new Set(directory.parties.filter((p) => p.role === 'customer').map((p) => p.id));
  }
  const parties = new Set<string>();
  for (const id of incident.services) {
    const service = directory.service(id);
    if (!service) continue;
    const partyId = kind === 'sier' ? service.sierId : service.providerId;
    if (partyId) parties.add(partyId);
  }
  return parties;
}

export class PlaybookRunService {
  private readonly mutex = new KeyedMutex();
  private readonly changeListeners = new Set<() => void>();
  /** The last run number handed out, so concurrent starts never take the same number. */
  private reservedNumber = 0;
  private readonly subruns = new SubrunCoordinator({
    runs: () => this.state,
    playbook: (id) => this.catalog.get(id),
    env: (run, playbook) => this.env(run, playbook),
    reserveNumber: () => this.reserveNumber(),
    locked: (runId, work) => this.mutex.run(runId, work),
    commit: (runId, playbook, result, cause) => this.commit(runId, playbook, result, cause),
  });

  constructor(
    private readonly repository: Repository,
    private readonly directory: Directory,
    private readonly catalog: PlaybookCatalog,
    private readonly incidents: IncidentService,
    private readonly events: DomainEvents,
    private readonly now: () => Date,
  ) {}

  private get state(): RunsState {
    return this.repository.state(runProjection);
  }

  /** Called after every committed change (the timer re-arms itself). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Runs the viewer may see (those of incidents they may see), newest first. */
  list(viewer: Person): RunState[] {
    return Object.values(this.state.byId)
      .filter((run) => this.canSee(viewer, run))
      .sort((a, b) => b.number - a.number);
  }

  get(viewer: Person, runId: string): RunState {
    const run = this.find(runId);
    if (run.incident !== undefined) this.incidents.get(viewer, run.incident);
    return run;
  }

  /** One run regardless of viewer (for jobs and platforms, never for replies to a person). */
  lookup(runId: string): RunState | undefined {
    return this.state.byId[runId];
  }

  playbookOf(run: RunState): Playbook {
    return this.catalog.require(run.playbook);
  }

  /** The role holders of a run (for views). */
  holdersOf(run: RunState): RoleHolders {
    const incident = run.incident === undefined ? undefined : this.incidents.lookup(run.incident);
    return roleHolders(this.playbookOf(run), incident, this.directory);
  }

  /** The earliest pending timer across running runs. */
  nextDue(): Date | undefined {
    let earliest: string | undefined;
    for (const run of Object.values(this.state.byId)) {
      if (run.status !== 'running') continue;
      const due = engine.nextDue(run);
      if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  start(actor: Person, playbookId: string, options: StartOptions): Promise<RunResult> {
    const playbook = this.catalog.require(playbookId);
    let incident: Incident | undefined;
    if (options.incident !== undefined) {
      incident = this.incidents.get(actor, options.incident);
      if (incident.status === 'closed') {
        throw new UserInputError({
          ja: `${incident.id} は終了しています`,
          en: `${incident.id} is closed`,
        });
      }
    } else if (playbook.metadata.lifecycle === 'incident') {
      throw new UserInputError({
        ja: 'インシデント対応のプレイブックには --incident INC-番号 が必要です',
        en: 'An incident playbook needs --incident INC-<n>',
      });
    }
    const inputs = parseInputs(playbook, options.inputs ?? []);
    const result = engine.startRun({
      playbook,
      runs: this.reserveNumber(),
      now: this.now(),
      actor: ledgerActor(actor),
      inputs,
      ...(incident ? { incident: this.facts(incident) } : {}),
    });
    const runId = result.entries[0]!.subject;
    return this.mutex.run(runId, async () =>
      this.subruns.follow(await this.commit(runId, playbook, result), ledgerActor(actor), 'command'),
    );
  }

  checkItem(actor: Person, runId: string, step: string, item: number): Promise<RunResult> {
    return this.act(actor, runId, (env) => engine.checkItem(env, step, item - 1));
  }

  complete(actor: Person, runId: string, step: string): Promise<RunResult> {
    return this.act(actor, runId, (env) => engine.completeStep(env, step));
  }

  verify(actor: Person, runId: string, step: string): Promise<RunResult> {
    return this.act(actor, runId, (env) => engine.verifyStep(env, step));
  }

  decide(actor: Person, runId: string, step: string, value: string): Promise<RunResult> {
    return this.act(actor, runId, (env) => engine.decide(env, step, value));
  }

  /** Text or a link: recorded by its SHA-256 (of the UTF-8 text, or of the URL as given). */
  addEvidence(
    actor: Person,
    runId: string,
    step: string,
    field: string,
    content: string,
  ): Promise<RunResult> {
    const value = content.trim();
    if (!value || [...value].length > MAX_TEXT) {
      throw new UserInputError({
        ja: `証跡は1〜${MAX_TEXT}文字で指定してください`,
        en: `Give the evidence as 1 to ${MAX_TEXT} characters`,
      });
    }
    const source = /^https?:\/\/\S+$/u.test(value) ? maskSecrets(value).text : 'text';
    return this.act(actor, runId, (env) => engine.addEvidence(env, step, field, value, source));
  }

  /**
   * Evidence already kept in the evidence store (src/core/evidence/): recorded as stored — its
   * kind, hash and size, and for a masked file the hash of the original too.
   */
  addStoredEvidence(
    actor: Person,
    runId: string,
    step: string,
    field: string,
    stored: PreparedEvidence,
  ): Promise<RunResult> {
    return this.act(actor, runId, (env) =>
      recordAsStored(engine.addEvidence(env, step, field, stored.bytes, stored.record.source), stored),
    );
  }

  /** `audience` counts from 1, as shown to people. */
  acknowledge(actor: Person, runId: string, step: string, audience: number): Promise<RunResult> {
    return this.act(actor, runId, (env) =>
      // The engine matches party audiences by party kind.
      engine.acknowledge(
        { ...env, actor: { person: actor.id, party: this.directory.partyOf(actor).role } },
        step,
        audience - 1,
      ),
    );
  }

  approve(actor: Person, runId: string, step: string): Promise<RunResult> {
    return this.act(actor, runId, (env) => engine.approve(env, step));
  }

  reject(actor: Person, runId: string, step: string): Promise<RunResult> {
    return this.act(actor, runId, (env) => engine.reject(env, step));
  }

  skip(actor: Person, runId: string, step: string, reason: string): Promise<RunResult> {
    const text = maskSecrets(requireReason(reason)).text;
    return this.act(actor, runId, (env) => engine.skip(env, step, text));
  }

  abort(actor: Person, runId: string, reason: string): Promise<RunResult> {
    const text = maskSecrets(requireReason(reason)).text;
    return this.act(actor, runId, (env) => engine.abort(env, text));
  }

  /** Fires every due timer of every running run; returns the effects of all of them. */
  async tick(): Promise<Effect[]> {
    const effects: Effect[] = [];
    const ids = Object.values(this.state.byId)
      .filter((run) => run.status === 'running')
      .map((run) => run.id);
    for (const id of ids) {
      const result = await this.mutex.run(id, async () => {
        const run = this.state.byId[id];
        if (!run || run.status !== 'running') return undefined;
        const playbook = this.catalog.get(run.playbook);
        if (!playbook) return undefined;
        const computed = engine.due({ ...this.env(run, playbook) });
        const committed =
          computed.entries.length === 0
            ? { run, playbook, effects: [] }
            : await this.commit(id, playbook, computed, 'timer');
        // Also repairs sub-playbook links a crash left half done (a child not started or not heard of).
        return this.subruns.follow(committed, undefined, 'timer');
      });
      if (result) effects.push(...allEffects(result));
    }
    return effects;
  }

  private act(
    actor: Person,
    runId: string,
    step: (env: engine.ActorEnv) => EngineResult,
  ): Promise<RunResult> {
    return this.mutex.run(runId.toUpperCase(), async () => {
      const run = this.find(runId);
      const playbook = this.playbookOf(run);
      let commander: string | undefined;
      if (run.incident !== undefined) {
        const incident = this.incidents.get(actor, run.incident);
        commander = incident.roles.commander;
        if (!incident.participants.includes(actor.id) && !this.directory.isCustomer(actor)) {
          throw new PermissionError({
            ja: `${run.id} を操作できるのは ${incident.id} の参加者です`,
            en: `Only people taking part in ${incident.id} can act on ${run.id}`,
          });
        }
      }
      const env = this.env(run, playbook);
      const holders = this.holdersOf(run);
      const result = step({
        ...env,
        actor: ledgerActor(actor),
        holders,
        ...(commander === undefined ? {} : { commander }),
        names: this.namesOf([...Object.values(holders).flat(), ...(commander ? [commander] : [])]),
      });
      return this.subruns.follow(await this.commit(run.id, playbook, result), ledgerActor(actor), 'command');
    });
  }

  /** People's names for the engine's messages (who may do a step). */
  private namesOf(ids: readonly string[]): Record<string, Bilingual> {
    const names: Record<string, Bilingual> = {};
    for (const id of ids) {
      const person = this.directory.person(id);
      if (person) names[id] = person.name;
    }
    return names;
  }

  /** A fresh run number, taken at once so that concurrent starts (and sub-playbooks) never share one. */
  private reserveNumber(): RunsState {
    this.reservedNumber = Math.max(this.reservedNumber, this.state.lastNumber) + 1;
    return { byId: {}, lastNumber: this.reservedNumber - 1 };
  }

  private env(run: RunState, playbook: Playbook): engine.EngineEnv {
    const incident = run.incident === undefined ? undefined : this.incidents.lookup(run.incident);
    return { playbook, run, now: this.now(), ...(incident ? { incident: this.facts(incident) } : {}) };
  }

  private async commit(
    runId: string,
    playbook: Playbook,
    result: EngineResult,
    cause: 'command' | 'timer' = 'command',
  ): Promise<RunResult> {
    // The effects ride on the last entry (the delivery outbox, see run-events.ts): committed with
    // the change, they are delivered after a crash too.
    let carrier: number | undefined;
    for (const [i, entry] of result.entries.entries()) {
      const last = i === result.entries.length - 1 && result.effects.length > 0;
      const committed = await this.repository.commit({
        type: entry.type,
        subject: entry.subject,
        ...(entry.actor ? { actor: entry.actor } : {}),
        data: last ? { ...entry.data, effects: result.effects } : entry.data,
      });
      if (last) carrier = committed.seq;
    }
    const run = this.state.byId[runId]!;
    if (result.effects.length > 0) {
      this.events.publish({
        type: 'playbook.effects',
        runId,
        ...(run.incident === undefined ? {} : { incidentId: run.incident }),
        effects: result.effects,
        cause,
        ...(carrier === undefined ? {} : { seq: carrier }),
      });
    }
    if (result.entries.length > 0) for (const listener of this.changeListeners) listener();
    return { run, playbook, effects: result.effects };
  }

  private facts(incident: Incident): IncidentFacts {
    const commander = incident.roles.commander;
    const person = commander === undefined ? undefined : this.directory.person(commander);
    return {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      ...(commander === undefined ? {} : { commander: person ? person.name : commander }),
      // A time people can read, in the organisation's time zone; "not set" rather than a raw
      // placeholder when no update is scheduled (a resolved incident).
      next_update:
        incident.nextUpdateDue === undefined
          ? { ja: '未定', en: 'not scheduled' }
          : formatDateTime(incident.nextUpdateDue, this.directory.config.organisation.timeZone),
    };
  }

  private canSee(viewer: Person, run: RunState): boolean {
    if (run.incident === undefined) return true;
    try {
      this.incidents.get(viewer, run.incident);
      return true;
    } catch {
      return false;
    }
  }

  private find(runId: string): RunState {
    const id = runId.toUpperCase();
    const run = this.state.byId[id];
    if (run) return run;
    const last = this.state.lastNumber;
    throw new NotFoundError({
      ja: `${runId} という実行はありません。${last ? `最新は RUN-${last} です。` : 'まだ実行はありません。'}`,
      en: `There is no run ${runId}.${last ? ` The latest is RUN-${last}.` : ' No playbook has been run yet.'}`,
    });
  }
}

/** The effects of a result and of every run it moved, in order. */
function allEffects(result: RunResult): Effect[] {
  return [...result.effects, ...(result.followUps ?? []).flatMap(allEffects)];
}

function ledgerActor(person: Person): LedgerActor {
  return { person: person.id, party: person.partyId };
}

function requireReason(reason: string): string {
  const text = reason.trim();
  if (!text) {
    throw new UserInputError({ ja: '理由（--reason）を書いてください', en: 'Give a reason (--reason)' });
  }
  if ([...text].length > MAX_TEXT) {
    throw new UserInputError({
      ja: `理由が長すぎます（${MAX_TEXT}文字以内）`,
      en: `The reason is too long (keep it within ${MAX_TEXT} characters)`,
    });
  }
  return text;
}
