// An incident as the core keeps it: the projection of its ledger entries.
import type { Platform } from '../parties/model.js';
import type { Severity } from './severity.js';

export const INCIDENT_STATUSES = ['investigating', 'contained', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_ROLES = ['commander', 'communications', 'scribe', 'liaison'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export interface StatusChange {
  readonly status: IncidentStatus;
  readonly at: string;
  readonly by: string;
  readonly reason?: string;
}

export interface IncidentRoles {
  commander?: string;
  communications?: string;
  scribe?: string;
  /** One liaison per party, keyed by party id. */
  liaisons: Record<string, string>;
}

export interface Incident {
  readonly id: string;
  readonly number: number;
  title: string;
  summary?: string;
  severity: Severity;
  status: IncidentStatus;
  services: string[];
  reporter: string;
  declaredAt: string;
  /** When the problem began, if known (time to detect runs from here to the declaration). */
  startedAt?: string;
  /** First time a commander took charge. */
  acknowledgedAt?: string;
  /** First time the incident was contained (or resolved without a separate containment). */
  containedAt?: string;
  /** Latest resolution; cleared on reopen. */
  resolvedAt?: string;
  closedAt?: string;
  statusHistory: StatusChange[];
  roles: IncidentRoles;
  /** Everyone added to the incident: reporter, role holders, invited people. */
  participants: string[];
  channels: { platform: Platform; id: string }[];
  updateCount: number;
  lastUpdateAt?: string;
  nextUpdateDue?: string;
  /** The last overdue-update reminder: for which due time, how many so far, and when. */
  updateReminder?: { due: string; n: number; at: string };
  lastActivityAt: string;
}

export function isOpen(incident: Incident): boolean {
  return incident.status !== 'closed';
}
