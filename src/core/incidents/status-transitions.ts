// Which status changes are allowed, and what to tell someone who asks for one that is not.
import { UserInputError } from '../errors.js';
import type { Bilingual } from '../i18n/locale.js';
import type { Incident, IncidentStatus } from './model.js';

export const STATUS_LABELS: Record<IncidentStatus, Bilingual> = {
  investigating: { ja: '調査中', en: 'Investigating' },
  contained: { ja: '封じ込め済み', en: 'Contained' },
  resolved: { ja: '解決済み', en: 'Resolved' },
  closed: { ja: 'クローズ', en: 'Closed' },
};

const ALLOWED: Record<IncidentStatus, readonly IncidentStatus[]> = {
  investigating: ['contained', 'resolved'],
  contained: ['resolved', 'investigating'],
  resolved: ['closed', 'investigating'],
  closed: ['investigating'],
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Throws a UserInputError that says what to do instead. */
export function assertTransition(incident: Incident, to: IncidentStatus): void {
  const from = incident.status;
  if (canTransition(from, to)) return;
  const id = incident.id;
  const current = STATUS_LABELS[from];
  if (from === to) {
    throw new UserInputError({
      ja: `${id} は既に「${current.ja}」です。`,
      en: `${id} is already ${current.en.toLowerCase()}.`,
    });
  }
  if (to === 'investigating') {
    throw new UserInputError({
      ja: `${id} は「${current.ja}」なので再開できません（再開できるのは封じ込め済み・解決済み・クローズのインシデントです）。`,
      en: `${id} is ${current.en.toLowerCase()}, so it cannot be reopened (only contained, resolved or closed incidents can).`,
    });
  }
  if (to === 'closed') {
    throw new UserInputError({
      ja: `${id} は「${current.ja}」です。クローズする前に解決してください: /incident resolve ${id}`,
      en: `${id} is ${current.en.toLowerCase()}. Resolve it before closing: /incident resolve ${id}`,
    });
  }
  throw new UserInputError({
    ja: `${id} は「${current.ja}」なので「${STATUS_LABELS[to].ja}」にはできません。必要なら先に再開してください: /incident reopen ${id}`,
    en: `${id} is ${current.en.toLowerCase()}, so it cannot become ${STATUS_LABELS[to].en.toLowerCase()}. Reopen it first if needed: /incident reopen ${id}`,
  });
}
