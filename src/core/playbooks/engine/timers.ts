// Timers of a step: which ones its start schedules (with absolute due times and deterministic keys,
// stored in `step_started`), and what each does when it fires (`timer_fired`, recorded once by key).
import { parseDuration } from '../../text/duration.js';
import type { Step, StepKind } from '../playbook-types.js';
import type { TimerPurpose, TimerSpec } from './run-events.js';
import type { RunState } from './run-projection.js';
import { branchOf, findStep, holds, type Session } from './session.js';
import { assigneeOf, successor, targets } from './step-routes.js';
import { renderBilingual, templateScope } from './template.js';

/** Steps that wait for a person; only these get a `due` reminder. */
const HUMAN_KINDS: ReadonlySet<StepKind> = new Set([
  'instruction',
  'checklist',
  'decision',
  'collect_evidence',
  'approval',
  'subplaybook',
]);

function addMs(at: Date | string, ms: number): string {
  return new Date(new Date(at).getTime() + ms).toISOString();
}

function timerKey(run: string, step: string, attempt: number, purpose: TimerPurpose, n: number): string {
  return `${run}/${step}#${attempt}/${purpose}/${n}`;
}

export function notificationKey(run: string, step: string, attempt: number, audience: number): string {
  return `${run}/${step}#${attempt}/notify/${audience}`;
}

/** The timers a step's start schedules; `sent` are the notify audiences sent to. */
export function timersFor(s: Session, step: Step, attempt: number, sent: readonly number[]): TimerSpec[] {
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

export function deliverInject(s: Session, step: Extract<Step, { kind: 'inject' }>): void {
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

/** Records one timer as fired, with the move or effect its purpose calls for. */
export function fire(s: Session, timer: TimerSpec): void {
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
