// The ledger entries that make up an incident's history. Their `data` shapes are a stored format:
// add fields, never change or remove them.
import type { EvidenceRecord } from '../evidence/evidence-events.js';
import type { Platform } from '../parties/model.js';
import type { IncidentRole, IncidentStatus } from './model.js';
import type { Severity } from './severity.js';

export interface IncidentEventData {
  'incident.declared': {
    number: number;
    title: string;
    summary?: string;
    severity: Severity;
    services: string[];
    /** When the problem began, if known and before the declaration (for time to detect). */
    startedAt?: string;
    /** The first stakeholder update is due by the severity's cadence. */
    nextUpdateDue?: string;
  };
  'incident.severity_changed': {
    from: Severity;
    to: Severity;
    reason?: string;
    /** Set when the new severity's faster cadence brings the next update forward. */
    nextUpdateDue?: string;
  };
  'incident.role_assigned': { role: IncidentRole; person: string; party: string; replaced?: string };
  'incident.role_unassigned': { role: IncidentRole; person: string; party: string };
  'incident.participant_added': { person: string; party: string };
  'incident.note_added': { text: string; masked?: number };
  'incident.update_posted': {
    number: number;
    text: string;
    status: IncidentStatus;
    severity: Severity;
    nextUpdateDue?: string;
    masked?: number;
  };
  'incident.status_changed': {
    from: IncidentStatus;
    to: IncidentStatus;
    reason?: string;
    /** Set on reopening: updates are due again by the severity's cadence. */
    nextUpdateDue?: string;
  };
  'incident.channel_linked': { platform: Platform; channel: string };
  /** Post-incident review: what went well or badly. */
  'incident.lesson_added': { kind: 'went_well' | 'went_badly'; text: string; masked?: number };
  /** Post-incident review: an action item with its owner and due date. */
  'incident.action_added': { text: string; owner: string; due: string; masked?: number };
  /**
   * The bot reminded the commander and the communications lead that the update due at `due` is
   * overdue; `n` counts the reminders for that due time (1, 2, …). Recorded before it is posted.
   */
  'incident.update_reminded': { due: string; n: number };
  /** Evidence added to the incident itself; its content is in the evidence store under `sha256`. */
  'incident.evidence_added': EvidenceRecord;
}

export type IncidentEventType = keyof IncidentEventData;

export function isIncidentEvent(type: string): type is IncidentEventType {
  return type.startsWith('incident.');
}
