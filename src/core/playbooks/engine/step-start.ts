// Starting steps and moving on: each queued step is started (or skipped when its `when` is false),
// steps nobody acts on (notify, parallel, inject) do their work at once, and the run finishes when
// nothing is left. `drain` is what every action ends with.
import { InternalError } from '../../errors.js';
import type { Step } from '../playbook-types.js';
import type { BranchRef, Move, TimerSpec } from './run-events.js';
import { findStep, holds, MAX_MOVES, type Session } from './session.js';
import { assigneeOf, recipientOf, skipTarget, targets } from './step-routes.js';
import { renderBilingual, renderTemplate, templateScope, plainValue } from './template.js';
import { deliverInject, notificationKey, timersFor } from './timers.js';

/** A sub-playbook's inputs with `{{name}}` rendered; a value that is exactly one `{{name}}` keeps its type. */
export function renderInputs(
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
    const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}$/.exec(value);
    const ref = whole?.[1];
    out[name] =
      ref !== undefined && Object.hasOwn(scope, ref) ? plainValue(scope[ref]!) : renderTemplate(value, scope);
  }
  return out;
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
export function resumeAutomatic(s: Session): void {
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
export function drain(s: Session): void {
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
