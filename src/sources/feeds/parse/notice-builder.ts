// The last step of every parser: a draft from the source's fields becomes a Notice with its tags,
// checked for what every notice must have (an id, a title, a publication date).
import type { Notice, NoticeProvider, NoticeSeverity, NoticeTag } from '../notice.js';
import { cleanText } from '../plain-text.js';
import { noticeTags } from '../tags.js';
import { ItemProblem } from './parse-result.js';

export interface NoticeDraft {
  readonly id: string | undefined;
  readonly provider: NoticeProvider;
  readonly products: readonly (string | undefined)[];
  /** Already plain text (see plain-text.ts). */
  readonly title: string | undefined;
  /** ISO 8601 (see dates.ts). */
  readonly published: string | undefined;
  readonly updated?: string | undefined;
  readonly url?: string | undefined;
  readonly category?: string | undefined;
  readonly severity: NoticeSeverity;
  readonly actionRequiredBy?: string | undefined;
  /** Already plain text. */
  readonly body: string;
  readonly sourceTags?: readonly NoticeTag[];
  readonly decidedTags?: readonly NoticeTag[];
}

const NO_ID = {
  ja: '識別子（guid、id、リンク）がないため、通知として扱えません。',
  en: 'It has no identifier (guid, id or link), so it cannot be tracked as a notice.',
};
const NO_TITLE = { ja: 'タイトルがありません。', en: 'It has no title.' };
const NO_DATE = {
  ja: '公開日時がない（または読み取れない）ため、通知として扱えません。',
  en: 'It has no publication date (or one that cannot be read), so it cannot be placed in time.',
};

export function buildNotice(draft: NoticeDraft): Notice {
  if (!draft.id) throw new ItemProblem(NO_ID);
  if (!draft.title) throw new ItemProblem(NO_TITLE);
  if (!draft.published) throw new ItemProblem(NO_DATE);
  const products = [
    ...new Set(
      draft.products
        .map((p) => (p === undefined ? '' : cleanText(p, { singleLine: true, maxLength: 120 })))
        .filter((p) => p !== ''),
    ),
  ];
  const category = draft.category ? cleanText(draft.category, { singleLine: true, maxLength: 120 }) : '';
  return {
    id: draft.id,
    provider: draft.provider,
    products,
    title: draft.title,
    published: draft.published,
    ...(draft.updated && draft.updated !== draft.published ? { updated: draft.updated } : {}),
    ...(draft.url ? { url: draft.url } : {}),
    ...(category ? { category } : {}),
    severity: draft.severity,
    ...(draft.actionRequiredBy ? { actionRequiredBy: draft.actionRequiredBy } : {}),
    body: draft.body,
    tags: noticeTags({
      title: draft.title,
      body: draft.body,
      ...(draft.sourceTags ? { fromSource: draft.sourceTags } : {}),
      ...(draft.decidedTags ? { decidedBySource: draft.decidedTags } : {}),
    }),
  };
}
