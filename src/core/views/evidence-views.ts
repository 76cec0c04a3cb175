// Evidence in chat: the numbered list of an incident's items, what was recorded from files attached
// in chat, and the timeline lines for evidence and for its chain of custody (who listed or exported
// which items).
import type { LedgerEntry } from '../../store/repository.js';
import type { ChatFileOutcome } from '../evidence/evidence-service.js';
import type { CustodyEventData, EvidenceRecord } from '../evidence/evidence-events.js';
import type { EvidenceItem } from '../evidence/evidence-items.js';
import type { Bilingual } from '../i18n/locale.js';
import type { Incident } from '../incidents/model.js';
import { reply, type Block, type Reply } from '../reply.js';
import { incidentHeadline } from './incident-card.js';
import type { ViewContext } from './view-context.js';

const KINDS: Record<EvidenceRecord['kind'], Bilingual> = {
  text: { ja: 'テキスト', en: 'text' },
  file: { ja: 'ファイル', en: 'file' },
  link: { ja: 'リンク', en: 'link' },
};

export function evidenceKind(v: ViewContext, kind: EvidenceRecord['kind']): string {
  return v.t(KINDS[kind] ?? { ja: kind, en: kind });
}

/** "Evidence (file app.log, 1234 bytes) sha256 …": the source is named when it says more than the kind. */
export function evidenceAddedText(v: ViewContext, record: EvidenceRecord): string {
  const source = record.source === 'text' ? '' : ` ${record.source}`;
  const size =
    record.size === undefined ? '' : v.t({ ja: `、${record.size} バイト`, en: `, ${record.size} bytes` });
  return v.t({
    ja: `証跡（${evidenceKind(v, record.kind)}${source}${size}）sha256 ${record.sha256}`,
    en: `Evidence (${evidenceKind(v, record.kind)}${source}${size}) sha256 ${record.sha256}`,
  });
}

/** What became of the files attached in chat: each recorded item (E-n, name, short hash) or why not. */
export function chatFilesRecorded(
  v: ViewContext,
  incident: Incident,
  outcomes: readonly ChatFileOutcome[],
): Reply {
  const recorded = outcomes.flatMap((o) => ('item' in o ? [o.item] : []));
  const failed = outcomes.length - recorded.length;
  const summary =
    recorded.length > 0
      ? v.t({
          ja: `📎 ${incident.id} に添付ファイル ${recorded.length} 件を証跡として記録しました。`,
          en: `📎 ${recorded.length} attached file(s) recorded as evidence on ${incident.id}.`,
        })
      : v.t({
          ja: `✗ 添付ファイルを ${incident.id} の証跡として記録できませんでした。`,
          en: `✗ The attached file(s) could not be recorded as evidence on ${incident.id}.`,
        });
  const lines = outcomes.map((o) => {
    if ('error' in o) return `✗ ${o.file.name}: ${v.t(o.error.userMessage)}`;
    const r = o.item.record;
    const size = r.size === undefined ? '' : v.t({ ja: `、${r.size} バイト`, en: `, ${r.size} bytes` });
    const masked = r.masked
      ? v.t({
          ja: `（秘密情報らしき値 ${r.masked} 件を伏せ字に）`,
          en: ` (${r.masked} secret-looking value(s) masked)`,
        })
      : '';
    return `${o.item.id} ${r.source}${size} — sha256 ${r.sha256.slice(0, 12)}${masked}`;
  });
  const blocks: Block[] = [
    { type: 'text', text: summary },
    { type: 'list', items: lines },
  ];
  if (recorded.length > 0) {
    blocks.push({
      type: 'context',
      text: v.t({
        ja: `一覧: /incident evidence ${incident.id} · 書き出し: インシデントボード（/tsunagi board）または tsunagi evidence export ${incident.id}`,
        en: `List: /incident evidence ${incident.id} · Export: the incident board (/tsunagi board) or tsunagi evidence export ${incident.id}`,
      }),
    });
  }
  const tone = failed === 0 ? 'success' : recorded.length > 0 ? 'warning' : 'danger';
  return reply(summary, blocks, { tone, visibility: 'ephemeral' });
}

/** The timeline line of a custody entry, or undefined for any other entry. */
export function custodyText(v: ViewContext, entry: LedgerEntry): string | undefined {
  if (entry.type === 'evidence.accessed') {
    const d = entry.data as CustodyEventData['evidence.accessed'];
    return v.t({ ja: `証跡を一覧表示: ${d.items.join(', ')}`, en: `Evidence listed: ${d.items.join(', ')}` });
  }
  if (entry.type === 'evidence.exported') {
    const d = entry.data as CustodyEventData['evidence.exported'];
    const via =
      d.via === 'board' ? v.t({ ja: 'ボードからのダウンロード、', en: 'downloaded from the board, ' }) : '';
    return v.t({
      ja: `証跡を書き出し: ${d.count} 件 → ${d.destination}（${via}実行 ${d.by}、manifest sha256 ${d.manifest_sha256}）`,
      en: `Evidence exported: ${d.count} item(s) → ${d.destination} (${via}by ${d.by}, manifest sha256 ${d.manifest_sha256})`,
    });
  }
  return undefined;
}

/** Where an item was added: the incident itself, or a run's step and field. */
export function evidencePlace(v: ViewContext, item: EvidenceItem): string {
  if (!item.run) return v.t({ ja: 'インシデント', en: 'incident' });
  return `${item.run.run} ${item.run.step}/${item.run.field}`;
}

/** The list of an incident's evidence the viewer may see; `accessSeq` is the ledger entry of this access. */
export function evidenceList(
  v: ViewContext,
  incident: Incident,
  items: readonly EvidenceItem[],
  accessSeq: number | undefined,
): Reply {
  const title = `${incidentHeadline(incident)} — ${v.t({ ja: '証跡', en: 'Evidence' })}`;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (items.length === 0) {
    blocks.push({
      type: 'text',
      text: v.t({
        ja: `証跡はまだありません。追加: /incident evidence ${incident.id} <テキスト|URL>`,
        en: `No evidence yet. Add some: /incident evidence ${incident.id} <text|url>`,
      }),
    });
  } else {
    // One line per item rather than a table: hashes, names and URLs stay whole in a terminal too.
    blocks.push({
      type: 'list',
      items: items.map((item) =>
        [
          `${item.id} ${evidenceKind(v, item.record.kind)}${item.record.source === 'text' ? '' : ` ${item.record.source}`}`,
          evidencePlace(v, item),
          `${v.person(item.addedBy?.person ?? item.record.by)} ${v.dateTime(item.addedAt)}`,
          `sha256 ${item.record.sha256.slice(0, 12)}`,
        ].join(' — '),
      ),
    });
  }
  if (accessSeq !== undefined) {
    blocks.push({
      type: 'context',
      text: v.t({
        ja: `この表示は証跡の閲覧として台帳に記録されました（#${accessSeq}）。書き出し: インシデントボード（/tsunagi board）または tsunagi evidence export ${incident.id}`,
        en: `This listing was recorded in the ledger as an access to the evidence (#${accessSeq}). Export: the incident board (/tsunagi board) or tsunagi evidence export ${incident.id}`,
      }),
    });
  }
  return reply(`${incident.id} ${v.t({ ja: '証跡', en: 'evidence' })}`, blocks, { visibility: 'ephemeral' });
}
