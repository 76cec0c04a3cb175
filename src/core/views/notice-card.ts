// The card a provider notice is posted as: who published it about which products, the dates that
// matter (published, and by when to act, counted down in days), a plain-text summary, the link,
// which of the organisation's services it concerns, badges for what kind of change it is, what
// changed when it is an update, and the triage buttons.
import type { Bilingual } from '../i18n/locale.js';
import type { NoticeContentField } from '../notices/notice-events.js';
import type { NoticePost } from '../notices/notice-post.js';
import type { TriageRecord } from '../notices/notice-projection.js';
import { TRIAGE_LABELS } from '../notices/notice-triage.js';
import { reply, type Block, type Reply, type ReplyAction } from '../reply.js';
import type { NoticeProvider, NoticeSeverity, NoticeTag } from '../../sources/feeds/notice.js';
import type { ViewContext } from './view-context.js';

export const PROVIDER_LABELS: Record<NoticeProvider, Bilingual> = {
  aws: { ja: 'AWS', en: 'AWS' },
  'google-cloud': { ja: 'Google Cloud', en: 'Google Cloud' },
  'google-workspace': { ja: 'Google Workspace', en: 'Google Workspace' },
  azure: { ja: 'Azure', en: 'Azure' },
  'microsoft-365': { ja: 'Microsoft 365', en: 'Microsoft 365' },
  other: { ja: 'その他', en: 'Other' },
};

export const TAG_BADGES: Record<NoticeTag, Bilingual> = {
  major: { ja: '⚠ 大きな変更', en: '⚠ Major change' },
  'default-change': { ja: '⚙ 既定の設定の変更', en: '⚙ Default setting change' },
  retirement: { ja: '⏳ 提供終了', en: '⏳ Retirement' },
  security: { ja: '🔒 セキュリティ情報', en: '🔒 Security bulletin' },
};

export const SEVERITY_LABELS: Record<NoticeSeverity, Bilingual> = {
  low: { ja: '低', en: 'Low' },
  normal: { ja: '通常', en: 'Normal' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '緊急', en: 'Critical' },
};

const FIELD_LABELS: Record<NoticeContentField, Bilingual> = {
  title: { ja: 'タイトル', en: 'title' },
  body: { ja: '本文', en: 'text' },
  products: { ja: '対象製品', en: 'products' },
  category: { ja: '分類', en: 'category' },
  severity: { ja: '重要度', en: 'severity' },
  actionRequiredBy: { ja: '対応期限', en: 'action date' },
  url: { ja: 'リンク', en: 'link' },
  tags: { ja: '種類', en: 'kind' },
};

/** How much of the body a card shows; the link has the rest. */
const SUMMARY_CHARS = 600;
const DAY_MS = 86_400_000;

export function badges(v: ViewContext, tags: readonly NoticeTag[]): string {
  return tags.map((t) => v.t(TAG_BADGES[t])).join('  ');
}

/** A notice id as a command argument: quoted when it would not stay one word. */
export function noticeArgument(id: string): string {
  return /[\s"'“”‘’「」『』]/u.test(id) || id.startsWith('-')
    ? `"${id.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`
    : id;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A source's date as people read it: a date stays a date, a time is shown in the organisation's zone. */
export function noticeDate(v: ViewContext, at: string): string {
  if (DATE_ONLY.test(at)) return at;
  return Number.isNaN(Date.parse(at)) ? at : v.dateTime(at);
}

/** Calendar days from today to the date, in the organisation's time zone. */
function daysUntil(v: ViewContext, at: string): number | undefined {
  const day = (d: string | Date): number => Date.parse(`${v.dateTime(d).slice(0, 10)}T00:00:00Z`);
  const due = DATE_ONLY.test(at) ? Date.parse(`${at}T00:00:00Z`) : Date.parse(at);
  if (Number.isNaN(due)) return undefined;
  return Math.round(((DATE_ONLY.test(at) ? due : day(at)) - day(v.now)) / DAY_MS);
}

/** "2026-12-01（あと 9 日）" / "2026-12-01 (in 9 days)". */
export function actionDate(v: ViewContext, at: string): string {
  const date = noticeDate(v, at);
  const n = daysUntil(v, at);
  if (n === undefined) return date;
  const when =
    n > 1
      ? v.t({ ja: `あと ${n} 日`, en: `in ${n} days` })
      : n === 1
        ? v.t({ ja: '明日', en: 'tomorrow' })
        : n === 0
          ? v.t({ ja: '今日', en: 'today' })
          : v.t({ ja: `${-n} 日経過`, en: `${-n} day${n === -1 ? '' : 's'} ago` });
  return v.ja ? `${date}（${when}）` : `${date} (${when})`;
}

export function summaryOf(body: string, chars = SUMMARY_CHARS): string {
  const letters = [...body.trim()];
  return letters.length <= chars ? letters.join('') : `${letters.slice(0, chars - 1).join('')}…`;
}

export function servicesLabel(v: ViewContext, services: readonly string[]): string {
  if (services.length === 0) {
    return v.t({ ja: 'なし（利用していない製品）', en: 'none (a product not in use)' });
  }
  return v.list(
    services.map((id) => {
      const service = v.directory.service(id);
      if (!service) return id;
      return v.ja ? `${v.t(service.name)}（${id}）` : `${v.t(service.name)} (${id})`;
    }),
  );
}

export function triageLine(v: ViewContext, triage: TriageRecord): string {
  const what = v.t(TRIAGE_LABELS[triage.action]);
  const detail = triage.change ?? triage.reason;
  return v.t({
    ja: `${what}${detail ? `: ${detail}` : ''}（${v.person(triage.by)}、${v.dateTime(triage.at)}）`,
    en: `${what}${detail ? `: ${detail}` : ''} (${v.person(triage.by)}, ${v.dateTime(triage.at)})`,
  });
}

/** The buttons still meaningful: none once it is not relevant, each action once. */
export function triageActions(v: ViewContext, id: string, triage: readonly TriageRecord[]): ReplyAction[] {
  if (triage.some((t) => t.action === 'not_relevant')) return [];
  const done = new Set(triage.map((t) => t.action));
  const arg = noticeArgument(id);
  const actions: ReplyAction[] = [];
  if (!done.has('review_settings')) {
    actions.push({
      label: v.t({ ja: '設定を見直す', en: 'Review settings' }),
      command: `/notices triage ${arg} review-settings`,
      style: 'primary',
    });
  }
  if (!done.has('change_opened')) {
    actions.push({
      label: v.t({ ja: '変更の協議を開始', en: 'Open change discussion' }),
      command: `/notices triage ${arg} open-change`,
    });
  }
  if (done.size === 0) {
    actions.push({
      label: v.t({ ja: '関係なし', en: 'Not relevant' }),
      command: `/notices triage ${arg} not-relevant`,
      needsInput: true,
    });
  }
  return actions;
}

export function noticeCard(v: ViewContext, post: NoticePost): Reply {
  const { notice } = post;
  const provider = v.t(PROVIDER_LABELS[notice.provider]);
  const updated = post.kind === 'updated';
  const title = `${updated ? v.t({ ja: '🔄 更新: ', en: '🔄 Updated: ' }) : '📢 '}${provider} — ${notice.title}`;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (notice.tags.length > 0) blocks.push({ type: 'context', text: badges(v, notice.tags) });
  if (updated && post.changed.length > 0) {
    blocks.push({
      type: 'text',
      text: v.t({
        ja: `変更点: ${v.list(post.changed.map((f) => FIELD_LABELS[f].ja))}`,
        en: `What changed: ${v.list(post.changed.map((f) => FIELD_LABELS[f].en))}`,
      }),
    });
  }
  const fields = [
    { label: v.t({ ja: '提供元', en: 'Provider' }), value: provider },
    {
      label: v.t({ ja: '製品', en: 'Products' }),
      value: notice.products.length > 0 ? v.list(notice.products) : '—',
    },
    { label: v.t({ ja: '公開日', en: 'Published' }), value: noticeDate(v, notice.published) },
    ...(notice.actionRequiredBy
      ? [
          {
            label: v.t({ ja: '対応期限', en: 'Action required by' }),
            value: actionDate(v, notice.actionRequiredBy),
          },
        ]
      : []),
    { label: v.t({ ja: '該当サービス', en: 'Our services' }), value: servicesLabel(v, post.services) },
    ...(notice.category ? [{ label: v.t({ ja: '分類', en: 'Category' }), value: notice.category }] : []),
    { label: v.t({ ja: '重要度', en: 'Severity' }), value: v.t(SEVERITY_LABELS[notice.severity]) },
    { label: 'ID', value: notice.id },
  ];
  blocks.push({ type: 'fields', fields });
  if (notice.body.trim() !== '') blocks.push({ type: 'text', text: summaryOf(notice.body) });
  if (notice.url) blocks.push({ type: 'context', text: `🔗 ${notice.url}` });
  for (const t of post.triage) blocks.push({ type: 'context', text: `✔ ${triageLine(v, t)}` });
  const actions = triageActions(v, notice.id, post.triage);
  if (actions.length > 0) blocks.push({ type: 'actions', actions });
  const urgent =
    notice.tags.some((t) => t !== 'major') || notice.severity === 'critical' || notice.severity === 'high';
  return reply(
    `${updated ? v.t({ ja: '【更新】', en: '[Updated] ' }) : ''}${provider}: ${notice.title}`,
    blocks,
    {
      tone: urgent ? 'warning' : 'info',
    },
  );
}
