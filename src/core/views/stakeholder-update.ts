// A status update as stakeholders receive it: numbered the way Japanese incident reports are
// (第1報, 第2報 …), with status, severity, services and when the next one comes.
import type { IncidentEventData } from '../incidents/ledger-events.js';
import type { Incident } from '../incidents/model.js';
import { SEVERITY_DEFINITIONS } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import { reply, type Reply } from '../reply.js';
import type { ViewContext } from './view-context.js';

export function stakeholderUpdate(
  v: ViewContext,
  incident: Incident,
  update: IncidentEventData['incident.update_posted'],
  author: string,
): Reply {
  const title = v.t({
    ja: `【第${update.number}報】${incident.id} ${incident.title}`,
    en: `[Update #${update.number}] ${incident.id} ${incident.title}`,
  });
  const fields = [
    { label: v.t({ ja: '状態', en: 'Status' }), value: v.t(STATUS_LABELS[update.status]) },
    { label: v.t({ ja: '重大度', en: 'Severity' }), value: v.t(SEVERITY_DEFINITIONS[update.severity].label) },
    {
      label: v.t({ ja: '対象サービス', en: 'Services' }),
      value: incident.services.length ? v.list(incident.services) : '—',
    },
    {
      label: v.t({ ja: '次回の報告', en: 'Next update' }),
      value: update.nextUpdateDue
        ? `${v.dateTime(update.nextUpdateDue)}（${v.relative(update.nextUpdateDue)}）`
        : v.t({ ja: '予定なし（収束）', en: 'none planned (resolved)' }),
    },
  ];
  return reply(title, [
    { type: 'header', text: title },
    { type: 'text', text: update.text },
    { type: 'fields', fields },
    { type: 'context', text: `${v.t({ ja: '発信', en: 'From' })}: ${author}` },
  ]);
}
