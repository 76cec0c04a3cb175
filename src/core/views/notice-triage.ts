// What a channel is told when someone triages a notice: not relevant (with the reason), who is
// asked to review which service's settings, or the change discussion opened; or, when it was
// already done, by whom and when.
import type { ChangeRecord } from '../notices/change-projection.js';
import type { NoticeRecord, TriageRecord } from '../notices/notice-projection.js';
import { LAYER_LABELS } from '../parties/layers.js';
import { reply, type Block, type Reply } from '../reply.js';
import { PROVIDER_LABELS, triageActions, triageLine } from './notice-card.js';
import type { ViewContext } from './view-context.js';

export interface TriageView {
  readonly notice: NoticeRecord;
  readonly triage: TriageRecord;
  readonly already: boolean;
  readonly change?: ChangeRecord;
}

function headline(v: ViewContext, notice: NoticeRecord): string {
  return `${notice.id} ${v.t(PROVIDER_LABELS[notice.provider])}: ${notice.title}`;
}

export function triageReply(v: ViewContext, outcome: TriageView): Reply {
  const { notice, triage } = outcome;
  if (outcome.already) {
    const text = v.t({
      ja: `ℹ ${notice.id} は既に対応済みです: ${triageLine(v, triage)}`,
      en: `ℹ ${notice.id} was already triaged: ${triageLine(v, triage)}`,
    });
    return reply(text, [{ type: 'text', text }], { visibility: 'ephemeral' });
  }
  const by = v.person(triage.by);
  const blocks: Block[] = [];
  let lead: string;
  switch (triage.action) {
    case 'not_relevant':
      lead = v.t({
        ja: `🗂 ${by} さんが ${notice.id} を「関係なし」としました。理由: ${triage.reason ?? '—'}`,
        en: `🗂 ${by} marked ${notice.id} not relevant. Reason: ${triage.reason ?? '—'}`,
      });
      blocks.push({ type: 'text', text: lead }, { type: 'context', text: headline(v, notice) });
      break;
    case 'review_settings': {
      lead = v.t({
        ja: `🔧 ${by} さんが ${notice.id} を受けて設定の見直しを依頼しました。`,
        en: `🔧 ${by} asked for a settings review because of ${notice.id}.`,
      });
      const layer = v.t(LAYER_LABELS.accounts);
      const items = (triage.task?.asks ?? []).map((ask) => {
        const service = v.directory.service(ask.service);
        const people =
          ask.people.length > 0 ? v.list(ask.people.map((id) => `@${v.person(id)}`)) : v.party(ask.party);
        return v.t({
          ja: `${service ? service.name.ja : ask.service}（${layer}の担当: ${v.party(ask.party)}）→ ${people}`,
          en: `${service ? service.name.en : ask.service} (${layer}: ${v.party(ask.party)}) → ${people}`,
        });
      });
      blocks.push(
        { type: 'text', text: lead },
        { type: 'context', text: headline(v, notice) },
        { type: 'list', title: v.t({ ja: '見直しをお願いする方', en: 'Asked to review' }), items },
        {
          type: 'context',
          text: v.t({
            ja: '通知の内容が自組織の設定（既定値の変更を含む）に影響しないか確認し、結果をこのチャンネルで共有してください。',
            en: 'Please check whether the notice affects our settings (including changed defaults) and share the result in this channel.',
          }),
        },
      );
      break;
    }
    case 'change_opened': {
      const change = outcome.change;
      const id = change?.id ?? triage.change ?? '';
      lead = v.t({
        ja: `📝 ${by} さんが ${notice.id} について変更の協議 ${id} を開始しました。`,
        en: `📝 ${by} opened change discussion ${id} about ${notice.id}.`,
      });
      blocks.push(
        { type: 'header', text: `${id} ${change?.title ?? notice.title}` },
        { type: 'text', text: lead },
        {
          type: 'fields',
          fields: [
            { label: v.t({ ja: '状態', en: 'Status' }), value: v.t({ ja: '協議中', en: 'Open' }) },
            { label: v.t({ ja: '元の通知', en: 'Notice' }), value: headline(v, notice) },
            ...(notice.url ? [{ label: v.t({ ja: 'リンク', en: 'Link' }), value: notice.url }] : []),
            { label: v.t({ ja: '開始', en: 'Opened by' }), value: `${by} ${v.dateTime(triage.at)}` },
          ],
        },
        {
          type: 'context',
          text: v.t({
            ja: '影響の確認・対応方針・承認の流れは、今後の変更管理機能（/change）で扱います。それまではこのチャンネルで協議してください。',
            en: 'Impact checklist, decision and approval come with the change workflow (/change); until then, discuss it in this channel.',
          }),
        },
      );
      break;
    }
  }
  const actions = triageActions(v, notice.id, notice.triage);
  if (actions.length > 0) blocks.push({ type: 'actions', actions });
  return reply(lead, blocks, { tone: 'success', visibility: 'channel' });
}
