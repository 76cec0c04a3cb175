// The card an audit-log alert is posted as (a live card: grouped events and decisions update it in
// place): the rule with its severity, who (principal and the party matched to them), what, on which
// resource, from where, when, with what result, in which account or tenant, how many events when
// grouped, the decisions taken, the raw event's hash, and the buttons. For Sigma rules the author
// and references are shown, as the Detection Rule License 1.1 asks wherever a match is shown.
import type { AlertDecision, AlertRecord } from '../alerts/alert-projection.js';
import type { Bilingual } from '../i18n/locale.js';
import { reply, type Block, type Reply, type ReplyAction, type Tone } from '../reply.js';
import type { CompiledRule, RuleSeverity } from '../../sources/rules/rule.js';
import type { ViewContext } from './view-context.js';

export const RULE_SEVERITY_BADGES: Record<RuleSeverity, Bilingual> = {
  critical: { ja: '🔴 緊急', en: '🔴 Critical' },
  high: { ja: '🟠 高', en: '🟠 High' },
  medium: { ja: '🟡 中', en: '🟡 Medium' },
  low: { ja: '⚪ 低', en: '⚪ Low' },
};

const TONES: Record<RuleSeverity, Tone> = {
  critical: 'danger',
  high: 'danger',
  medium: 'warning',
  low: 'info',
};

/** The live card's subject: the same alert's card is updated, never posted again. */
export function alertSubject(id: string): string {
  return `alert:${id}`;
}

export function decisionLine(v: ViewContext, d: AlertDecision): string {
  const who = v.person(d.by);
  const at = v.dateTime(d.at);
  switch (d.kind) {
    case 'acknowledged':
      return v.t({ ja: `確認済み: ${who}（${at}）`, en: `Acknowledged by ${who} (${at})` });
    case 'false_positive':
      return v.t({
        ja: `誤検知: ${who}（${at}）— ${d.reason}`,
        en: `False positive, by ${who} (${at}): ${d.reason}`,
      });
    case 'muted':
      return v.t({
        ja: `ミュート: ${v.dateTime(d.until)} まで（${who}、${at}）`,
        en: `Muted until ${v.dateTime(d.until)} (by ${who}, ${at})`,
      });
    case 'incident_opened':
      return v.t({
        ja: `インシデント ${d.incident} を開始: ${who}（${at}）`,
        en: `Incident ${d.incident} opened by ${who} (${at})`,
      });
  }
}

function who(v: ViewContext, alert: AlertRecord): string {
  if (alert.person) return `${alert.principal} — ${v.person(alert.person)}`;
  if (alert.party) return `${alert.principal} — ${v.party(alert.party)}`;
  return `${alert.principal} — ${v.t({ ja: '組織不明', en: 'party unknown' })}`;
}

function actionsFor(v: ViewContext, alert: AlertRecord): ReplyAction[] {
  const done = new Set(alert.decisions.map((d) => d.kind));
  if (done.has('false_positive')) return [];
  const actions: ReplyAction[] = [];
  if (!done.has('acknowledged') && !done.has('incident_opened')) {
    actions.push({ label: v.t({ ja: '確認した', en: 'Acknowledge' }), command: `/alerts ack ${alert.id}` });
  }
  if (!done.has('incident_opened')) {
    actions.push({
      label: v.t({ ja: 'インシデントを開始', en: 'Open incident' }),
      command: `/alerts incident ${alert.id}`,
      style: 'danger',
    });
    actions.push({
      label: v.t({ ja: '誤検知', en: 'False positive' }),
      command: `/alerts false-positive ${alert.id}`,
      needsInput: true,
    });
  }
  actions.push({
    label: v.t({ ja: '1時間ミュート', en: 'Mute 1 h' }),
    command: `/alerts mute ${alert.id} --for 1h`,
  });
  return actions;
}

export function alertCard(v: ViewContext, alert: AlertRecord, rule?: CompiledRule): Reply {
  const title = rule ? v.t(rule.title) : alert.rule_title;
  const badge = v.t(RULE_SEVERITY_BADGES[alert.severity]);
  const dash = v.t({ ja: '—', en: '—' });
  const fields = [
    { label: v.t({ ja: 'ルール', en: 'Rule' }), value: `${alert.rule}  ${badge}` },
    { label: v.t({ ja: '誰が', en: 'Who' }), value: who(v, alert) },
    { label: v.t({ ja: '操作', en: 'What' }), value: alert.action },
    { label: v.t({ ja: '対象', en: 'Resource' }), value: alert.resource ?? dash },
    {
      label: v.t({ ja: 'どこから', en: 'From' }),
      value: [alert.source_ip, alert.user_agent].filter((x) => x !== undefined).join(' · ') || dash,
    },
    { label: v.t({ ja: 'いつ', en: 'When' }), value: v.dateTime(alert.event_time) },
    { label: v.t({ ja: '結果', en: 'Result' }), value: alert.result ?? dash },
    {
      label: v.t({ ja: 'アカウント／テナント', en: 'Account / tenant' }),
      value: [alert.account, alert.region].filter((x) => x !== undefined).join(' ') || dash,
    },
  ];
  if (alert.service) {
    const service = v.directory.service(alert.service);
    const name = service ? v.t(service.name) : alert.service;
    fields.push({
      label: v.t({ ja: 'サービス', en: 'Service' }),
      value: alert.responsible ? `${name} (${v.party(alert.responsible)})` : name,
    });
  }
  if (alert.count > 1) {
    fields.push({
      label: v.t({ ja: '件数', en: 'Count' }),
      value: v.t({
        ja: `×${alert.count}（${v.time(alert.first_at)} から）`,
        en: `×${alert.count} since ${v.time(alert.first_at)}`,
      }),
    });
  }
  const blocks: Block[] = [
    { type: 'header', text: `${alert.id} ${badge} ${title}` },
    { type: 'fields', fields },
  ];
  if (rule?.origin.kind === 'sigma') {
    const author = rule.origin.author ?? v.t({ ja: '不明', en: 'unknown' });
    const refs = rule.references.map((r) => r.url ?? r.title).slice(0, 5);
    blocks.push({
      type: 'context',
      text: v.t({
        ja: `Sigma ルール 作者: ${author}（Detection Rule License 1.1）${refs.length > 0 ? ` 参考: ${refs.join(' ')}` : ''}`,
        en: `Sigma rule by ${author} (Detection Rule License 1.1)${refs.length > 0 ? `; references: ${refs.join(' ')}` : ''}`,
      }),
    });
  } else if (rule && rule.references.length > 0) {
    blocks.push({ type: 'context', text: `📖 ${rule.references.map((r) => r.title).join('; ')}` });
  }
  blocks.push({
    type: 'context',
    text: v.t({
      ja: `元イベント ${alert.event_id} · sha256 ${alert.raw_sha256.slice(0, 12)}（証跡として保管）`,
      en: `Raw event ${alert.event_id} · sha256 ${alert.raw_sha256.slice(0, 12)} (kept as evidence)`,
    }),
  });
  for (const d of alert.decisions) blocks.push({ type: 'context', text: `✔ ${decisionLine(v, d)}` });
  const actions = actionsFor(v, alert);
  if (actions.length > 0) blocks.push({ type: 'actions', actions });
  const count = alert.count > 1 ? ` ×${alert.count}` : '';
  return reply(
    `${alert.id} [${alert.severity}] ${title}: ${alert.principal} ${alert.action}${count}`,
    blocks,
    {
      tone: alert.decisions.some((d) => d.kind === 'false_positive') ? 'info' : TONES[alert.severity],
      subject: alertSubject(alert.id),
    },
  );
}
