// What the two Microsoft 365 Graph lists share (item bodies, how an item is named in the skipped
// report) and how to tell them apart, so a Message Center page read as service health issues (or
// the reverse) is reported instead of producing half-empty notices.
import { cleanText, htmlToPlainText } from '../plain-text.js';
import { isObject, str } from './json-payload.js';

export const NOT_AN_OBJECT = {
  ja: '項目が JSON オブジェクトではありません。',
  en: 'The item is not a JSON object.',
};

/** Graph `itemBody`: HTML (the documented content type) or text. */
export function itemBodyText(body: unknown): string {
  if (!isObject(body) || typeof body.content !== 'string') return '';
  return str(body, 'contentType')?.toLowerCase() === 'text'
    ? cleanText(body.content)
    : htmlToPlainText(body.content);
}

export function describeGraphItem(item: unknown, index: number): { index: number; ref?: string } {
  const ref = isObject(item) ? (str(item, 'id') ?? str(item, 'title')) : undefined;
  return ref ? { index, ref } : { index };
}

const ISSUE_FIELDS = ['classification', 'impactDescription', 'isResolved', 'posts'];
const MESSAGE_FIELDS = ['category', 'isMajorChange', 'services', 'actionRequiredByDateTime'];

function has(item: unknown, fields: readonly string[]): boolean {
  return isObject(item) && fields.some((f) => f in item);
}

/** Some items carry service health issue fields and none carries Message Center fields. */
export function looksLikeIssues(items: readonly unknown[]): boolean {
  return items.some((i) => has(i, ISSUE_FIELDS)) && !items.some((i) => has(i, MESSAGE_FIELDS));
}

/** Some items carry Message Center fields (or MC ids) and none carries issue fields. */
export function looksLikeMessages(items: readonly unknown[]): boolean {
  const messageLike = (i: unknown): boolean =>
    has(i, MESSAGE_FIELDS) || (isObject(i) && /^MC\d+$/.test(str(i, 'id') ?? ''));
  return items.some(messageLike) && !items.some((i) => has(i, ISSUE_FIELDS));
}
