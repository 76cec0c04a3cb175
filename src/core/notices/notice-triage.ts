// The rules of triage, apart from recording: what an earlier decision means for a new one, and who
// "review settings" asks. A notice is either not relevant, or being acted on (settings reviewed, a
// change discussion opened, or both); each action is taken once, and asking again answers with
// who took it and when.
import { UserInputError } from '../errors.js';
import type { Bilingual } from '../i18n/locale.js';
import type { Directory } from '../parties/directory.js';
import { layerResponsibility } from '../parties/responsibility.js';
import { formatDateTime } from '../text/datetime.js';
import type { ReviewTask, TriageAction } from './notice-events.js';
import type { NoticeRecord, TriageRecord } from './notice-projection.js';

export const TRIAGE_LABELS: Record<TriageAction, Bilingual> = {
  not_relevant: { ja: '関係なし', en: 'not relevant' },
  review_settings: { ja: '設定の見直しを依頼', en: 'settings review requested' },
  change_opened: { ja: '変更の協議を開始', en: 'change discussion opened' },
};

/**
 * The earlier decision that makes `action` already done (returned), or a conflict (thrown):
 * "not relevant" excludes acting on the notice, and acting on it excludes "not relevant".
 */
export function priorTriage(
  directory: Directory,
  timeZone: string,
  notice: NoticeRecord,
  action: TriageAction,
): TriageRecord | undefined {
  const same = notice.triage.find((t) => t.action === action);
  if (same) return same;
  const conflicting = notice.triage.find((t) =>
    action === 'not_relevant' ? t.action !== 'not_relevant' : t.action === 'not_relevant',
  );
  if (!conflicting) return undefined;
  const who = directory.person(conflicting.by);
  const at = formatDateTime(conflicting.at, timeZone);
  const by = { ja: who?.name.ja ?? conflicting.by, en: who?.name.en ?? conflicting.by };
  if (conflicting.action === 'not_relevant') {
    throw new UserInputError({
      ja: `${notice.id} は ${by.ja} さんが ${at} に「関係なし」と判断しています（理由: ${conflicting.reason ?? '—'}）。対応が必要になった場合は、その旨を ${by.ja} さんと確認してください。`,
      en: `${notice.id} was marked not relevant by ${by.en} at ${at} (reason: ${conflicting.reason ?? '—'}). If it does need action after all, settle that with ${by.en} first.`,
    });
  }
  throw new UserInputError({
    ja: `${notice.id} は既に対応中です（${by.ja} さんが ${at} に${TRIAGE_LABELS[conflicting.action].ja}${conflicting.change ? `: ${conflicting.change}` : ''}）。「関係なし」にはできません。`,
    en: `${notice.id} is already being acted on (${TRIAGE_LABELS[conflicting.action].en} by ${by.en} at ${at}${conflicting.change ? `: ${conflicting.change}` : ''}), so it cannot be marked not relevant.`,
  });
}

/**
 * Who reviews the settings: for each service the notice concerns, the party responsible for its
 * `accounts` layer (accounts and access settings) in the responsibility matrix, and that party's
 * people who look after the service.
 */
export function reviewTask(directory: Directory, notice: NoticeRecord): ReviewTask {
  const asks = notice.services.flatMap((id) => {
    const service = directory.service(id);
    if (!service) return [];
    const { responsible } = layerResponsibility(directory, service, 'accounts');
    const people = directory.contactsFor(responsible.id, service.id).map((p) => p.id);
    return [{ service: service.id, party: responsible.id, people }];
  });
  if (asks.length === 0) {
    throw new UserInputError({
      ja: `${notice.id} は tsunagi.yaml のどのサービスの製品にも該当しないため、設定を見直す担当を決められません。関係がなければ「関係なし」に、検討が必要なら変更の協議を開始してください（/notices triage ${notice.id} open-change）。`,
      en: `${notice.id} concerns no service in tsunagi.yaml, so there is nobody whose settings to review. Mark it not relevant, or open a change discussion if it needs one (/notices triage ${notice.id} open-change).`,
    });
  }
  return { asks };
}
