// One ledger entry as a line of an incident's timeline, in the viewer's language.
import type { LedgerEntry } from '../../store/repository.js';
import { isCustodyEvent } from '../evidence/evidence-events.js';
import type { IncidentEventData, IncidentEventType } from '../incidents/ledger-events.js';
import { ROLE_LABELS } from '../incidents/roles.js';
import { SEVERITY_DEFINITIONS } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import { custodyText, evidenceAddedText } from './evidence-views.js';
import type { ViewContext } from './view-context.js';

type Describe<K extends IncidentEventType> = (v: ViewContext, data: IncidentEventData[K]) => string;

const sev = (v: ViewContext, level: 1 | 2 | 3 | 4): string => v.t(SEVERITY_DEFINITIONS[level].label);
const because = (v: ViewContext, reason?: string): string =>
  reason ? (v.ja ? `（理由: ${reason}）` : ` (reason: ${reason})`) : '';

const DESCRIBE: { [K in IncidentEventType]: Describe<K> } = {
  'incident.declared': (v, d) =>
    v.t({
      ja: `宣言「${d.title}」 ${sev(v, d.severity)}${d.services.length ? `、${d.services.join('、')}` : ''}`,
      en: `Declared "${d.title}" ${sev(v, d.severity)}${d.services.length ? `, ${d.services.join(', ')}` : ''}`,
    }),
  'incident.severity_changed': (v, d) =>
    `${v.t({ ja: '重大度', en: 'Severity' })}: ${sev(v, d.from)} → ${sev(v, d.to)}${because(v, d.reason)}`,
  'incident.role_assigned': (v, d) => {
    const role =
      d.role === 'liaison' ? `${v.t(ROLE_LABELS.liaison)}（${v.party(d.party)}）` : v.t(ROLE_LABELS[d.role]);
    const replaced = d.replaced
      ? v.t({ ja: `（前任: ${v.person(d.replaced)}）`, en: ` (was ${v.person(d.replaced)})` })
      : '';
    return v.t({
      ja: `${role}: ${v.person(d.person)}${replaced}`,
      en: `${role}: ${v.person(d.person)}${replaced}`,
    });
  },
  'incident.role_unassigned': (v, d) =>
    v.t({
      ja: `${v.t(ROLE_LABELS[d.role])}を解除: ${v.person(d.person)}`,
      en: `${v.t(ROLE_LABELS[d.role])} removed: ${v.person(d.person)}`,
    }),
  'incident.participant_added': (v, d) =>
    v.t({ ja: `参加者に追加: ${v.person(d.person)}`, en: `Added: ${v.person(d.person)}` }),
  'incident.note_added': (v, d) => d.text,
  'incident.update_posted': (v, d) =>
    v.t({ ja: `【第${d.number}報】${d.text}`, en: `[Update #${d.number}] ${d.text}` }),
  'incident.status_changed': (v, d) =>
    `${v.t({ ja: '状態', en: 'Status' })}: ${v.t(STATUS_LABELS[d.from])} → ${v.t(STATUS_LABELS[d.to])}${because(v, d.reason)}`,
  'incident.lesson_added': (v, d) =>
    d.kind === 'went_well'
      ? v.t({ ja: `良かった点: ${d.text}`, en: `Went well: ${d.text}` })
      : v.t({ ja: `課題: ${d.text}`, en: `Went badly: ${d.text}` }),
  'incident.action_added': (v, d) =>
    v.t({
      ja: `再発防止策: ${d.text}（担当 ${v.person(d.owner)}、期限 ${v.dateTime(d.due)}）`,
      en: `Action item: ${d.text} (owner ${v.person(d.owner)}, due ${v.dateTime(d.due)})`,
    }),
  'incident.update_reminded': (v, d) =>
    v.t({
      ja: `報告の督促（第${d.n}回、予定 ${v.dateTime(d.due)}）`,
      en: `Update reminder ${d.n} (due ${v.dateTime(d.due)})`,
    }),
  'incident.channel_linked': (v, d) =>
    v.t({
      ja: `チャンネル連携: ${d.platform} ${d.channel}`,
      en: `Channel linked: ${d.platform} ${d.channel}`,
    }),
  'incident.evidence_added': (v, d) => evidenceAddedText(v, d),
};

const ICONS: Partial<Record<IncidentEventType, string>> = {
  'incident.declared': '🚨',
  'incident.note_added': '📝',
  'incident.update_posted': '📣',
  'incident.status_changed': '🔁',
  'incident.severity_changed': '⚖',
  'incident.role_assigned': '👤',
  'incident.role_unassigned': '👤',
  'incident.participant_added': '👥',
  'incident.channel_linked': '🔗',
  'incident.lesson_added': '💡',
  'incident.action_added': '✅',
  'incident.update_reminded': '⏰',
  'incident.evidence_added': '📎',
};

/** What happened, in the viewer's language, without time or actor. */
export function timelineText(v: ViewContext, entry: LedgerEntry): string {
  const describe = DESCRIBE[entry.type as IncidentEventType] as Describe<IncidentEventType> | undefined;
  if (describe) return describe(v, entry.data as IncidentEventData[IncidentEventType]);
  return custodyText(v, entry) ?? entry.type;
}

/** 🔒 for internal entries, else the icon of the kind of entry. */
export function timelineIcon(entry: LedgerEntry): string {
  if (entry.visibility === 'internal') return '🔒';
  return ICONS[entry.type as IncidentEventType] ?? (isCustodyEvent(entry.type) ? '🔎' : '•');
}

/** Who did it: the person with their party, or "system". */
export function timelineActor(v: ViewContext, entry: LedgerEntry): string {
  return entry.actor ? v.person(entry.actor.person) : v.t({ ja: 'システム', en: 'system' });
}

export function timelineLine(v: ViewContext, entry: LedgerEntry): string {
  return `${v.time(entry.ts)} ${timelineIcon(entry)} ${timelineActor(v, entry)}: ${timelineText(v, entry)}`;
}
