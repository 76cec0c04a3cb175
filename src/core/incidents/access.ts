// Who may see and change an incident. People act within their party: the customer's people see
// every incident; people of an SIer or a provider see only incidents they were added to, never
// internal notes, and of the evidence only what their own party added. Only the commander or the
// customer's accountable people may close.
import { PermissionError } from '../errors.js';
import { isEvidenceEntry } from '../evidence/evidence-events.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import type { LedgerEntry } from '../../store/repository.js';
import type { Incident } from './model.js';

export function canSee(directory: Directory, person: Person, incident: Incident): boolean {
  return directory.isCustomer(person) || incident.participants.includes(person.id);
}

export function assertCanSee(directory: Directory, person: Person, incident: Incident): void {
  if (canSee(directory, person, incident)) return;
  const party = directory.partyOf(person);
  throw new PermissionError({
    ja: `${incident.id} はあなたの組織（${party.name.ja}）に共有されていません。SIer・クラウド事業者の方が見られるのは、追加されたインシデントだけです。対応責任者に追加を依頼してください（/incident invite ${incident.id} ${person.id}）。`,
    en: `${incident.id} has not been shared with your organisation (${party.name.en}): people of an SIer or provider see only incidents they were added to. Ask the incident commander to add you (/incident invite ${incident.id} ${person.id}).`,
  });
}

/** Changes need sight of the incident, and a closed incident only accepts being reopened. */
export function assertCanChange(directory: Directory, person: Person, incident: Incident): void {
  assertCanSee(directory, person, incident);
  if (incident.status === 'closed') {
    throw new PermissionError({
      ja: `${incident.id} はクローズ済みのため変更できません。続きの対応が必要なら再開してください: /incident reopen ${incident.id}`,
      en: `${incident.id} is closed and cannot be changed. Reopen it if work continues: /incident reopen ${incident.id}`,
    });
  }
}

/** Whether the person carries final responsibility for the incident's services. */
export function isAccountable(directory: Directory, person: Person, incident: Incident): boolean {
  if (!directory.isCustomer(person)) return false;
  if (person.accountable) return true;
  return incident.services.some((id) => directory.service(id)?.ownerId === person.id);
}

export function assertCanClose(directory: Directory, person: Person, incident: Incident): void {
  assertCanSee(directory, person, incident);
  if (incident.roles.commander === person.id || isAccountable(directory, person, incident)) return;
  const accountable = directory.people.filter((p) => isAccountable(directory, p, incident)).map((p) => p.id);
  const who = [incident.roles.commander, ...accountable].filter((x): x is string => Boolean(x));
  throw new PermissionError({
    ja: `インシデントをクローズできるのは、対応責任者（IC）と利用者側の責任者だけです。${who.length ? `クローズを依頼してください: ${[...new Set(who)].join(', ')}` : '対応責任者を割り当ててください。'}`,
    en: `Only the incident commander or the customer's accountable people may close an incident.${who.length ? ` Ask one of: ${[...new Set(who)].join(', ')}` : ' Assign a commander first.'}`,
  });
}

/** Whether a person may assign anyone to roles and invite anyone: the customer and the commander. */
export function canCoordinate(directory: Directory, person: Person, incident: Incident): boolean {
  return directory.isCustomer(person) || incident.roles.commander === person.id;
}

export function canSeeEntry(directory: Directory, person: Person, entry: LedgerEntry): boolean {
  if (directory.isCustomer(person)) return true;
  // Another party's evidence (and who looked at it) stays with the customer and that party.
  if (isEvidenceEntry(entry.type)) return entry.actor?.party === person.partyId;
  return entry.visibility !== 'internal';
}
