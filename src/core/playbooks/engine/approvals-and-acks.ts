// Answers from the people a step asks: approvals and rejections by holders of the approver role
// (a quorum of distinct approvers; one rejection decides), and acknowledgements of notifications
// by a member of the notification's audience.
import { PermissionError, UserInputError } from '../../errors.js';
import { holdsRole } from './assignee-check.js';
import type { ActorEnv, EngineResult } from './effects.js';
import { activeStep, branchOf, findStep, Session } from './session.js';
import { targets } from './step-routes.js';
import { drain } from './step-start.js';
import { notificationKey } from './timers.js';

/** Acknowledges a notification of the step's latest attempt, as a member of its audience. */
export function acknowledge(env: ActorEnv, stepId: string, audienceIndex: number): EngineResult {
  const s = new Session(env, env.run, env.actor);
  // No running check: a notification sent as the run's last step is acknowledged after the run
  // has finished, and an acknowledgement is a fact worth recording whatever became of the run.
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
