// Who may do the work of a step (tick, finish, decide, add evidence). A step's assignee is a role:
// when somebody holds it, only its holders may act (a role bound to a party kind is held by that
// party's people taking part), and the incident commander may act on their behalf; when nobody holds
// it, the step is unassigned and anyone taking part may act, so an unstaffed role never blocks the
// responder who is there at 3 a.m. Verification, approvals and acknowledgements have their own rules.
import { PermissionError } from '../../errors.js';
import type { Bilingual } from '../../i18n/locale.js';
import type { Step } from '../playbook-types.js';
import type { ActorEnv, RoleHolders } from './effects.js';

export function holdsRole(holders: RoleHolders | undefined, role: string, person: string): boolean {
  if (!holders || !Object.hasOwn(holders, role)) return false;
  return holders[role]?.includes(person) ?? false;
}

/** The people holding the step's assignee role; empty when it has no assignee or nobody holds it. */
export function assigneeHolders(step: Step, holders: RoleHolders): readonly string[] {
  const role = step.kind === 'approval' ? undefined : step.assignee;
  if (role === undefined || !Object.hasOwn(holders, role)) return [];
  return holders[role] ?? [];
}

/** A step waiting for its assignee whose role nobody holds: anyone taking part may act on it. */
export function isUnassigned(step: Step, holders: RoleHolders): boolean {
  return (
    step.kind !== 'approval' && step.assignee !== undefined && assigneeHolders(step, holders).length === 0
  );
}

/**
 * Refuses an actor who may not do the step's work. Returns `onBehalf: true` when the incident
 * commander acts on a step assigned to others (recorded as `on_behalf`). Without `holders` in the
 * environment nothing is checked.
 */
export function requireAssignee(env: ActorEnv, step: Step): { onBehalf: boolean } {
  if (!env.holders) return { onBehalf: false };
  const people = assigneeHolders(step, env.holders);
  const person = env.actor.person;
  if (people.length === 0 || people.includes(person)) return { onBehalf: false };
  if (env.commander !== undefined && person === env.commander) return { onBehalf: true };
  throw new PermissionError(refusal(env, step, people));
}

function refusal(env: ActorEnv, step: Step, people: readonly string[]): Bilingual {
  const roleId = step.kind === 'approval' ? '' : (step.assignee ?? '');
  const role = Object.hasOwn(env.playbook.roles, roleId) ? env.playbook.roles[roleId] : undefined;
  const label = role?.label ?? { ja: roleId, en: roleId };
  const nameOf = (id: string): Bilingual =>
    env.names && Object.hasOwn(env.names, id) ? env.names[id]! : { ja: id, en: id };
  const names = people.map(nameOf);
  const who = { ja: names.map((n) => n.ja).join('、'), en: names.map((n) => n.en).join(', ') };
  const commander = env.commander === undefined ? undefined : nameOf(env.commander);
  const incident = env.incident?.id;
  // When the assignee is the commander's own role, there is nobody else to turn to.
  const commanderRole =
    role?.incident_role === 'commander' || (env.commander !== undefined && people.includes(env.commander));
  const alternative: Bilingual = commanderRole
    ? { ja: '', en: '' }
    : commander
      ? {
          ja: `インシデントの対応責任者（${commander.ja}）も担当に代わって実施できます。`,
          en: `The incident commander (${commander.en}) can also do it on their behalf.`,
        }
      : {
          ja: `インシデントの対応責任者も担当に代わって実施できます${incident === undefined ? '' : `（未指名: /incident role ${incident} commander <人>）`}。`,
          en: `The incident commander can also do it on their behalf${incident === undefined ? '' : ` (none yet: /incident role ${incident} commander <person>)`}.`,
        };
  return {
    ja: `手順「${step.id}」の担当は ${label.ja}（${who.ja}）です。担当の人に依頼してください。${alternative.ja}`,
    en: `step "${step.id}" is assigned to ${label.en} (${who.en}); ask them to do it.${alternative.en ? ` ${alternative.en}` : ''}`,
  };
}
