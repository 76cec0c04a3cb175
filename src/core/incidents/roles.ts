// Incident roles and their names in both languages.
import type { Bilingual } from '../i18n/locale.js';
import type { IncidentRole } from './model.js';

export const ROLE_LABELS: Record<IncidentRole, Bilingual> = {
  commander: { ja: '対応責任者（IC）', en: 'Incident commander' },
  communications: { ja: '広報・連絡担当', en: 'Communications lead' },
  scribe: { ja: '記録係', en: 'Scribe' },
  liaison: { ja: '連絡窓口', en: 'Liaison' },
};

/** Words people type for a role. */
export const ROLE_ALIASES: Record<string, IncidentRole> = {
  ic: 'commander',
  lead: 'commander',
  指揮: 'commander',
  対応責任者: 'commander',
  comms: 'communications',
  communication: 'communications',
  cl: 'communications',
  広報: 'communications',
  連絡担当: 'communications',
  記録: 'scribe',
  記録係: 'scribe',
  窓口: 'liaison',
  連絡窓口: 'liaison',
};
