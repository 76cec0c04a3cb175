// What the incident board shows one person: the open incidents their party may see, each with its
// status, severity, roles, services, when the next update is due and the latest timeline entries
// they may see (internal notes only for the customer's people), and how many evidence items they
// may download as a zip. Built with the core's own access rules, so the board can never show more
// than the chat commands would.
import type { Core } from '../core.js';
import type { Locale } from '../i18n/locale.js';
import type { Incident, IncidentRole, IncidentStatus } from '../incidents/model.js';
import { ROLE_LABELS } from '../incidents/roles.js';
import { SEVERITY_DEFINITIONS, type Severity } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import type { Person } from '../parties/model.js';
import { PARTY_ROLE_LABELS } from '../parties/party-roles.js';
import { timelineActor, timelineIcon, timelineText } from '../views/timeline-item.js';
import { ViewContext } from '../views/view-context.js';

/** How many timeline entries each card shows. */
export const BOARD_TIMELINE_ENTRIES = 5;

export interface BoardTimelineEntry {
  /** ISO 8601; the page shows it in the viewer's own time zone. */
  readonly time: string;
  readonly actor: string;
  readonly text: string;
  readonly icon: string;
  readonly internal: boolean;
}

export interface BoardIncident {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly severityLabel: string;
  readonly status: IncidentStatus;
  readonly statusLabel: string;
  readonly roles: readonly { readonly role: IncidentRole; readonly label: string; readonly name: string }[];
  readonly services: readonly { readonly id: string; readonly name: string }[];
  readonly declaredAt: string;
  readonly nextUpdateDue: string | null;
  readonly updateOverdue: boolean;
  readonly updateCount: number;
  readonly latest: readonly BoardTimelineEntry[];
  /** Evidence items this viewer may export (their own party's only, outside the customer). */
  readonly evidence: number;
  /** Where the zip of those items is downloaded (with the same Authorization as the board). */
  readonly evidenceUrl: string;
}

export interface BoardData {
  readonly viewer: {
    readonly id: string;
    readonly name: string;
    readonly party: string;
    readonly partyRole: string;
  };
  readonly locale: Locale;
  readonly timeZone: string;
  readonly generatedAt: string;
  readonly incidents: readonly BoardIncident[];
}

/**
 * The board for one person. Their own language from tsunagi.yaml wins; then `localeHint` (Teams'
 * or the browser's language); then the organisation's default.
 */
export async function boardData(core: Core, viewer: Person, localeHint?: Locale): Promise<BoardData> {
  const locale = viewer.locale ?? localeHint ?? core.defaultLocale;
  const now = core.now();
  const v = new ViewContext(locale, core.directory, core.timeZone, now, viewer);
  const visible = core.incidents.list(viewer).sort((a, b) => a.severity - b.severity || b.number - a.number);
  const incidents: BoardIncident[] = [];
  for (const incident of visible) {
    const entries = await core.incidents.timeline(viewer, incident.id);
    const evidence = core.evidence ? await core.evidence.count(viewer, incident.id) : 0;
    incidents.push({
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      severityLabel: v.t(SEVERITY_DEFINITIONS[incident.severity].label),
      status: incident.status,
      statusLabel: v.t(STATUS_LABELS[incident.status]),
      roles: roles(v, incident),
      services: incident.services.map((id) => {
        const service = core.directory.service(id);
        return { id, name: service ? v.t(service.name) : id };
      }),
      declaredAt: incident.declaredAt,
      nextUpdateDue: incident.nextUpdateDue ?? null,
      updateOverdue:
        incident.nextUpdateDue !== undefined && Date.parse(incident.nextUpdateDue) < now.getTime(),
      updateCount: incident.updateCount,
      latest: entries.slice(-BOARD_TIMELINE_ENTRIES).map((entry) => ({
        time: entry.ts,
        actor: timelineActor(v, entry),
        text: timelineText(v, entry),
        icon: timelineIcon(entry),
        internal: entry.visibility === 'internal',
      })),
      evidence,
      evidenceUrl: evidenceZipPath(incident.id),
    });
  }
  const party = core.directory.partyOf(viewer);
  return {
    viewer: {
      id: viewer.id,
      name: v.t(viewer.name),
      party: v.t(party.name),
      partyRole: v.t(PARTY_ROLE_LABELS[party.role]),
    },
    locale,
    timeZone: core.timeZone,
    generatedAt: now.toISOString(),
    incidents,
  };
}

/** The board's download of an incident's evidence (src/web/evidence-download.ts answers it). */
export function evidenceZipPath(incident: string): string {
  return `/tab/api/incidents/${incident}/evidence.zip`;
}

function roles(v: ViewContext, incident: Incident): BoardIncident['roles'] {
  const list: { role: IncidentRole; label: string; name: string }[] = [];
  for (const role of ['commander', 'communications', 'scribe'] as const) {
    const id = incident.roles[role];
    // A missing commander is worth seeing ("unassigned"); other roles are shown when filled.
    if (id || role === 'commander') list.push({ role, label: v.t(ROLE_LABELS[role]), name: v.person(id) });
  }
  for (const [party, person] of Object.entries(incident.roles.liaisons)) {
    list.push({
      role: 'liaison',
      label: v.ja
        ? `${v.t(ROLE_LABELS.liaison)}（${v.party(party)}）`
        : `${v.t(ROLE_LABELS.liaison)} (${v.party(party)})`,
      name: v.person(person),
    });
  }
  return list;
}
