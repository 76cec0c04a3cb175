// Folds incident ledger entries into the current state of every incident. Pure bookkeeping: the
// rules (who may do what, which transitions are valid) are checked before an entry is written.
import type { LedgerEntry, Projection } from '../../store/repository.js';
import type { IncidentEventData, IncidentEventType } from './ledger-events.js';
import { isIncidentEvent } from './ledger-events.js';
import type { Incident } from './model.js';

export interface IncidentsState {
  byId: Record<string, Incident>;
  lastNumber: number;
  /** "platform:channel" → incident id, for commands typed in an incident's own channel. */
  byChannel: Record<string, string>;
}

export function channelKey(platform: string, channel: string): string {
  return `${platform}:${channel}`;
}

type Handler<K extends IncidentEventType> = (
  state: IncidentsState,
  incident: Incident,
  data: IncidentEventData[K],
  entry: LedgerEntry,
) => void;

const addParticipant = (incident: Incident, person: string): void => {
  if (!incident.participants.includes(person)) incident.participants.push(person);
};

const handlers: { [K in IncidentEventType]: Handler<K> } = {
  'incident.declared': () => undefined,
  'incident.severity_changed': (_s, incident, data) => {
    incident.severity = data.to;
    if (data.nextUpdateDue) incident.nextUpdateDue = data.nextUpdateDue;
  },
  'incident.role_assigned': (_s, incident, data, entry) => {
    if (data.role === 'liaison') incident.roles.liaisons[data.party] = data.person;
    else incident.roles[data.role] = data.person;
    if (data.role === 'commander') incident.acknowledgedAt ??= entry.ts;
    addParticipant(incident, data.person);
  },
  'incident.role_unassigned': (_s, incident, data) => {
    if (data.role === 'liaison') {
      if (incident.roles.liaisons[data.party] === data.person) delete incident.roles.liaisons[data.party];
    } else if (incident.roles[data.role] === data.person) {
      delete incident.roles[data.role];
    }
  },
  'incident.participant_added': (_s, incident, data) => addParticipant(incident, data.person),
  'incident.note_added': () => undefined,
  'incident.update_posted': (_s, incident, data, entry) => {
    incident.updateCount = data.number;
    incident.lastUpdateAt = entry.ts;
    if (data.nextUpdateDue) incident.nextUpdateDue = data.nextUpdateDue;
    else delete incident.nextUpdateDue;
  },
  'incident.status_changed': (_s, incident, data, entry) => {
    incident.status = data.to;
    incident.statusHistory.push({
      status: data.to,
      at: entry.ts,
      by: entry.actor?.person ?? 'system',
      ...(data.reason ? { reason: data.reason } : {}),
    });
    if (data.to === 'contained' || data.to === 'resolved') incident.containedAt ??= entry.ts;
    if (data.to === 'resolved') incident.resolvedAt = entry.ts;
    if (data.to === 'closed') incident.closedAt = entry.ts;
    if (data.to === 'investigating') {
      delete incident.resolvedAt;
      delete incident.closedAt;
    }
    if (data.to === 'resolved' || data.to === 'closed') delete incident.nextUpdateDue;
    else if (data.nextUpdateDue) incident.nextUpdateDue = data.nextUpdateDue;
  },
  'incident.lesson_added': () => undefined,
  'incident.action_added': () => undefined,
  'incident.update_reminded': (_s, incident, data, entry) => {
    incident.updateReminder = { due: data.due, n: data.n, at: entry.ts };
  },
  'incident.evidence_added': () => undefined,
  'incident.channel_linked': (state, incident, data) => {
    if (!incident.channels.some((c) => c.platform === data.platform && c.id === data.channel)) {
      incident.channels.push({ platform: data.platform, id: data.channel });
    }
    state.byChannel[channelKey(data.platform, data.channel)] = incident.id;
  },
};

function declare(state: IncidentsState, entry: LedgerEntry<IncidentEventData['incident.declared']>): void {
  const { data } = entry;
  const reporter = entry.actor?.person ?? 'system';
  state.byId[entry.subject] = {
    id: entry.subject,
    number: data.number,
    title: data.title,
    ...(data.summary ? { summary: data.summary } : {}),
    severity: data.severity,
    status: 'investigating',
    services: [...data.services],
    reporter,
    declaredAt: entry.ts,
    ...(data.startedAt ? { startedAt: data.startedAt } : {}),
    ...(data.nextUpdateDue ? { nextUpdateDue: data.nextUpdateDue } : {}),
    statusHistory: [{ status: 'investigating', at: entry.ts, by: reporter }],
    roles: { liaisons: {} },
    participants: [reporter],
    channels: [],
    updateCount: 0,
    lastActivityAt: entry.ts,
  };
  state.lastNumber = Math.max(state.lastNumber, data.number);
}

export const incidentProjection: Projection<IncidentsState> = {
  name: 'incidents',
  version: 1,
  initial: () => ({ byId: {}, lastNumber: 0, byChannel: {} }),
  apply(state, entry) {
    if (!isIncidentEvent(entry.type)) return;
    if (entry.type === 'incident.declared') {
      declare(state, entry as LedgerEntry<IncidentEventData['incident.declared']>);
      return;
    }
    const incident = state.byId[entry.subject];
    if (!incident) return;
    const handler = handlers[entry.type] as Handler<IncidentEventType> | undefined;
    handler?.(state, incident, entry.data as IncidentEventData[IncidentEventType], entry);
    // The bot's own reminders are not activity on the incident.
    if (entry.type !== 'incident.update_reminded') incident.lastActivityAt = entry.ts;
  },
};
