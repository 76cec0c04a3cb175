// Folds playbook run entries into the state of every run. Pure bookkeeping from the entries' data
// (never the clock, never the playbook), so folding the same entries always gives the same state:
// a restart resumes exactly where the run was, with the same pending timers and their due times.
import type { LedgerEntry, Projection } from '../../../store/repository.js';
import type { Platform } from '../../parties/model.js';
import { END } from '../playbook-types.js';
import type {
  BranchRef,
  Move,
  RunEntry,
  RunEventData,
  RunEventType,
  RunTarget,
  TimerPurpose,
  TimerSpec,
  WithEffects,
} from './run-events.js';
import { isRunEvent, isRunSubject } from './run-events.js';

export interface EvidenceRecord {
  readonly kind: 'text' | 'file' | 'link';
  readonly sha256: string;
  readonly size?: number;
  readonly source: string;
  readonly by: string;
}

export interface StepState {
  attempt: number;
  startedAt: string;
  branch?: BranchRef;
  /** active → (performed, waiting for verification) → done; or skipped. */
  status: 'active' | 'performed' | 'done' | 'skipped';
  checked: number[];
  /** Everyone who did part of the step (checked, added evidence, finished it): not a verifier. */
  performers: string[];
  doneBy?: string;
  verifiedBy?: string;
  decision?: { value: string; by: string };
  approvals: { by: string; approve: boolean }[];
  evidence: Record<string, EvidenceRecord[]>;
  outputs?: Record<string, string>;
  skipReason?: string;
  /** subplaybook: the child run whose end was recorded (an aborted one leaves the step active). */
  subrun?: { run: string; outcome: 'finished' | 'aborted' };
  /** notify: the audiences to send to. */
  audiences?: number[];
}

export interface NotificationState {
  readonly step: string;
  readonly audience: number;
  ackedBy?: string;
}

export interface ParallelState {
  join: string;
  /** The parallel step's own branch, when parallels nest. */
  branch?: BranchRef;
  open: string[];
}

export interface RunState {
  id: string;
  number: number;
  playbook: string;
  version: string;
  incident?: string;
  inputs: Record<string, string | number | boolean>;
  startedBy: string;
  startedAt: string;
  status: 'running' | 'finished' | 'aborted';
  finishedAt?: string;
  abortReason?: string;
  /** Steps in progress (several while parallel branches run). */
  active: string[];
  /** Steps to start next, in order: left by one entry, not yet started by the following one. */
  queue: RunTarget[];
  steps: Record<string, StepState>;
  /** How often each step has started (loops come back to a step). */
  attempts: Record<string, number>;
  /** Timers still to fire, by key, with their absolute due times. */
  timers: Record<string, TimerSpec>;
  /** Keys of every timer that has fired. */
  fired: string[];
  notifications: Record<string, NotificationState>;
  parallels: Record<string, ParallelState>;
  parent?: { run: string; step: string; attempt?: number };
  /**
   * The delivery outbox: entries whose `effects` are not yet delivered (ledger seq, entry time, and
   * when delivery failed on some platforms only, those platforms). Kept by the projection only.
   */
  undelivered?: UndeliveredEffects[];
}

export interface UndeliveredEffects {
  readonly seq: number;
  /** The entry's time: effects older than a day are not posted after a restart. */
  readonly at: string;
  /** Deliver on these platforms only (the others already have them). */
  platforms?: Platform[];
}

export interface RunsState {
  byId: Record<string, RunState>;
  lastNumber: number;
}

/** Timers that belong to one step's attempt and end with it; `ack` timers outlive their step. */
const STEP_BOUND: ReadonlySet<TimerPurpose> = new Set([
  'due',
  'remind',
  'wait_end',
  'approval_timeout',
  'inject',
]);

function newStep(attempt: number, at: string, branch: BranchRef | undefined): StepState {
  return {
    attempt,
    startedAt: at,
    ...(branch ? { branch } : {}),
    status: 'active',
    checked: [],
    performers: [],
    approvals: [],
    evidence: {},
  };
}

const addPerformer = (step: StepState, person: string): void => {
  if (!step.performers.includes(person)) step.performers.push(person);
};

function dropStepTimers(run: RunState, stepId: string): void {
  for (const [key, timer] of Object.entries(run.timers)) {
    if (timer.step === stepId && STEP_BOUND.has(timer.purpose)) delete run.timers[key];
  }
}

/** A branch reached `end` or the join: close it, and queue the join once every branch has ended. */
function endBranch(run: RunState, branch: BranchRef): void {
  const parallel = run.parallels[branch.parallel];
  if (!parallel) return;
  const before = parallel.open.length;
  parallel.open = parallel.open.filter((b) => b !== branch.branch);
  if (before > 0 && parallel.open.length === 0) {
    enqueue(run, { step: parallel.join, ...(parallel.branch ? { branch: parallel.branch } : {}) });
  }
}

function enqueue(run: RunState, target: RunTarget): void {
  const { branch } = target;
  if (branch) {
    const parallel = run.parallels[branch.parallel];
    if (target.step === END || parallel?.join === target.step) {
      endBranch(run, branch);
      return;
    }
  }
  if (target.step === END) return;
  run.queue.push(target);
}

/** The step is left: it stops being active, its timers end, and the move's targets are queued. */
function leave(run: RunState, stepId: string, move: Move): void {
  if (move.next === undefined) return;
  run.active = run.active.filter((s) => s !== stepId);
  dropStepTimers(run, stepId);
  const step = run.steps[stepId];
  if (step && step.status === 'active') step.status = 'done';
  if (move.opens) {
    run.parallels[stepId] = {
      join: move.opens.join,
      open: [...move.opens.branches],
      ...(step?.branch ? { branch: step.branch } : {}),
    };
  }
  for (const target of move.next) enqueue(run, target);
}

type Handler<K extends RunEventType> = (run: RunState, data: RunEventData[K]) => void;

const handlers: { [K in RunEventType]: Handler<K> } = {
  'playbook.run_started': () => undefined,
  'playbook.step_started': (run, data) => {
    const index = run.queue.findIndex((t) => t.step === data.step);
    if (index >= 0) run.queue.splice(index, 1);
    run.attempts[data.step] = data.attempt;
    run.steps[data.step] = newStep(data.attempt, data.at, data.branch);
    if (data.audiences) run.steps[data.step]!.audiences = [...data.audiences];
    if (!run.active.includes(data.step)) run.active.push(data.step);
    for (const timer of data.timers) {
      if (!run.fired.includes(timer.key)) run.timers[timer.key] = timer;
    }
  },
  'playbook.item_checked': (run, data) => {
    const step = run.steps[data.step];
    if (!step) return;
    if (!step.checked.includes(data.item)) step.checked.push(data.item);
    addPerformer(step, data.by);
  },
  'playbook.step_done': (run, data) => {
    const step = run.steps[data.step];
    if (step) {
      step.doneBy = data.by;
      addPerformer(step, data.by);
      if (data.outputs) step.outputs = { ...data.outputs };
      if (data.next === undefined) {
        step.status = 'performed';
        // Performed, waiting for verification: the step's reminders are over, the run is not.
        for (const [key, timer] of Object.entries(run.timers)) {
          if (timer.step === data.step && timer.purpose === 'due') delete run.timers[key];
        }
      }
    }
    leave(run, data.step, data);
  },
  'playbook.step_verified': (run, data) => {
    const step = run.steps[data.step];
    if (step) {
      step.verifiedBy = data.by;
      step.status = 'done';
    }
    leave(run, data.step, data);
  },
  'playbook.decision_made': (run, data) => {
    const step = run.steps[data.step];
    if (step) {
      step.decision = { value: data.value, by: data.by };
      step.doneBy = data.by;
    }
    leave(run, data.step, data);
  },
  'playbook.evidence_added': (run, data) => {
    const step = run.steps[data.step];
    if (!step) return;
    const list = (step.evidence[data.field] ??= []);
    list.push({
      kind: data.kind,
      sha256: data.sha256,
      ...(data.size === undefined ? {} : { size: data.size }),
      source: data.source,
      by: data.by,
    });
    addPerformer(step, data.by);
  },
  'playbook.notification_sent': (run, data) => {
    run.notifications[data.key] = { step: data.step, audience: data.audience };
  },
  'playbook.acknowledged': (run, data) => {
    const notification = run.notifications[data.key];
    if (notification) notification.ackedBy ??= data.by;
    for (const [key, timer] of Object.entries(run.timers)) {
      if (timer.purpose === 'ack' && timer.step === data.step && timer.n === data.audience)
        delete run.timers[key];
    }
  },
  'playbook.approval_given': (run, data) => {
    const step = run.steps[data.step];
    if (step && !step.approvals.some((a) => a.by === data.by)) {
      step.approvals.push({ by: data.by, approve: data.approve });
    }
    leave(run, data.step, data);
  },
  'playbook.reminder_sent': () => undefined,
  'playbook.timer_fired': (run, data) => {
    if (!run.fired.includes(data.key)) run.fired.push(data.key);
    delete run.timers[data.key];
    leave(run, data.step, data);
  },
  'playbook.step_skipped': (run, data) => {
    const index = run.queue.findIndex((t) => t.step === data.step);
    if (index >= 0) run.queue.splice(index, 1);
    const step = run.steps[data.step];
    if (step && run.active.includes(data.step)) {
      step.status = 'skipped';
      step.skipReason = data.reason;
    }
    // A step skipped before it started leaves nothing active; one skipped while active is left.
    run.active = run.active.filter((s) => s !== data.step);
    dropStepTimers(run, data.step);
    for (const target of data.next ?? []) enqueue(run, target);
  },
  'playbook.subrun_finished': (run, data) => {
    const step = run.steps[data.step];
    if (step) step.subrun = { run: data.subrun, outcome: data.outcome };
    leave(run, data.step, data);
  },
  'playbook.run_finished': (run, data) => {
    run.status = 'finished';
    run.finishedAt = data.at;
    run.active = [];
    run.queue = [];
    run.timers = {};
  },
  'playbook.run_aborted': (run, data) => {
    run.status = 'aborted';
    run.abortReason = data.reason;
    run.active = [];
    run.queue = [];
    run.timers = {};
  },
  // Outbox bookkeeping needs the entry's seq: see `trackDelivery`.
  'playbook.effects_delivered': () => undefined,
};

function startRunState(data: RunEventData['playbook.run_started'], subject: string): RunState {
  return {
    id: subject,
    number: data.number,
    playbook: data.playbook,
    version: data.version,
    ...(data.incident === undefined ? {} : { incident: data.incident }),
    inputs: { ...data.inputs },
    startedBy: data.started_by,
    startedAt: data.at,
    status: 'running',
    active: [],
    queue: [{ step: data.start }],
    steps: {},
    attempts: {},
    timers: {},
    fired: [],
    notifications: {},
    parallels: {},
    ...(data.parent ? { parent: { ...data.parent } } : {}),
  };
}

/** Entries that may follow a run's end: a late reminder record and an acknowledgement of its last notice. */
const AFTER_END: ReadonlySet<RunEventType> = new Set(['playbook.reminder_sent', 'playbook.acknowledged']);

/** Applies one run entry to one run's state (used by the projection and by the engine's look-ahead). */
export function applyRunEntry(run: RunState, entry: RunEntry): void {
  if (entry.type === 'playbook.run_started') return;
  // An ended run takes no more moves; what is still recorded about it afterwards does apply.
  if (run.status !== 'running' && !AFTER_END.has(entry.type)) return;
  const handler = handlers[entry.type] as Handler<RunEventType>;
  handler(run, entry.data);
}

export function applyToRuns(state: RunsState, entry: RunEntry): void {
  if (entry.type === 'playbook.run_started') {
    if (state.byId[entry.subject]) return;
    state.byId[entry.subject] = startRunState(entry.data, entry.subject);
    state.lastNumber = Math.max(state.lastNumber, entry.data.number);
    return;
  }
  const run = state.byId[entry.subject];
  if (run) applyRunEntry(run, entry);
}

/**
 * The delivery outbox: an entry carrying effects is undelivered until `playbook.effects_delivered`
 * names its seq (whatever the run's status: the last effect of a run is often `run-finished`).
 */
function trackDelivery(state: RunsState, entry: LedgerEntry): void {
  const run = state.byId[entry.subject];
  if (!run) return;
  if (entry.type === 'playbook.effects_delivered') {
    const data = entry.data as RunEventData['playbook.effects_delivered'];
    const pending = run.undelivered ?? [];
    const item = pending.find((u) => u.seq === data.seq);
    if (!item) return;
    if (data.retry && data.retry.length > 0) item.platforms = [...data.retry];
    else run.undelivered = pending.filter((u) => u !== item);
    if (run.undelivered?.length === 0) delete run.undelivered;
    return;
  }
  const { effects } = entry.data as WithEffects;
  if (Array.isArray(effects) && effects.length > 0) {
    (run.undelivered ??= []).push({ seq: entry.seq, at: entry.ts });
  }
}

export const runProjection: Projection<RunsState> = {
  name: 'playbook-runs',
  version: 1,
  initial: () => ({ byId: {}, lastNumber: 0 }),
  apply(state, entry: LedgerEntry) {
    if (!isRunEvent(entry.type) || !isRunSubject(entry.subject)) return;
    applyToRuns(state, entry as unknown as RunEntry);
    trackDelivery(state, entry);
  },
};

/** Folds entries into a fresh state, as a restart does. */
export function foldRuns(entries: readonly RunEntry[]): RunsState {
  const state = runProjection.initial();
  for (const entry of entries) applyToRuns(state, entry);
  return state;
}
