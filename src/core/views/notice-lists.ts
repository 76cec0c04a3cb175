// Lists for /notices: a channel's subscriptions (with the filters in words) and the latest notices.
import type { Subscription } from '../notices/notice-events.js';
import type { NoticeRecord } from '../notices/notice-projection.js';
import { TRIAGE_LABELS } from '../notices/notice-triage.js';
import { reply, type Reply } from '../reply.js';
import { PROVIDER_LABELS, SEVERITY_LABELS, TAG_BADGES, badges, noticeDate } from './notice-card.js';
import type { ViewContext } from './view-context.js';

/** A subscription's filters in words: "category: planForChange; service: mail". */
export function describeFilters(v: ViewContext, s: Subscription): string {
  const parts: string[] = [];
  const add = (label: { ja: string; en: string }, values: readonly string[]): void => {
    if (values.length > 0) parts.push(`${v.t(label)}: ${v.list(values)}`);
  };
  add({ ja: 'サービス', en: 'service' }, s.services);
  add({ ja: '製品', en: 'product' }, s.products);
  add({ ja: '分類', en: 'category' }, s.categories);
  if (s.severity)
    parts.push(
      v.t({
        ja: `重要度: ${SEVERITY_LABELS[s.severity].ja}以上`,
        en: `severity: ${SEVERITY_LABELS[s.severity].en} or above`,
      }),
    );
  add({ ja: 'キーワード', en: 'keyword' }, s.keywords);
  add(
    { ja: '種類', en: 'kind' },
    s.tags.map((t) => v.t(TAG_BADGES[t])),
  );
  if (s.all) parts.push(v.t({ ja: '利用していない製品の通知も含む', en: 'also products not in use' }));
  return parts.length > 0 ? parts.join(v.ja ? '／' : '; ') : v.t({ ja: '（条件なし）', en: '(no filters)' });
}

export function sourceLabel(v: ViewContext, source: string): string {
  return source === 'all' ? v.t({ ja: 'すべての通知元', en: 'all sources' }) : source;
}

export function subscriptionList(
  v: ViewContext,
  subscriptions: readonly Subscription[],
  elsewhere: number,
): Reply {
  const more =
    elsewhere > 0
      ? v.t({
          ja: `ほかのチャンネルの購読: ${elsewhere} 件`,
          en: `Subscriptions in other channels: ${elsewhere}`,
        })
      : '';
  if (subscriptions.length === 0) {
    const text = v.t({
      ja: 'このチャンネルは通知を購読していません。購読するには: /notices subscribe <通知元|all>（通知元の一覧: /notices sources）',
      en: 'This channel subscribes to no notices. To subscribe: /notices subscribe <source|all> (sources: /notices sources)',
    });
    return reply(
      text,
      [{ type: 'text', text }, ...(more ? [{ type: 'context' as const, text: more }] : [])],
      {
        visibility: 'ephemeral',
      },
    );
  }
  const title = v.t({
    ja: `このチャンネルの通知の購読（${subscriptions.length}件）`,
    en: `This channel's notice subscriptions (${subscriptions.length})`,
  });
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        // A list rather than a table: the filters are what people read, and a table would cut them.
        type: 'list',
        items: subscriptions.map((s) =>
          v.t({
            ja: `${s.id}  ${sourceLabel(v, s.source)} — ${describeFilters(v, s)}（${v.person(s.by)}）`,
            en: `${s.id}  ${sourceLabel(v, s.source)} — ${describeFilters(v, s)} (${v.person(s.by)})`,
          }),
        ),
      },
      {
        type: 'context',
        text: [v.t({ ja: '解除: /notices unsubscribe <ID>', en: 'Remove: /notices unsubscribe <id>' }), more]
          .filter((x) => x !== '')
          .join('  '),
      },
    ],
    { visibility: 'ephemeral' },
  );
}

export function subscribedReply(v: ViewContext, s: Subscription, note?: string): Reply {
  const text = v.t({
    ja: `📬 このチャンネルで ${sourceLabel(v, s.source)} の通知を購読しました（${s.id}）。条件: ${describeFilters(v, s)}`,
    en: `📬 This channel now subscribes to notices from ${sourceLabel(v, s.source)} (${s.id}). Filters: ${describeFilters(v, s)}`,
  });
  const context = s.all
    ? note
    : [
        note,
        v.t({
          ja: 'tsunagi.yaml のサービスが利用している製品の通知だけが届きます（すべて受け取るには --all）。',
          en: 'Only notices about products the services in tsunagi.yaml use are posted (add --all for every notice).',
        }),
      ]
        .filter((x): x is string => x !== undefined)
        .join('\n');
  return reply(
    text,
    [{ type: 'text', text }, ...(context ? [{ type: 'context' as const, text: context }] : [])],
    {
      tone: 'success',
      visibility: 'channel',
    },
  );
}

export function recentNotices(v: ViewContext, notices: readonly NoticeRecord[]): Reply {
  if (notices.length === 0) {
    const text = v.t({
      ja: 'まだ通知は届いていません。通知元の状態: /notices sources',
      en: 'No notices have arrived yet. Sources: /notices sources',
    });
    return reply(text, [{ type: 'text', text }], { visibility: 'ephemeral' });
  }
  const title = v.t({ ja: `最近の通知（${notices.length}件）`, en: `Recent notices (${notices.length})` });
  const untriaged = v.t({ ja: '未対応', en: 'untriaged' });
  const services = v.t({ ja: 'サービス', en: 'services' });
  const triage = (n: NoticeRecord): string =>
    n.triage.length > 0
      ? n.triage.map((t) => t.change ?? v.t(TRIAGE_LABELS[t.action])).join(', ')
      : n.posted
        ? untriaged
        : '';
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        // A list rather than a table: ids are what people type next, and a table would cut them.
        type: 'list',
        items: notices.map((n) => {
          const marks = n.tags.length > 0 ? `${badges(v, n.tags)}  ` : '';
          const updated = n.version > 1 ? v.t({ ja: '【更新】', en: '[updated] ' }) : '';
          const facts = [
            n.id,
            v.t(PROVIDER_LABELS[n.provider]),
            noticeDate(v, n.published),
            ...(n.services.length > 0 ? [`${services}: ${n.services.join(', ')}`] : []),
            triage(n),
          ].filter((x) => x !== '');
          return `${marks}${updated}${n.title}\n${facts.join(' · ')}`;
        }),
      },
      { type: 'context', text: v.t({ ja: '詳細: /notices show <ID>', en: 'Details: /notices show <id>' }) },
    ],
    { visibility: 'ephemeral' },
  );
}
