// What people do on a step in progress: tick checklist items, finish a step, verify another
// person's work (four eyes), choose a decision's option and add evidence (by its SHA-256). The work
// itself (everything but verification) is for the step's assignee: see assignee-check.ts.
import { createHash } from 'node:crypto';
import { PermissionError, UserInputError } from '../../errors.js';
import { holdsRole, requireAssignee } from './assignee-check.js';
import type { ActorEnv, EngineEnv, EngineResult } from './effects.js';
import { activeStep, branchOf, findStep, holds, Session } from './session.js';
import { successor, targets } from './step-routes.js';
import { drain } from './step-start.js';

/** `on_behalf: true` when the incident commander does the work of a step others are assigned. */
function onBehalf(check: { onBehalf: boolean }): { on_behalf?: true } {
  return check.onBehalf ? { on_behalf: true } : {};
}

/** Ticks one checklist item (idempotent: ticking it again records nothing). */
export function checkItem(env: ActorEnv, stepId: string, item: number): EngineResult {
  const s = new Session(env, env.run, env.actor);
  const { step, state } = activeStep(s, stepId, ['checklist']);
  if (step.kind !== 'checklist') return s.result();
  const check = requireAssignee(env, step);
  const def = step.items[item];
  if (!Number.isInteger(item) || !def || !holds(def.when, s)) {
    throw new UserInputError({
      ja: `手順「${stepId}」に項目 ${item + 1} はありません（対象外の項目を含む）`,
      en: `step "${stepId}" has no applicable item ${item + 1}`,
    });
  }
  if (!state.checked.includes(item)) {
    s.record('playbook.item_checked', { step: stepId, item, by: s.by, ...onBehalf(check) });
  }
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
  const check = requireAssignee(env, step);
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
    ...onBehalf(check),
    ...(next ? { next } : {}),
  });
  drain(s);
  return s.result();
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
  const check = requireAssignee(env, step);
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
    ...onBehalf(check),
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
  const check = requireAssignee(env, step);
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
    ...onBehalf(check),
  });
  return s.result();
}
