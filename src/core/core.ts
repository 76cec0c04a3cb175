// The platform-neutral core as one object handed to commands: the organisation, the incidents
// and the settings every view needs (language, time zone, clock).
import type { AlertActions } from './alerts/alert-actions.js';
import type { AlertService } from './alerts/alert-service.js';
import type { AuditSources } from './alerts/audit-sink.js';
import type { BoardLinks } from './board/board-links.js';
import type { Locale } from './i18n/locale.js';
import type { DomainEvents } from './domain-events.js';
import type { EvidenceService } from './evidence/evidence-service.js';
import type { IncidentService } from './incidents/incident-service.js';
import type { NoticeService } from './notices/notice-service.js';
import type { NoticeSources } from './notices/notice-sources.js';
import type { Directory } from './parties/directory.js';
import type { PlaybookCatalog } from './playbooks/playbook-catalog.js';
import type { PlaybookRunService } from './playbooks/playbook-run-service.js';

export interface Core {
  readonly directory: Directory;
  readonly incidents: IncidentService;
  readonly events: DomainEvents;
  readonly defaultLocale: Locale;
  readonly timeZone: string;
  /** Signed links to the incident board; absent when no HTTP port is open to serve it. */
  readonly boardLinks?: BoardLinks;
  /** The playbooks loaded at start-up (shipped playbooks/ and TSUNAGI_PLAYBOOKS_DIR). */
  readonly playbooks?: PlaybookCatalog;
  /** Guided playbook runs; present whenever playbooks are loaded. */
  readonly playbookRuns?: PlaybookRunService;
  /** Evidence of incidents and runs, with its chain of custody; present whenever storage is open. */
  readonly evidence?: EvidenceService;
  /** Provider change notices: subscriptions, ingest, triage; present whenever storage is open. */
  readonly notices?: NoticeService;
  /** The configured notice sources and their pollers; absent when none are configured. */
  readonly noticeSources?: NoticeSources;
  /** Audit-log alerts: the AuditSink, lookups and rules; present whenever storage is open. */
  readonly alerts?: AlertService;
  /** Decisions on alerts (acknowledge, false positive, mute, open incident); with `alerts`. */
  readonly alertActions?: AlertActions;
  /** The configured audit sources and their pollers (src/sources/audit/); absent when none are configured. */
  readonly auditSources?: AuditSources;
  now(): Date;
}
