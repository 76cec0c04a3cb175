// The daily digest of provider notices: how many arrived (by provider, by kind of change), the ones
// that concern the organisation, and those still waiting for a decision, oldest first.
import type { NoticeDigest } from '../notices/notice-digest.js';
import type { NoticeRecord } from '../notices/notice-projection.js';
import { reply, type Block, type Reply } from '../reply.js';
import { NOTICE_PROVIDERS, NOTICE_TAGS } from '../../sources/feeds/notice.js';
import { PROVIDER_LABELS, TAG_BADGES, actionDate, badges } from './notice-card.js';
import type { ViewContext } from './view-context.js';

/** Items listed per section; the rest are counted. */
const LIST_MAX = 15;

function line(v: ViewContext, n: NoticeRecord): string {
  const marks = n.tags.length > 0 ? `${badges(v, n.tags)}  ` : '';
  const due = n.actionRequiredBy
    ? v.t({
        ja: `（期限 ${actionDate(v, n.actionRequiredBy)}）`,
        en: ` (act by ${actionDate(v, n.actionRequiredBy)})`,
      })
    : '';
  return `${marks}${n.id} ${v.t(PROVIDER_LABELS[n.provider])}: ${n.title}${due}`;
}

function capped(v: ViewContext, items: readonly string[]): string[] {
  if (items.length <= LIST_MAX) return [...items];
  const more = items.length - LIST_MAX;
  return [...items.slice(0, LIST_MAX), v.t({ ja: `ほか ${more} 件`, en: `and ${more} more` })];
}

export function noticeDigest(v: ViewContext, digest: NoticeDigest): Reply {
  const period = `${v.dateTime(digest.since)} – ${v.dateTime(digest.until)}`;
  const title = v.t({
    ja: `📰 クラウド事業者の通知のまとめ（${period}）`,
    en: `📰 Provider notices digest (${period})`,
  });
  const blocks: Block[] = [{ type: 'header', text: title }];
  const total = digest.arrived.length;
  if (total === 0 && digest.untriaged.length === 0) {
    const text = v.t({
      ja: 'この期間に届いた通知はなく、未対応の通知もありません。',
      en: 'No notices arrived in this period, and none is waiting for a decision.',
    });
    blocks.push({ type: 'text', text });
    return reply(`${title} — ${text}`, blocks);
  }
  const byProvider = NOTICE_PROVIDERS.filter((p) => digest.byProvider[p]).map(
    (p) => `${v.t(PROVIDER_LABELS[p])} ${digest.byProvider[p]}`,
  );
  const byTag = NOTICE_TAGS.filter((t) => digest.byTag[t]).map(
    (t) => `${v.t(TAG_BADGES[t])} ${digest.byTag[t]}`,
  );
  blocks.push({
    type: 'fields',
    fields: [
      {
        label: v.t({ ja: '届いた通知', en: 'Arrived' }),
        value: v.t({
          ja: `${total} 件（新規 ${digest.newCount}、更新 ${total - digest.newCount}）`,
          en: `${total} (${digest.newCount} new, ${total - digest.newCount} updated)`,
        }),
      },
      {
        label: v.t({ ja: '提供元別', en: 'By provider' }),
        value: byProvider.length ? v.list(byProvider) : '—',
      },
      { label: v.t({ ja: '種類別', en: 'By kind' }), value: byTag.length ? v.list(byTag) : '—' },
      {
        label: v.t({ ja: '未対応', en: 'Untriaged' }),
        value: v.t({ ja: `${digest.untriaged.length} 件`, en: String(digest.untriaged.length) }),
      },
    ],
  });
  if (digest.relevant.length > 0) {
    blocks.push({
      type: 'list',
      title: v.t({ ja: '当組織に関係する通知', en: 'Notices that concern us' }),
      items: capped(
        v,
        digest.relevant.map((n) => line(v, n)),
      ),
    });
  }
  if (digest.untriaged.length > 0) {
    blocks.push({
      type: 'list',
      title: v.t({ ja: '未対応の通知（古い順）', en: 'Waiting for a decision (oldest first)' }),
      items: capped(
        v,
        digest.untriaged.map((n) =>
          v.t({
            ja: `${line(v, n)} — ${v.relative(n.firstSeen)}に到着`,
            en: `${line(v, n)} — arrived ${v.relative(n.firstSeen)}`,
          }),
        ),
      ),
    });
  }
  blocks.push({
    type: 'context',
    text: v.t({
      ja: '詳細: /notices show <ID>　対応: /notices triage <ID> review-settings | open-change | not-relevant --reason "…"',
      en: 'Details: /notices show <id>   Triage: /notices triage <id> review-settings | open-change | not-relevant --reason "…"',
    }),
  });
  const summary = v.t({
    ja: `クラウド事業者の通知: ${total} 件到着、未対応 ${digest.untriaged.length} 件`,
    en: `Provider notices: ${total} arrived, ${digest.untriaged.length} untriaged`,
  });
  return reply(summary, blocks, { tone: digest.untriaged.length > 0 ? 'warning' : 'info' });
}
