// The link between a run's `subplaybook` step and the child run started for it, read from the folded
// runs alone so the same check serves both the normal flow and the repair after a crash: an active
// subplaybook step without a child needs its child started; a child that ended while its parent's
// step is still active needs `playbook.subrun_finished` recorded on the parent. A child belongs to
// one attempt of one step (parent run + step + attempt), so a step is never given two children.
import type { RunState, RunsState } from './engine/run-projection.js';
import type { Playbook, SubplaybookStep } from './playbook-types.js';

export type SubrunWork =
  /** The step is active and has no child run yet. */
  | { readonly kind: 'start'; readonly step: SubplaybookStep; readonly attempt: number }
  /** The step's child run ended and the parent has not recorded it yet. */
  | {
      readonly kind: 'finish';
      readonly step: string;
      readonly child: RunState & { status: 'finished' | 'aborted' };
    };

/** The child run started for one attempt of a parent's step (an entry without attempt is the first). */
export function childOf(
  runs: RunsState,
  parent: string,
  step: string,
  attempt: number,
): RunState | undefined {
  return Object.values(runs.byId).find(
    (run) =>
      run.parent !== undefined &&
      run.parent.run === parent &&
      run.parent.step === step &&
      (run.parent.attempt ?? 1) === attempt,
  );
}

/** What the run's active subplaybook steps still need, in the order of its active steps. */
export function subrunWork(runs: RunsState, run: RunState, playbook: Playbook): SubrunWork[] {
  if (run.status !== 'running') return [];
  const work: SubrunWork[] = [];
  for (const stepId of run.active) {
    const step = playbook.steps.find((s) => s.id === stepId);
    const state = run.steps[stepId];
    if (step?.kind !== 'subplaybook' || !state || state.status !== 'active') continue;
    const child = childOf(runs, run.id, stepId, state.attempt);
    if (!child) {
      work.push({ kind: 'start', step, attempt: state.attempt });
    } else if (child.status !== 'running' && state.subrun?.run !== child.id) {
      work.push({ kind: 'finish', step: stepId, child: { ...child, status: child.status } });
    }
  }
  return work;
}
