// The three roles a party can have, named in both languages.
import type { Bilingual } from '../i18n/locale.js';
import type { PartyRole } from './config-schema.js';

export const PARTY_ROLE_LABELS: Record<PartyRole, Bilingual> = {
  customer: { ja: '利用者', en: 'customer' },
  sier: { ja: 'SIer', en: 'SIer' },
  provider: { ja: 'クラウド事業者', en: 'provider' },
};
