// The playbook engine: pure functions over (playbook, run state, now, actor) that return the ledger
// entries to record and the effects to perform once they are recorded. Nothing here mutates the
// given state, reads the clock or talks to a chat platform: the caller commits the entries (the
// projection then folds them) and performs the effects.
//
// Resumption after a restart needs nothing but the folded state: timers carry absolute due times,
// fired timers are remembered by key, and every move to another step is recorded in the same entry
// as its cause. `due(now)` also finishes any move a crash interrupted (steps queued but not started).
//
// This file is the public face; the work is split by purpose: effects.ts (what comes back and what
// goes in), session.ts (one call's scratch run), step-start.ts (starting steps, automatic steps,
// moving on), timers.ts (scheduling and firing), people-actions.ts, approvals-and-acks.ts,
// run-control.ts (start, skip, abort, sub-runs, due) and assignee-check.ts (who may do a step).
export type { ActorEnv, Effect, EngineEnv, EngineResult, Recipient, RoleHolders } from './effects.js';
export { assigneeHolders, isUnassigned } from './assignee-check.js';
export {
  addEvidence,
  applicableItems,
  checkItem,
  completeStep,
  decide,
  sha256Of,
  verifyStep,
} from './people-actions.js';
export { acknowledge, approve, reject } from './approvals-and-acks.js';
export {
  abort,
  due,
  skip,
  startRun,
  subplaybookInputs,
  subrunFinished,
  type StartRunInput,
} from './run-control.js';
export { nextDue, pendingTimers } from './timers.js';
