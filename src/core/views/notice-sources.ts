// /notices sources and /notices poll: each configured source's health (state, last success, last
// error, next poll) and what a poll brought in; and what to do when no source is configured.
import type { PollSummary, SourceHealth } from '../notices/notice-sources.js';
import { reply, type Reply } from '../reply.js';
import { PROVIDER_LABELS } from './notice-card.js';
import type { ViewContext } from './view-context.js';

const STATE_LABELS: Record<SourceHealth['state'], { ja: string; en: string }> = {
  ok: { ja: '✅ 正常', en: '✅ ok' },
  failing: { ja: '❌ 失敗中', en: '❌ failing' },
  never: { ja: '… 未取得', en: '… not yet polled' },
  disabled: { ja: '⏸ 無効', en: '⏸ disabled' },
};

export function noSourcesReply(v: ViewContext): Reply {
  const text = v.t({
    ja: '通知元が設定されていません。tsunagi.yaml の notices.sources に通知元（例: kind: m365-messages や kind: aws-whats-new）を追加して再起動してください（記入例は tsunagi.example.yaml）。',
    en: 'No notice sources are configured. Add sources under notices.sources in tsunagi.yaml (e.g. kind: m365-messages or kind: aws-whats-new) and restart; tsunagi.example.yaml shows how.',
  });
  return reply(text, [{ type: 'text', text }], { tone: 'warning', visibility: 'ephemeral' });
}

export function sourceHealthList(v: ViewContext, sources: readonly SourceHealth[]): Reply {
  if (sources.length === 0) return noSourcesReply(v);
  const failing = sources.filter((s) => s.state === 'failing').length;
  const title = v.t({
    ja: `通知元（${sources.length}件${failing ? `、うち失敗中 ${failing}件` : ''}）`,
    en: `Notice sources (${sources.length}${failing ? `, ${failing} failing` : ''})`,
  });
  const never = v.t({ ja: 'なし', en: 'never' });
  const errors = sources
    .filter((s) => s.lastError)
    .map((s) =>
      v.t({
        ja: `${s.id}: ${s.lastError!.ja}（${s.consecutiveFailures} 回連続）`,
        en: `${s.id}: ${s.lastError!.en} (${s.consecutiveFailures} in a row)`,
      }),
    );
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          'ID',
          v.t({ ja: '種類', en: 'Kind' }),
          v.t({ ja: '提供元', en: 'Provider' }),
          v.t({ ja: '状態', en: 'State' }),
          v.t({ ja: '最終成功', en: 'Last success' }),
          v.t({ ja: '次回', en: 'Next poll' }),
        ],
        rows: sources.map((s) => [
          s.id,
          s.kind,
          v.t(PROVIDER_LABELS[s.provider]),
          v.t(STATE_LABELS[s.state]),
          s.lastSuccess ? v.dateTime(s.lastSuccess) : never,
          s.nextPoll ? v.dateTime(s.nextPoll) : '—',
        ]),
      },
      ...(errors.length > 0
        ? [{ type: 'list' as const, title: v.t({ ja: '直近のエラー', en: 'Last errors' }), items: errors }]
        : []),
      {
        type: 'context',
        text: v.t({
          ja: '今すぐ取得: /notices poll [通知元]　購読: /notices subscribe <通知元|all>',
          en: 'Poll now: /notices poll [source]   Subscribe: /notices subscribe <source|all>',
        }),
      },
    ],
    { tone: failing > 0 ? 'warning' : 'info', visibility: 'ephemeral' },
  );
}

export function pollSummaryReply(v: ViewContext, summaries: readonly PollSummary[]): Reply {
  const failed = summaries.filter((s) => s.error);
  const title = v.t({ ja: '通知元を取得しました', en: 'Sources polled' });
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          'ID',
          v.t({ ja: '新規', en: 'New' }),
          v.t({ ja: '更新', en: 'Updated' }),
          v.t({ ja: '変化なし', en: 'Unchanged' }),
          v.t({ ja: '結果', en: 'Result' }),
        ],
        rows: summaries.map((s) => [
          s.id,
          String(s.new),
          String(s.updated),
          String(s.unchanged),
          s.error ? `❌ ${v.t(s.error)}` : '✅',
        ]),
      },
      {
        type: 'context',
        text: v.t({
          ja: '購読しているチャンネルには、新しい通知と内容が変わった通知が投稿されます。',
          en: 'New notices, and notices whose content changed, are posted to the subscribed channels.',
        }),
      },
    ],
    { tone: failed.length > 0 ? 'warning' : 'success', visibility: 'ephemeral' },
  );
}
