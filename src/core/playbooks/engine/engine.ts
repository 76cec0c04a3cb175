// The playbook engine: pure functions over (playbook, run state, now, actor) that return the ledger
// entries to record and the effects to perform once they are recorded. Nothing here mutates the
// given state, reads the clock or talks to a chat platform: the caller commits the entries (the
// projection then folds them) and performs the effects.
//
// Resumption after a restart needs nothing but the folded state: timers carry absolute due times,
// fired timers are remembered by key, and every move to another step is recorded in the same entry
// as its cause. `due(now)` also finishes any move a crash interrupted (steps queued but not started).
import { createHash } from 'node:crypto';
import { InternalError, PermissionError, UserInputError } from '../../errors.js';
import type { Bilingual } from '../../i18n/locale.js';
import type { LedgerActor } from '../../../store/ledger/entry.js';
import { parseDuration } from '../../text/duration.js';
import { evaluate, parseCondition } from '../condition.js';
import type { Audience, PartyKind, Playbook, Step, StepKind, StepRef } from '../playbook-types.js';
import type {
  BranchRef,
  Move,
  RunEntry,
  RunEventData,
  RunEventType,
  TimerPurpose,
  TimerSpec,
} from './run-events.js';
import { runSubject } from './run-events.js';
import {
  applyRunEntry,
  applyToRuns,
  type RunState,
  type RunsState,
  type StepState,
} from './run-projection.js';
import {
  conditionScope,
  renderBilingual,
  renderTemplate,
  templateScope,
  type IncidentFacts,
} from './template.js';

/** Role id → the people holding it (in the run's incident or organisation). */
export type RoleHolders = Readonly<Record<string, readonly string[]>>;

export type Recipient = { readonly role: string } | { readonly party: PartyKind };

export type Effect =
  /** A step waits for people: show it to its assignee (or approvers). */
  | { readonly kind: 'prompt'; readonly run: string; readonly step: string; readonly to?: Recipient }
  | {
      readonly kind: 'post';
      readonly run: string;
      readonly step: string;
      readonly audience: number;
      readonly to: Recipient;
      readonly text: Bilingual;
      /** Present when an acknowledgement is expected (the notification key). */
      readonly ackKey?: string;
      readonly ackDue?: string;
    }
  | {
      readonly kind: 'remind';
      readonly run: string;
      readonly step: string;
      readonly key: string;
      readonly n: number;
      /** The step's `due` passed (rather than a wait's reminder). */
      readonly overdue: boolean;
      readonly to?: Recipient;
    }
  | {
      readonly kind: 'escalate';
      readonly run: string;
      readonly step: string;
      readonly key: string;
      readonly reason: 'approval_timeout' | 'ack_timeout';
      /** Absent: the incident commander. */
      readonly to?: Recipient;
      readonly note?: Bilingual;
      readonly audience?: number;
    }
  | {
      readonly kind: 'start-subplaybook';
      readonly run: string;
      readonly step: string;
      readonly playbook: string;
      readonly inputs: Record<string, string | number | boolean>;
    }
  | {
      readonly kind: 'inject';
      readonly run: string;
      readonly step: string;
      readonly to: Recipient;
      readonly text: Bilingual;
      readonly from?: Bilingual;
    }
  | { readonly kind: 'run-finished'; readonly run: string };

export interface EngineResult {
  readonly entries: RunEntry[];
  readonly effects: Effect[];
}

export interface EngineEnv {
  readonly playbook: Playbook;
  readonly run: RunState;
  readonly now: Date;
  readonly incident?: IncidentFacts;
}

export interface ActorEnv extends EngineEnv {
  readonly actor: LedgerActor;
  /** Needed by verifyStep, approve, reject and acknowledge (role audiences). */
  readonly holders?: RoleHolders;
}

/** Steps that wait for a person; only these get a `due` reminder. */
const HUMAN_KINDS: ReadonlySet<StepKind> = new Set([
  'instruction',
  'checklist',
  'decision',
  'collect_evidence',
  'approval',
  'subplaybook',
]);
const MAX_MOVES = 1000;

class Session {
  readonly entries: RunEntry[] = [];
  readonly effects: Effect[] = [];
  readonly run: RunState;

  constructor(
    readonly env: EngineEnv,
    run: RunState,
    readonly actor?: LedgerActor,
  ) {
    this.run = structuredClone(run);
  }

  get at(): string {
    return this.env.now.toISOString();
  }

  get by(): string {
    return this.actor?.person ?? 'system';
  }

  record<K extends RunEventType>(type: K, data: RunEventData[K], system = false): void {
    const entry = {
      type,
      subject: this.run.id,
      ...(this.actor && !system ? { actor: this.actor } : {}),
      data,
    } as RunEntry;
    this.entries.push(entry);
    applyRunEntry(this.run, entry);
  }

  result(): EngineResult {
    return { entries: this.entries, effects: this.effects };
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function findStep(playbook: Playbook, id: string): Step | undefined {
  return playbook.steps.find((s) => s.id === id);
}

function decisionsOf(run: RunState): Record<string, string> {
  const decisions: Record<string, string> = {};
  for (const [id, step] of Object.entries(run.steps)) {
    if (step.decision) decisions[id] = step.decision.value;
  }
  return decisions;
}

function holds(condition: string | undefined, s: Session): boolean {
  if (condition === undefined) return true;
  const scope = conditionScope(
    s.run.inputs,
    s.env.incident,
    s.env.playbook.metadata.severity_default,
    decisionsOf(s.run),
  );
  return evaluate(parseCondition(condition), scope);
}

function targets(ref: StepRef, branch: BranchRef | undefined): Move['next'] {
  return [{ step: ref, ...(branch ? { branch } : {}) }];
}

/** Where a skipped step leads: its `next`; a parallel's join; a decision's first option; a rejection. */
function skipTarget(step: Step): StepRef {
  switch (step.kind) {
    case 'decision':
      return step.options[0]?.next ?? 'end';
    case 'approval':
      return step.on_reject;
    case 'parallel':
      return step.join;
    default:
      return step.next;
  }
}

function addMs(at: Date | string, ms: number): string {
  return new Date(new Date(at).getTime() + ms).toISOString();
}

function timerKey(run: string, step: string, attempt: number, purpose: TimerPurpose, n: number): string {
  return `${run}/${step}#${attempt}/${purpose}/${n}`;
}

function notificationKey(run: string, step: string, attempt: number, audience: number): string {
  return `${run}/${step}#${attempt}/notify/${audience}`;
}

function recipientOf(audience: Audience): Recipient {
  return audience.role !== undefined ? { role: audience.role } : { party: audience.party ?? 'customer' };
}

function assigneeOf(step: Step): Recipient | undefined {
  if (step.kind === 'approval') return { role: step.approvers.role };
  return step.assignee === undefined ? undefined : { role: step.assignee };
}

function holdsRole(holders: RoleHolders | undefined, role: string, person: string): boolean {
  if (!holders || !Object.hasOwn(holders, role)) return false;
  return holders[role]?.includes(person) ?? false;
}

function renderInputs(
  inputs: Readonly<Record<string, string | number | boolean>> | undefined,
  s: Session,
): Record<string, string | number | boolean> {
  const scope = templateScope(s.run.inputs, s.env.incident);
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(inputs ?? {})) {
    if (typeof value !== 'string') {
      out[name] = value;
      continue;
    }
    // A value that is exactly one `{{name}}` keeps the referenced value's type.
    const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(value);
    const ref = whole?.[1];
    out[name] = ref !== undefined && Object.hasOwn(scope, ref) ? scope[ref]! : renderTemplate(value, scope);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Starting steps and moving on

function timersFor(s: Session, step: Step, attempt: number, sent: readonly number[]): TimerSpec[] {
  const run = s.run.id;
  const timers: TimerSpec[] = [];
  const add = (purpose: TimerPurpose, n: number, due: string): void => {
    timers.push({
      key: timerKey(run, step.id, attempt, purpose, n),
      step: step.id,
      attempt,
      purpose,
      n,
      due,
    });
  };
  const dueMs = step.due === undefined ? undefined : parseDuration(step.due);
  if (dueMs !== undefined && HUMAN_KINDS.has(step.kind)) add('due', 0, addMs(s.env.now, dueMs));
  switch (step.kind) {
    case 'wait': {
      const duration = parseDuration(step.duration) ?? 0;
      const every = step.remind_every === undefined ? undefined : parseDuration(step.remind_every);
      if (every !== undefined) {
        for (let n = 1; n * every < duration; n++) add('remind', n, addMs(s.env.now, n * every));
      }
      add('wait_end', 0, addMs(s.env.now, duration));
      break;
    }
    case 'approval': {
      const timeout = step.timeout === undefined ? undefined : parseDuration(step.timeout);
      if (timeout !== undefined) add('approval_timeout', 0, addMs(s.env.now, timeout));
      break;
    }
    case 'notify':
      for (const i of sent) {
        const audience = step.audiences[i];
        const within = audience?.ack_within === undefined ? undefined : parseDuration(audience.ack_within);
        if (within !== undefined) add('ack', i, addMs(s.env.now, within));
      }
      break;
    case 'inject': {
      const at = step.at === undefined ? undefined : parseDuration(step.at);
      if (at !== undefined) {
        const due = addMs(s.run.startedAt, at);
        if (Date.parse(due) > s.env.now.getTime()) add('inject', 0, due);
      }
      break;
    }
    default:
      break;
  }
  return timers;
}

function deliverInject(s: Session, step: Extract<Step, { kind: 'inject' }>): void {
  const scope = templateScope(s.run.inputs, s.env.incident);
  s.effects.push({
    kind: 'inject',
    run: s.run.id,
    step: step.id,
    to: { role: step.to },
    text: renderBilingual(step.text, scope),
    ...(step.from ? { from: step.from } : {}),
  });
}

function startStep(s: Session, stepId: string, branch: BranchRef | undefined): void {
  const { playbook } = s.env;
  const step = findStep(playbook, stepId);
  const skip = (reason: string, next?: Move['next']): void =>
    s.record(
      'playbook.step_skipped',
      { step: stepId, reason, by: 'system', ...(next ? { next } : {}) },
      true,
    );
  if (!step) return skip('unknown step');
  if (!holds(step.when, s)) return skip('condition', targets(skipTarget(step), branch));
  if (step.kind === 'inject' && playbook.metadata.lifecycle !== 'exercise') {
    return skip('not an exercise', targets(step.next, branch));
  }
  const attempt = (s.run.attempts[stepId] ?? 0) + 1;
  const sent = step.kind === 'notify' ? step.audiences.flatMap((a, i) => (holds(a.when, s) ? [i] : [])) : [];
  const timers = timersFor(s, step, attempt, sent);
  s.record(
    'playbook.step_started',
    {
      step: stepId,
      at: s.at,
      attempt,
      ...(branch ? { branch } : {}),
      timers,
      ...(step.kind === 'notify' ? { audiences: sent } : {}),
    },
    true,
  );
  if (step.kind === 'notify' || step.kind === 'parallel' || step.kind === 'inject') {
    return automatic(s, step, attempt, branch, timers);
  }
  switch (step.kind) {
    case 'subplaybook':
      s.effects.push({
        kind: 'start-subplaybook',
        run: s.run.id,
        step: stepId,
        playbook: step.playbook,
        inputs: renderInputs(step.inputs, s),
      });
      return;
    case 'wait':
      return;
    default: {
      const to = assigneeOf(step);
      s.effects.push({ kind: 'prompt', run: s.run.id, step: stepId, ...(to ? { to } : {}) });
    }
  }
}

/**
 * The work of a step nobody acts on (notify, parallel, inject), done right after its start. It only
 * does what the state shows as not done yet, so after a crash between the step's entries `due`
 * finishes it without sending a notification twice.
 */
function automatic(
  s: Session,
  step: Extract<Step, { kind: 'notify' | 'parallel' | 'inject' }>,
  attempt: number,
  branch: BranchRef | undefined,
  timers: readonly TimerSpec[],
): void {
  const stepId = step.id;
  const system = (move: Move): void =>
    s.record('playbook.step_done', { step: stepId, by: 'system', ...move }, true);
  switch (step.kind) {
    case 'notify': {
      const scope = templateScope(s.run.inputs, s.env.incident);
      const sent = s.run.steps[stepId]?.audiences ?? [];
      for (const i of sent) {
        const audience = step.audiences[i];
        const key = notificationKey(s.run.id, stepId, attempt, i);
        if (!audience || Object.hasOwn(s.run.notifications, key)) continue;
        const template =
          s.env.playbook.templates && Object.hasOwn(s.env.playbook.templates, audience.template)
            ? s.env.playbook.templates[audience.template]
            : undefined;
        s.record('playbook.notification_sent', { step: stepId, audience: i, key }, true);
        const ack = timers.find((t) => t.purpose === 'ack' && t.n === i);
        s.effects.push({
          kind: 'post',
          run: s.run.id,
          step: stepId,
          audience: i,
          to: recipientOf(audience),
          text: template
            ? renderBilingual(template, scope)
            : { ja: audience.template, en: audience.template },
          ...(audience.ack_required || ack ? { ackKey: key } : {}),
          ...(ack ? { ackDue: ack.due } : {}),
        });
      }
      return system({ next: targets(step.next, branch) });
    }
    case 'parallel':
      return system({
        next: step.branches.map((b) => ({ step: b, branch: { parallel: stepId, branch: b } })),
        opens: { join: step.join, branches: [...step.branches] },
      });
    case 'inject':
      if (timers.some((t) => t.purpose === 'inject')) return;
      deliverInject(s, step);
      return system({ next: targets(step.next, branch) });
  }
}

/** Automatic steps a crash left started but not finished. */
function resumeAutomatic(s: Session): void {
  for (const stepId of [...s.run.active]) {
    const step = findStep(s.env.playbook, stepId);
    const state = s.run.steps[stepId];
    if (!step || !state || state.status !== 'active') continue;
    if (step.kind !== 'notify' && step.kind !== 'parallel' && step.kind !== 'inject') continue;
    const timers = Object.values(s.run.timers).filter(
      (t) => t.step === stepId && t.attempt === state.attempt,
    );
    automatic(s, step, state.attempt, state.branch, timers);
  }
}

/** Starts every queued step (following automatic steps), then finishes the run when nothing is left. */
function drain(s: Session): void {
  let moves = 0;
  for (let target = s.run.queue[0]; target && s.run.status === 'running'; target = s.run.queue[0]) {
    if (++moves > MAX_MOVES) {
      throw new InternalError({
        ja: `プレイブック ${s.env.playbook.metadata.id} の自動の手順が終わりなく続きます`,
        en: `playbook ${s.env.playbook.metadata.id} loops through automatic steps without end`,
      });
    }
    startStep(s, target.step, target.branch);
  }
  if (s.run.status === 'running' && s.run.active.length === 0 && s.run.queue.length === 0) {
    s.record('playbook.run_finished', { at: s.at }, true);
    s.effects.push({ kind: 'run-finished', run: s.run.id });
  }
}

function notRunning(run: RunState): UserInputError {
  return new UserInputError({
    ja: `${run.id} は実行中ではありません（${run.status === 'finished' ? '完了' : '中止'}済み）`,
    en: `${run.id} is not running (it was ${run.status})`,
  });
}

/** The step, which must be in progress (status `active` unless told otherwise) and of one of `kinds`. */
function activeStep(
  s: Session,
  stepId: string,
  kinds: readonly StepKind[] | undefined,
  status: StepState['status'] = 'active',
): { step: Step; state: StepState } {
  if (s.run.status !== 'running') throw notRunning(s.run);
  const step = findStep(s.env.playbook, stepId);
  const state = s.run.steps[stepId];
  if (!step || !state || !s.run.active.includes(stepId) || state.status !== status) {
    const active = s.run.active.join(', ') || '—';
    throw new UserInputError({
      ja: `手順「${stepId}」は${status === 'performed' ? '確認待ち' : '実行中'}ではありません。実行中の手順: ${active}`,
      en: `step "${stepId}" is not ${status === 'performed' ? 'waiting for verification' : 'in progress'}. In progress: ${active}`,
    });
  }
  if (kinds && !kinds.includes(step.kind)) {
    throw new UserInputError({
      ja: `手順「${stepId}」（${step.kind}）ではこの操作はできません`,
      en: `step "${stepId}" (${step.kind}) does not take this action`,
    });
  }
  return { step, state };
}

function branchOf(s: Session, stepId: string): BranchRef | undefined {
  return s.run.steps[stepId]?.branch;
}

// ---------------------------------------------------------------------------------------------
// Public API

export interface StartRunInput {
  readonly playbook: Playbook;
  readonly runs: RunsState;
  readonly now: Date;
  readonly actor: LedgerActor;
  readonly inputs: Readonly<Record<string, string | number | boolean>>;
  readonly incident?: IncidentFacts;
  readonly parent?: { run: string; step: string };
}

/** Starts a run: `playbook.run_started`, then the first step (and any automatic steps after it). */
export function startRun(input: StartRunInput): EngineResult {
  const number = input.runs.lastNumber + 1;
  const subject = runSubject(number);
  const started: RunEntry = {
    type: 'playbook.run_started',
    subject,
    actor: input.actor,
    data: {
      number,
      playbook: input.playbook.metadata.id,
      version: input.playbook.metadata.version,
      ...(input.incident?.id === undefined ? {} : { incident: String(input.incident.id) }),
      inputs: { ...input.inputs },
      started_by: input.actor.person,
      start: input.playbook.start,
      at: input.now.toISOString(),
      ...(input.parent ? { parent: input.parent } : {}),
    },
  };
  const scratch: RunsState = { byId: {}, lastNumber: 0 };
  applyToRuns(scratch, started);
  const run = scratch.byId[subject]!;
  const s = new Session(
    {
      playbook: input.playbook,
      run,
      now: input.now,
      ...(input.incident ? { incident: input.incident } : {}),
    },
    run,
    input.actor,
  );
  s.entries.push(started);
  drain(s);
  return s.result();
}

/** Ticks one checklist item (idempotent: ticking it again records nothing). */
export function checkItem(env: ActorEnv, stepId: string, item: number): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step, state } = activeStep(s, stepId, ['checklist']);
  if (step.kind !== 'checklist') return s.result();
  const def = step.items[item];
  if (!Number.isInteger(item) || !def || !holds(def.when, s)) {
    throw new UserInputError({
      ja: `手順「${stepId}」に項目 ${item + 1} はありません（対象外の項目を含む）`,
      en: `step "${stepId}" has no applicable item ${item + 1}`,
    });
  }
  if (!state.checked.includes(item)) s.record('playbook.item_checked', { step: stepId, item, by: s.by });
  return s.result();
}

/** The items of a checklist that apply (their `when` holds). */
export function applicableItems(env: EngineEnv, stepId: string): number[] {
  const s = new Session(env, env.run);
  const step = findStep(env.playbook, stepId);
  if (step?.kind !== 'checklist') return [];
  return step.items.flatMap((item, i) => (holds(item.when, s) ? [i] : []));
}

/** Finishes an instruction, checklist or evidence step; a step with `verify` then waits for the check. */
export function completeStep(env: ActorEnv, stepId: string, outputs?: Record<string, string>): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step, state } = activeStep(s, stepId, ['instruction', 'checklist', 'collect_evidence']);
  if (step.kind === 'checklist') {
    const missing = applicableItems(env, stepId).filter((i) => !state.checked.includes(i));
    if (missing.length > 0) {
      throw new UserInputError({
        ja: `未チェックの項目があります: ${missing.map((i) => i + 1).join(', ')}`,
        en: `items not checked yet: ${missing.map((i) => i + 1).join(', ')}`,
      });
    }
  }
  if (step.kind === 'collect_evidence') {
    const missing = step.fields.filter((f) => f.required && !state.evidence[f.id]?.length).map((f) => f.id);
    if (missing.length > 0) {
      throw new UserInputError({
        ja: `必須の証跡がありません: ${missing.join(', ')}`,
        en: `required evidence missing: ${missing.join(', ')}`,
      });
    }
  }
  const verify = step.kind === 'checklist' || step.kind === 'collect_evidence' ? step.verify : undefined;
  const next = verify ? undefined : targets(successor(step), branchOf(s, stepId));
  s.record('playbook.step_done', {
    step: stepId,
    by: s.by,
    ...(outputs ? { outputs: { ...outputs } } : {}),
    ...(next ? { next } : {}),
  });
  drain(s);
  return s.result();
}

function successor(step: Step): StepRef {
  return 'next' in step ? step.next : skipTarget(step);
}

/** Four-eyes check: someone other than every performer, holding a role in `verify.by`. */
export function verifyStep(env: ActorEnv, stepId: string): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step, state } = activeStep(s, stepId, ['checklist', 'collect_evidence'], 'performed');
  const verify = step.kind === 'checklist' || step.kind === 'collect_evidence' ? step.verify : undefined;
  if (!verify) return s.result();
  const person = env.actor.person;
  if (state.performers.includes(person)) {
    throw new PermissionError({
      ja: `手順「${stepId}」は自分で実施したため確認できません。別の人（${verify.by.join('・')}）が確認してください。`,
      en: `you performed step "${stepId}", so you cannot verify it; someone else (${verify.by.join(', ')}) must`,
    });
  }
  if (!verify.by.some((role) => holdsRole(env.holders, role, person))) {
    throw new PermissionError({
      ja: `手順「${stepId}」を確認できるのは ${verify.by.join('・')} の役割を持つ人です`,
      en: `step "${stepId}" is verified by someone holding ${verify.by.join(' or ')}`,
    });
  }
  s.record('playbook.step_verified', {
    step: stepId,
    by: person,
    next: targets(successor(step), branchOf(s, stepId)),
  });
  drain(s);
  return s.result();
}

export function decide(env: ActorEnv, stepId: string, value: string): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step } = activeStep(s, stepId, ['decision']);
  if (step.kind !== 'decision') return s.result();
  const option = step.options.find((o) => o.value === value);
  if (!option) {
    const values = step.options.map((o) => o.value).join(', ');
    throw new UserInputError({
      ja: `「${value}」は選択肢にありません。選択肢: ${values}`,
      en: `"${value}" is not an option. Options: ${values}`,
    });
  }
  s.record('playbook.decision_made', {
    step: stepId,
    value,
    by: s.by,
    next: targets(option.next, branchOf(s, stepId)),
  });
  drain(s);
  return s.result();
}

export function sha256Of(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Records one piece of evidence by its SHA-256 (the content itself is stored elsewhere, if at all). */
export function addEvidence(
  env: ActorEnv,
  stepId: string,
  field: string,
  content: Buffer | string,
  source: string,
): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step } = activeStep(s, stepId, ['collect_evidence']);
  if (step.kind !== 'collect_evidence') return s.result();
  const def = step.fields.find((f) => f.id === field);
  if (!def) {
    const fields = step.fields.map((f) => f.id).join(', ');
    throw new UserInputError({
      ja: `手順「${stepId}」に証跡の項目「${field}」はありません。項目: ${fields}`,
      en: `step "${stepId}" has no evidence field "${field}". Fields: ${fields}`,
    });
  }
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  s.record('playbook.evidence_added', {
    step: stepId,
    field,
    kind: def.type,
    sha256: sha256Of(bytes),
    size: bytes.length,
    source,
    by: s.by,
  });
  return s.result();
}

/** Acknowledges a notification of the step's latest attempt, as a member of its audience. */
export function acknowledge(env: ActorEnv, stepId: string, audienceIndex: number): EngineResult {
  const s = new Session(env, env.run, env.actor);
  if (s.run.status !== 'running') throw notRunning(s.run);
  const step = findStep(env.playbook, stepId);
  const attempt = s.run.attempts[stepId] ?? 0;
  const key = notificationKey(s.run.id, stepId, attempt, audienceIndex);
  const notification = Object.hasOwn(s.run.notifications, key) ? s.run.notifications[key] : undefined;
  const audience = step?.kind === 'notify' ? step.audiences[audienceIndex] : undefined;
  if (!notification || !audience) {
    throw new UserInputError({
      ja: `手順「${stepId}」の通知 ${audienceIndex + 1} は送られていません`,
      en: `notification ${audienceIndex + 1} of step "${stepId}" was not sent`,
    });
  }
  if (notification.ackedBy !== undefined) return s.result();
  const person = env.actor.person;
  const member =
    audience.role !== undefined
      ? holdsRole(env.holders, audience.role, person)
      : env.actor.party === audience.party;
  if (!member) {
    throw new PermissionError({
      ja: `この通知を確認できるのは宛先（${audience.role ?? audience.party ?? ''}）の人です`,
      en: `only its audience (${audience.role ?? audience.party ?? ''}) can acknowledge this notification`,
    });
  }
  s.record('playbook.acknowledged', { step: stepId, audience: audienceIndex, key, by: person });
  return s.result();
}

function vote(env: ActorEnv, stepId: string, approve: boolean): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step, state } = activeStep(s, stepId, ['approval']);
  if (step.kind !== 'approval') return s.result();
  const person = env.actor.person;
  if (!holdsRole(env.holders, step.approvers.role, person)) {
    throw new PermissionError({
      ja: `手順「${stepId}」を承認・却下できるのは ${step.approvers.role} の役割を持つ人です`,
      en: `step "${stepId}" is approved or rejected by someone holding ${step.approvers.role}`,
    });
  }
  if (state.approvals.some((a) => a.by === person)) {
    throw new UserInputError({
      ja: `手順「${stepId}」にはすでに回答しています`,
      en: `you already answered step "${stepId}"`,
    });
  }
  const approvals = state.approvals.filter((a) => a.approve).length + (approve ? 1 : 0);
  const branch = branchOf(s, stepId);
  // One rejection decides; approval needs the quorum of distinct approvers.
  const next = !approve
    ? targets(step.on_reject, branch)
    : approvals >= step.approvers.quorum
      ? targets(step.on_approve, branch)
      : undefined;
  s.record('playbook.approval_given', { step: stepId, by: person, approve, ...(next ? { next } : {}) });
  drain(s);
  return s.result();
}

export function approve(env: ActorEnv, stepId: string): EngineResult {
  return vote(env, stepId, true);
}

export function reject(env: ActorEnv, stepId: string): EngineResult {
  return vote(env, stepId, false);
}

/** Skips a step in progress, with a reason; the run moves on as if the step's `when` were false. */
export function skip(env: ActorEnv, stepId: string, reason: string): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const state = s.run.steps[stepId];
  const { step } = activeStep(s, stepId, undefined, state?.status === 'performed' ? 'performed' : 'active');
  s.record('playbook.step_skipped', {
    step: stepId,
    reason,
    by: s.by,
    next: targets(skipTarget(step), branchOf(s, stepId)),
  });
  drain(s);
  return s.result();
}

export function abort(env: ActorEnv, reason: string): EngineResult {
  const s = new Session(env, env.run, env.actor);
  if (s.run.status !== 'running') throw notRunning(s.run);
  s.record('playbook.run_aborted', { reason, by: s.by });
  return s.result();
}

/** The sub-playbook's run ended: a finished one moves this run on; an aborted one leaves the step to a person. */
export function subrunFinished(
  env: EngineEnv,
  stepId: string,
  subrun: string,
  outcome: 'finished' | 'aborted',
): EngineResult {
  const s = new Session(env, env.run);
  const { step } = activeStep(s, stepId, ['subplaybook']);
  const next = outcome === 'finished' ? targets(successor(step), branchOf(s, stepId)) : undefined;
  s.record('playbook.subrun_finished', { step: stepId, subrun, outcome, ...(next ? { next } : {}) });
  drain(s);
  return s.result();
}

function fire(s: Session, timer: TimerSpec): void {
  const step = findStep(s.env.playbook, timer.step);
  const base = { step: timer.step, key: timer.key, purpose: timer.purpose };
  const run = s.run.id;
  const branch = branchOf(s, timer.step);
  if (!step) {
    s.record('playbook.timer_fired', base, true);
    return;
  }
  switch (timer.purpose) {
    case 'remind':
    case 'due': {
      s.record('playbook.timer_fired', base, true);
      const to = assigneeOf(step);
      s.effects.push({
        kind: 'remind',
        run,
        step: step.id,
        key: timer.key,
        n: timer.n,
        overdue: timer.purpose === 'due',
        ...(to ? { to } : {}),
      });
      return;
    }
    case 'wait_end':
      s.record('playbook.timer_fired', { ...base, next: targets(successor(step), branch) }, true);
      return;
    case 'inject':
      s.record('playbook.timer_fired', { ...base, next: targets(successor(step), branch) }, true);
      if (step.kind === 'inject') deliverInject(s, step);
      return;
    case 'approval_timeout': {
      s.record('playbook.timer_fired', base, true);
      const onTimeout = step.kind === 'approval' ? step.on_timeout : undefined;
      if (onTimeout && holds(onTimeout.when, s)) {
        s.effects.push({
          kind: 'escalate',
          run,
          step: step.id,
          key: timer.key,
          reason: 'approval_timeout',
          to: { role: onTimeout.escalate_to },
          ...(onTimeout.note ? { note: onTimeout.note } : {}),
        });
      }
      return;
    }
    case 'ack': {
      s.record('playbook.timer_fired', base, true);
      const key = notificationKey(run, step.id, timer.attempt, timer.n);
      if (s.run.notifications[key]?.ackedBy !== undefined) return;
      const to = assigneeOf(step);
      s.effects.push({
        kind: 'escalate',
        run,
        step: step.id,
        key: timer.key,
        reason: 'ack_timeout',
        audience: timer.n,
        ...(to ? { to } : {}),
      });
      return;
    }
  }
}

/** Timers due at `now` that have not fired, earliest first (ties by key). */
export function pendingTimers(run: RunState, now: Date): TimerSpec[] {
  return Object.values(run.timers)
    .filter((t) => Date.parse(t.due) <= now.getTime() && !run.fired.includes(t.key))
    .sort((a, b) => Date.parse(a.due) - Date.parse(b.due) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The earliest time a timer of the run is due, for scheduling the next `due` call. */
export function nextDue(run: RunState): string | undefined {
  const times = Object.values(run.timers).map((t) => t.due);
  return times.sort()[0];
}

/**
 * Fires every timer due at `now` that has not fired (one `timer_fired` each, with its effects), and
 * finishes any move a crash interrupted. Calling it again with the same state records nothing.
 */
export function due(env: EngineEnv): EngineResult {
  const s = new Session(env, env.run);
  if (s.run.status !== 'running') return s.result();
  resumeAutomatic(s);
  drain(s);
  let moves = 0;
  for (let timer = pendingTimers(s.run, env.now)[0]; timer; timer = pendingTimers(s.run, env.now)[0]) {
    if (++moves > MAX_MOVES) break;
    fire(s, timer);
    drain(s);
  }
  return s.result();
}
