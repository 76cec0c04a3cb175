// Where a step leads when it ends, is skipped or is finished by the system, and who it waits for.
import type { Audience, Step, StepRef } from '../playbook-types.js';
import type { Recipient } from './effects.js';
import type { BranchRef, Move } from './run-events.js';

export function targets(ref: StepRef, branch: BranchRef | undefined): Move['next'] {
  return [{ step: ref, ...(branch ? { branch } : {}) }];
}

/** Where a skipped step leads: its `next`; a parallel's join; a decision's first option; a rejection. */
export function skipTarget(step: Step): StepRef {
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

/** Where a step leads once finished (its `next`, or where skipping it would lead). */
export function successor(step: Step): StepRef {
  return 'next' in step ? step.next : skipTarget(step);
}

export function recipientOf(audience: Audience): Recipient {
  return audience.role !== undefined ? { role: audience.role } : { party: audience.party ?? 'customer' };
}

/** Who a step waits for: its assignee role, or an approval's approvers. */
export function assigneeOf(step: Step): Recipient | undefined {
  if (step.kind === 'approval') return { role: step.approvers.role };
  return step.assignee === undefined ? undefined : { role: step.assignee };
}
