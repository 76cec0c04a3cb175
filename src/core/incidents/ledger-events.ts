// The ledger entries that make up an incident's history. Their `data` shapes are a stored format:
// add fields, never change or remove them.
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
  };
  'incident.severity_changed': { from: Severity; to: Severity; reason?: string };
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
  'incident.status_changed': { from: IncidentStatus; to: IncidentStatus; reason?: string };
  'incident.channel_linked': { platform: Platform; channel: string };
}

export type IncidentEventType = keyof IncidentEventData;

export function isIncidentEvent(type: string): type is IncidentEventType {
  return type.startsWith('incident.');
}
