// Lists for /alerts: the rules in force (with mutes and skipped Sigma rules), the latest alerts, the
// audit sources' health, and the reply to a decision taken on an alert.
import type { AlertActionOutcome } from '../alerts/alert-actions.js';
import type { AlertMute, AlertRecord } from '../alerts/alert-projection.js';
import type { AuditSourceHealth } from '../alerts/audit-sink.js';
import { reply, textReply, type Block, type Reply } from '../reply.js';
import type { RuleSet } from '../../sources/rules/rule-set.js';
import type { CompiledRule } from '../../sources/rules/rule.js';
import { alertCard, decisionLine, RULE_SEVERITY_BADGES } from './alert-card.js';
import type { ViewContext } from './view-context.js';

export function rulesList(v: ViewContext, rules: RuleSet, mutes: readonly AlertMute[]): Reply {
  const sigma = rules.rules.filter((r) => r.origin.kind === 'sigma').length;
  const builtin = rules.rules.length - sigma;
  const title = v.t({
    ja: `検知ルール ${rules.rules.length}件（組み込み ${builtin}件、Sigma ${sigma}件${rules.problems.length ? `、読み込めなかった Sigma ルール ${rules.problems.length}件` : ''}）`,
    en: `Detection rules: ${rules.rules.length} (${builtin} built in, ${sigma} Sigma${rules.problems.length ? `; ${rules.problems.length} Sigma rules skipped` : ''})`,
  });
  const state = (id: string): string => {
    const muted = mutes.filter((m) => m.rule === id);
    if (muted.length === 0) return v.t({ ja: '有効', en: 'active' });
    return muted
      .map((m) =>
        v.t({
          ja: `${m.principal} はミュート（${v.dateTime(m.until)} まで）`,
          en: `muted for ${m.principal} until ${v.dateTime(m.until)}`,
        }),
      )
      .join('; ');
  };
  const blocks: Block[] = [
    { type: 'header', text: title },
    {
      type: 'table',
      columns: [
        'ID',
        v.t({ ja: 'ルール', en: 'Title' }),
        v.t({ ja: '重要度', en: 'Severity' }),
        v.t({ ja: 'ログ', en: 'Source' }),
        v.t({ ja: '状態', en: 'State' }),
      ],
      rows: rules.rules.map((r) => [
        r.id,
        v.t(r.title),
        v.t(RULE_SEVERITY_BADGES[r.severity]),
        r.sources.join(', '),
        state(r.id),
      ]),
    },
  ];
  if (rules.problems.length > 0) {
    blocks.push({
      type: 'list',
      title: v.t({ ja: '読み込めなかった Sigma ルール', en: 'Sigma rules skipped' }),
      items: rules.problems.map(
        (p) =>
          `${p.file}${p.line !== undefined ? `:${p.line}` : ''}${p.rule ? ` (${p.rule})` : ''}: ${v.t(p.message)}`,
      ),
    });
  }
  return reply(title, blocks, { visibility: 'ephemeral' });
}

export function recentAlerts(v: ViewContext, alerts: readonly AlertRecord[]): Reply {
  if (alerts.length === 0) {
    return textReply(v.t({ ja: 'アラートはまだありません。', en: 'No alerts yet.' }));
  }
  const title = v.t({ ja: `最近のアラート（${alerts.length}件）`, en: `Latest alerts (${alerts.length})` });
  const status = (a: AlertRecord): string => {
    const last = a.decisions.at(-1);
    return last ? decisionLine(v, last) : v.t({ ja: '未対応', en: 'open' });
  };
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          'ID',
          v.t({ ja: 'ルール', en: 'Rule' }),
          v.t({ ja: '重要度', en: 'Severity' }),
          v.t({ ja: '誰が', en: 'Who' }),
          v.t({ ja: 'いつ', en: 'When' }),
          v.t({ ja: '件数', en: 'Count' }),
          v.t({ ja: '状態', en: 'State' }),
        ],
        rows: alerts.map((a) => [
          a.id,
          a.rule,
          v.t(RULE_SEVERITY_BADGES[a.severity]),
          a.principal,
          v.dateTime(a.event_time),
          String(a.count),
          status(a),
        ]),
      },
      { type: 'context', text: v.t({ ja: '詳細: /alerts show ALT-n', en: 'Details: /alerts show ALT-n' }) },
    ],
    { visibility: 'ephemeral' },
  );
}

export function actionReply(v: ViewContext, outcome: AlertActionOutcome): Reply {
  const line = decisionLine(v, outcome.decision);
  const text = outcome.already
    ? v.t({
        ja: `${outcome.alert.id} は対応済みです: ${line}`,
        en: `${outcome.alert.id} was already decided: ${line}`,
      })
    : `${outcome.alert.id}: ${line}`;
  const blocks: Block[] = [{ type: 'text', text }];
  const incident = outcome.decision.kind === 'incident_opened' ? outcome.decision.incident : undefined;
  if (incident && outcome.playbook) {
    blocks.push({
      type: 'context',
      text: v.t({
        ja: `推奨プレイブック: /playbook run ${outcome.playbook} --incident ${incident}`,
        en: `Suggested playbook: /playbook run ${outcome.playbook} --incident ${incident}`,
      }),
    });
  }
  return reply(text, blocks, { tone: outcome.already ? 'info' : 'success', visibility: 'ephemeral' });
}

/** `/alerts show`: the card for the person asking, without making it a live card in their channel. */
export function alertDetails(v: ViewContext, alert: AlertRecord, rule?: CompiledRule): Reply {
  const card = alertCard(v, alert, rule);
  return reply(card.summary, card.blocks, { tone: card.tone, visibility: 'ephemeral' });
}

export function noAuditSourcesReply(v: ViewContext): Reply {
  const text = v.t({
    ja: '監査ログの取得元が設定されていません。tsunagi.yaml の alerts.sources に CloudTrail・Google Workspace・Microsoft Graph の取得元を追加して再起動してください。取得元がなくても tsunagi audit replay でファイルを評価できます。',
    en: 'No audit-log sources are configured. Add CloudTrail, Google Workspace or Microsoft Graph sources under alerts.sources in tsunagi.yaml and restart. Without sources, tsunagi audit replay still evaluates files.',
  });
  return reply(text, [{ type: 'text', text }], { tone: 'warning', visibility: 'ephemeral' });
}

export function auditSourcesList(v: ViewContext, sources: readonly AuditSourceHealth[]): Reply {
  if (sources.length === 0) return noAuditSourcesReply(v);
  const title = v.t({
    ja: `監査ログの取得元（${sources.length}件）`,
    en: `Audit-log sources (${sources.length})`,
  });
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          'ID',
          v.t({ ja: 'ログ', en: 'Source' }),
          v.t({ ja: '状態', en: 'State' }),
          v.t({ ja: '最終成功', en: 'Last success' }),
          v.t({ ja: '次回', en: 'Next poll' }),
          v.t({ ja: '直近のエラー', en: 'Last error' }),
        ],
        rows: sources.map((s) => [
          s.id,
          s.source,
          s.state,
          s.lastSuccess ? v.dateTime(s.lastSuccess) : '—',
          s.nextPoll ? v.dateTime(s.nextPoll) : '—',
          s.lastError ?? '—',
        ]),
      },
    ],
    { visibility: 'ephemeral' },
  );
}
