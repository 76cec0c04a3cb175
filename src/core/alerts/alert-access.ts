// Who may decide about an alert: the customer's people, and the people of the SIer that operates
// (or is responsible for the accounts layer of) the service the alert's account belongs to (a
// service's `audit_accounts`); for an alert matched to no service, any SIer operating a service. A provider's people may not: the customer and its SIers decide what an alert means.
import { PermissionError } from '../errors.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import type { AlertRecord } from './alert-projection.js';

export function canActOnAlerts(directory: Directory, person: Person, alert: AlertRecord): boolean {
  if (directory.isCustomer(person)) return true;
  if (directory.partyOf(person).role !== 'sier') return false;
  const mine = (id: string | undefined): boolean => {
    const service = id === undefined ? undefined : directory.service(id);
    return (
      service !== undefined && (service.sierId === person.partyId || alert.responsible === person.partyId)
    );
  };
  if (alert.service !== undefined) return mine(alert.service);
  return directory.services.some((service) => service.sierId === person.partyId);
}

export function assertCanActOnAlerts(directory: Directory, person: Person, alert: AlertRecord): void {
  if (canActOnAlerts(directory, person, alert)) return;
  if (directory.partyOf(person).role === 'provider') {
    throw new PermissionError({
      ja: 'クラウド事業者の方はアラートの対応を決められません。決めるのは利用者組織と、サービスを運用する SIer です。',
      en: "A provider's people cannot act on alerts: the customer and the SIers operating its services decide.",
    });
  }
  throw new PermissionError({
    ja: 'アラートの対応を決められるのは、利用者組織の人と、サービスを運用する SIer の人です。',
    en: "Only the customer's people and the people of an SIer operating one of its services can act on alerts.",
  });
}
