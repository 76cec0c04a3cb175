// A run as a whole: starting it, skipping a step, aborting it, hearing that a sub-playbook's run
// ended, and `due` — the timer tick that fires every due timer once and finishes any move a crash
// interrupted.
import type { LedgerActor } from '../../../store/ledger/entry.js';
import type { Playbook } from '../playbook-types.js';
import type { ActorEnv, EngineEnv, EngineResult } from './effects.js';
import type { RunEntry } from './run-events.js';
import { runSubject } from './run-events.js';
import { applyToRuns, type RunsState } from './run-projection.js';
import { activeStep, branchOf, findStep, MAX_MOVES, notRunning, Session } from './session.js';
import { skipTarget, successor, targets } from './step-routes.js';
import { drain, renderInputs, resumeAutomatic } from './step-start.js';
import type { IncidentFacts } from './template.js';
import { fire, pendingTimers } from './timers.js';

export interface StartRunInput {
  readonly playbook: Playbook;
  readonly runs: RunsState;
  readonly now: Date;
  /** Absent: the system started it (a sub-playbook reached by a timer). */
  readonly actor?: LedgerActor;
  readonly inputs: Readonly<Record<string, string | number | boolean>>;
  readonly incident?: IncidentFacts;
  readonly parent?: { run: string; step: string; attempt?: number };
}

/** Starts a run: `playbook.run_started`, then the first step (and any automatic steps after it). */
export function startRun(input: StartRunInput): EngineResult {
  const number = input.runs.lastNumber + 1;
  const subject = runSubject(number);
  const started: RunEntry = {
    type: 'playbook.run_started',
    subject,
    ...(input.actor ? { actor: input.actor } : {}),
    data: {
      number,
      playbook: input.playbook.metadata.id,
      version: input.playbook.metadata.version,
      ...(input.incident?.id === undefined ? {} : { incident: String(input.incident.id) }),
      inputs: { ...input.inputs },
      started_by: input.actor?.person ?? 'system',
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
  // Aborted: the step waits for a person (skip it, or run the sub-playbook by hand and then skip it).
  if (!next) s.effects.push({ kind: 'prompt', run: s.run.id, step: stepId });
  drain(s);
  return s.result();
}

/** The inputs a `subplaybook` step passes to its child run, rendered from this run's inputs and incident. */
export function subplaybookInputs(env: EngineEnv, stepId: string): Record<string, string | number | boolean> {
  const step = findStep(env.playbook, stepId);
  if (step?.kind !== 'subplaybook') return {};
  return renderInputs(step.inputs, new Session(env, env.run));
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
