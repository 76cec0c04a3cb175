// One engine call's scratch state: a private copy of the run that every recorded entry is folded
// into at once (so later decisions in the same call see it), the entries and effects so far, and
// the checks every action starts with (the run is running, the step is in progress).
import { UserInputError } from '../../errors.js';
import type { LedgerActor } from '../../../store/ledger/entry.js';
import { evaluate, parseCondition } from '../condition.js';
import type { Playbook, Step, StepKind } from '../playbook-types.js';
import type { Effect, EngineEnv, EngineResult } from './effects.js';
import type { BranchRef, RunEntry, RunEventData, RunEventType } from './run-events.js';
import { applyRunEntry, type RunState, type StepState } from './run-projection.js';
import { conditionScope } from './template.js';

/** Automatic moves one call may make before the playbook counts as looping without end. */
export const MAX_MOVES = 1000;

export class Session {
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

export function findStep(playbook: Playbook, id: string): Step | undefined {
  return playbook.steps.find((s) => s.id === id);
}

function decisionsOf(run: RunState): Record<string, string> {
  const decisions: Record<string, string> = {};
  for (const [id, step] of Object.entries(run.steps)) {
    if (step.decision) decisions[id] = step.decision.value;
  }
  return decisions;
}

/** Whether a `when` condition holds now (no condition always holds). */
export function holds(condition: string | undefined, s: Session): boolean {
  if (condition === undefined) return true;
  const scope = conditionScope(
    s.run.inputs,
    s.env.incident,
    s.env.playbook.metadata.severity_default,
    decisionsOf(s.run),
  );
  return evaluate(parseCondition(condition), scope);
}

export function branchOf(s: Session, stepId: string): BranchRef | undefined {
  return s.run.steps[stepId]?.branch;
}

export function notRunning(run: RunState): UserInputError {
  return new UserInputError({
    ja: `${run.id} は実行中ではありません（${run.status === 'finished' ? '完了' : '中止'}済み）`,
    en: `${run.id} is not running (it was ${run.status})`,
  });
}

/** The step, which must be in progress (status `active` unless told otherwise) and of one of `kinds`. */
export function activeStep(
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
