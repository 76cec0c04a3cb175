// The incident card: everything a responder needs at a glance, with the next sensible actions.
// Platforms keep one card per incident and update it in place.
import type { Block, Reply, ReplyAction } from '../reply.js';
import { reply } from '../reply.js';
import type { Incident } from '../incidents/model.js';
import { responseTimes } from '../incidents/response-times.js';
import { ROLE_LABELS } from '../incidents/roles.js';
import { SEVERITY_DEFINITIONS } from '../incidents/severity.js';
import { STATUS_LABELS } from '../incidents/status-transitions.js';
import type { ViewContext } from './view-context.js';

export const SEVERITY_ICONS = { 1: '🔴', 2: '🟠', 3: '🟡', 4: '🔵' } as const;

export function incidentHeadline(incident: Incident): string {
  return `${SEVERITY_ICONS[incident.severity]} ${incident.id} ${incident.title}`;
}

export function incidentFields(v: ViewContext, incident: Incident): { label: string; value: string }[] {
  const status = STATUS_LABELS[incident.status];
  const since = incident.statusHistory.at(-1)?.at ?? incident.declaredAt;
  const fields = [
    {
      label: v.t({ ja: '状態', en: 'Status' }),
      value: v.ja ? `${status.ja}（${v.time(since)}〜）` : `${status.en} (since ${v.time(since)})`,
    },
    {
      label: v.t({ ja: '重大度', en: 'Severity' }),
      value: v.t(SEVERITY_DEFINITIONS[incident.severity].label),
    },
    {
      label: v.t({ ja: '対象サービス', en: 'Services' }),
      value: incident.services.length
        ? v.list(
            incident.services.map((id) => {
              const service = v.directory.service(id);
              return service ? `${v.t(service.name)} (${id})` : id;
            }),
          )
        : v.t({ ja: '未指定', en: 'none given' }),
    },
    { label: v.t(ROLE_LABELS.commander), value: v.person(incident.roles.commander) },
  ];
  if (incident.roles.communications) {
    fields.push({ label: v.t(ROLE_LABELS.communications), value: v.person(incident.roles.communications) });
  }
  if (incident.roles.scribe)
    fields.push({ label: v.t(ROLE_LABELS.scribe), value: v.person(incident.roles.scribe) });
  for (const [party, person] of Object.entries(incident.roles.liaisons)) {
    fields.push({ label: `${v.t(ROLE_LABELS.liaison)}（${v.party(party)}）`, value: v.person(person) });
  }
  fields.push({
    label: v.t({ ja: '宣言', en: 'Declared' }),
    value: `${v.dateTime(incident.declaredAt)} — ${v.person(incident.reporter)}`,
  });
  return fields;
}

function responseTimeLine(v: ViewContext, incident: Incident): string {
  const times = responseTimes(incident, v.now);
  const show = (ms: number | undefined): string => (ms === undefined ? '—' : v.duration(ms));
  return v.t({
    ja: `応答: 着手 ${show(times.toAcknowledgeMs)} ／ 封じ込め ${show(times.toContainMs)} ／ 解決 ${show(times.toResolveMs)}（宣言からの経過）`,
    en: `Response: acknowledged ${show(times.toAcknowledgeMs)} / contained ${show(times.toContainMs)} / resolved ${show(times.toResolveMs)} (from declaration)`,
  });
}

function updateLine(v: ViewContext, incident: Incident): string | undefined {
  const parts: string[] = [];
  if (incident.lastUpdateAt) {
    parts.push(
      v.t({
        ja: `最新の報告: 第${incident.updateCount}報（${v.time(incident.lastUpdateAt)}）`,
        en: `Latest update: #${incident.updateCount} (${v.time(incident.lastUpdateAt)})`,
      }),
    );
  }
  if (incident.nextUpdateDue) {
    const overdue = Date.parse(incident.nextUpdateDue) < v.now.getTime();
    parts.push(
      overdue
        ? v.t({
            ja: `⚠ 次の報告が ${v.duration(v.now.getTime() - Date.parse(incident.nextUpdateDue))} 遅れています`,
            en: `⚠ the next update is ${v.duration(v.now.getTime() - Date.parse(incident.nextUpdateDue))} overdue`,
          })
        : v.t({
            ja: `次の報告: ${v.time(incident.nextUpdateDue)}（${v.relative(incident.nextUpdateDue)}）`,
            en: `Next update: ${v.time(incident.nextUpdateDue)} (${v.relative(incident.nextUpdateDue)})`,
          }),
    );
  } else if (
    incident.updateCount === 0 &&
    (incident.status === 'investigating' || incident.status === 'contained')
  ) {
    parts.push(v.t({ ja: '第一報はまだです', en: 'No stakeholder update yet' }));
  }
  return parts.length ? parts.join(v.ja ? '　' : ' · ') : undefined;
}

export function incidentActions(v: ViewContext, incident: Incident): ReplyAction[] {
  const id = incident.id;
  const actions: ReplyAction[] = [];
  if (incident.status === 'investigating' || incident.status === 'contained') {
    if (!incident.roles.commander) {
      actions.push({
        label: v.t({ ja: '対応責任者を引き受ける', en: 'Take commander' }),
        command: `/incident role ${id} commander me`,
        style: 'primary',
      });
    }
    if (incident.status === 'investigating') {
      actions.push({
        label: v.t({ ja: '封じ込め済みにする', en: 'Mark contained' }),
        command: `/incident contain ${id}`,
      });
    }
    actions.push(
      { label: v.t({ ja: 'メモを追加', en: 'Add note' }), command: `/incident note ${id}`, needsInput: true },
      {
        label: v.t({ ja: '状況を報告', en: 'Post update' }),
        command: `/incident update ${id}`,
        needsInput: true,
      },
      {
        label: v.t({ ja: '重大度を変更', en: 'Change severity' }),
        command: `/incident sev ${id}`,
        needsInput: true,
      },
    );
    actions.push({
      label: v.t({ ja: '解決済みにする', en: 'Resolve' }),
      command: `/incident resolve ${id}`,
      style: 'primary',
    });
  }
  if (incident.status === 'resolved') {
    actions.push({
      label: v.t({ ja: 'クローズ', en: 'Close' }),
      command: `/incident close ${id}`,
      style: 'primary',
    });
  }
  if (incident.status !== 'investigating') {
    actions.push({
      label: v.t({ ja: '再開', en: 'Reopen' }),
      command: `/incident reopen ${id}`,
      style: 'danger',
    });
  }
  actions.push({ label: v.t({ ja: 'タイムライン', en: 'Timeline' }), command: `/incident timeline ${id}` });
  return actions;
}

export function incidentCardBlocks(v: ViewContext, incident: Incident): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: incidentHeadline(incident) },
    { type: 'fields', fields: incidentFields(v, incident) },
  ];
  if (incident.summary) blocks.push({ type: 'text', text: incident.summary });
  blocks.push({ type: 'context', text: responseTimeLine(v, incident) });
  const updates = updateLine(v, incident);
  if (updates) blocks.push({ type: 'context', text: updates });
  return blocks;
}

export function incidentCard(v: ViewContext, incident: Incident, lead?: string): Reply {
  const blocks: Block[] = [];
  if (lead) blocks.push({ type: 'text', text: lead });
  blocks.push(...incidentCardBlocks(v, incident));
  const participants = incident.participants.map((id) => v.person(id));
  blocks.push({
    type: 'context',
    text: `${v.t({ ja: '参加者', en: 'Participants' })}: ${v.list(participants)}`,
  });
  blocks.push({ type: 'actions', actions: incidentActions(v, incident) });
  return reply(lead ?? incidentHeadline(incident), blocks, {
    subject: incident.id,
    tone: incident.status === 'resolved' || incident.status === 'closed' ? 'success' : 'warning',
  });
}
