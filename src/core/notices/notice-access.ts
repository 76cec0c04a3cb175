// Who may triage a notice: the customer's people, and the people of an SIer that operates one of
// the services it concerns (seed 001 III.3.2: the SIer and the customer agree on a response). A
// provider's people publish notices; they do not decide what the customer does about them.
import { PermissionError } from '../errors.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import type { NoticeRecord } from './notice-projection.js';

export function canTriage(directory: Directory, person: Person, notice: NoticeRecord): boolean {
  if (directory.isCustomer(person)) return true;
  if (directory.partyOf(person).role !== 'sier') return false;
  return notice.services.some((id) => directory.service(id)?.sierId === person.partyId);
}

export function assertCanTriage(directory: Directory, person: Person, notice: NoticeRecord): void {
  if (canTriage(directory, person, notice)) return;
  const party = directory.partyOf(person);
  if (party.role === 'provider') {
    throw new PermissionError({
      ja: `クラウド事業者の方は通知の対応を決められません。対応を決めるのは利用者組織と、対象サービスを運用する SIer です。`,
      en: "A provider's people cannot triage notices: the customer and the SIer operating the services concerned decide what to do about them.",
    });
  }
  throw new PermissionError({
    ja: `${notice.id} は ${party.name.ja} が運用するサービスに関係しないため、対応を決められるのは利用者組織の人です。`,
    en: `${notice.id} does not concern a service ${party.name.en} operates, so the customer's people decide what to do about it.`,
  });
}
