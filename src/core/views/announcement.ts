// What the announcements channel and an incident's own channel are told when an incident changes:
// short, one message per event that matters to people not following the incident closely.
import type { LedgerEntry } from '../../store/repository.js';
import type { IncidentEventData, IncidentEventType } from '../incidents/ledger-events.js';
import type { Incident } from '../incidents/model.js';
import { SEVERITY_DEFINITIONS } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import { reply, type Reply } from '../reply.js';
import { incidentFields, incidentHeadline } from './incident-card.js';
import { stakeholderUpdate } from './stakeholder-update.js';
import type { ViewContext } from './view-context.js';

/** The announcement for a ledger entry, or undefined when the entry is not announced. */
export function announcement(v: ViewContext, incident: Incident, entry: LedgerEntry): Reply | undefined {
  const type = entry.type as IncidentEventType;
  const by = v.person(entry.actor?.person);
  if (type === 'incident.declared') {
    const lead = v.t({
      ja: `🚨 インシデント ${incident.id} が宣言されました（${by}）`,
      en: `🚨 Incident ${incident.id} declared by ${by}`,
    });
    return reply(lead, [
      { type: 'text', text: lead },
      { type: 'header', text: incidentHeadline(incident) },
      { type: 'fields', fields: incidentFields(v, incident) },
      ...(incident.summary ? [{ type: 'text' as const, text: incident.summary }] : []),
    ]);
  }
  if (type === 'incident.status_changed') {
    const data = entry.data as IncidentEventData['incident.status_changed'];
    const text = v.t({
      ja: `${incidentHeadline(incident)} — ${STATUS_LABELS[data.from].ja} → ${STATUS_LABELS[data.to].ja}（${by}）${data.reason ? `。理由: ${data.reason}` : ''}`,
      en: `${incidentHeadline(incident)} — ${STATUS_LABELS[data.from].en} → ${STATUS_LABELS[data.to].en} (${by})${data.reason ? ` Reason: ${data.reason}` : ''}`,
    });
    return reply(text, [{ type: 'text', text }], {
      tone: data.to === 'resolved' || data.to === 'closed' ? 'success' : 'warning',
    });
  }
  if (type === 'incident.severity_changed') {
    const data = entry.data as IncidentEventData['incident.severity_changed'];
    const text = v.t({
      ja: `${incidentHeadline(incident)} — 重大度 ${SEVERITY_DEFINITIONS[data.from].label.ja} → ${SEVERITY_DEFINITIONS[data.to].label.ja}（${by}）${data.reason ? `。理由: ${data.reason}` : ''}`,
      en: `${incidentHeadline(incident)} — severity ${SEVERITY_DEFINITIONS[data.from].label.en} → ${SEVERITY_DEFINITIONS[data.to].label.en} (${by})${data.reason ? ` Reason: ${data.reason}` : ''}`,
    });
    return reply(text, [{ type: 'text', text }], { tone: data.to < data.from ? 'danger' : 'info' });
  }
  if (type === 'incident.update_posted') {
    const data = entry.data as IncidentEventData['incident.update_posted'];
    const author = entry.actor ? v.directory.person(entry.actor.person) : undefined;
    return stakeholderUpdate(v, incident, data, author ? v.personWithParty(author) : by);
  }
  return undefined;
}

/** One line for the channel topic: severity, status, commander. */
export function incidentTopic(v: ViewContext, incident: Incident): string {
  return v.t({
    ja: `${SEVERITY_DEFINITIONS[incident.severity].label.ja}｜${STATUS_LABELS[incident.status].ja}｜対応責任者: ${v.person(incident.roles.commander)}｜${incident.title}`,
    en: `${SEVERITY_DEFINITIONS[incident.severity].label.en} | ${STATUS_LABELS[incident.status].en} | Commander: ${v.person(incident.roles.commander)} | ${incident.title}`,
  });
}
