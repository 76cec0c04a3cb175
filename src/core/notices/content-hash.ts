// Whether a notice seen again is the same notice: a SHA-256 over the fields a reader cares about.
// `published` and `updated` are left out on purpose: feeds bump them without changing a word, and
// an "updated" post for that would be noise. Lists are sorted, so a source that reorders products
// or tags does not look like a change either.
import { createHash } from 'node:crypto';
import type { Notice } from '../../sources/feeds/notice.js';
import { NOTICE_CONTENT_FIELDS, type NoticeContentField } from './notice-events.js';

type FieldValues = Record<NoticeContentField, string | readonly string[] | null>;

function contentOf(notice: Notice): FieldValues {
  return {
    title: notice.title,
    body: notice.body,
    products: [...notice.products].sort(),
    category: notice.category ?? null,
    severity: notice.severity,
    actionRequiredBy: notice.actionRequiredBy ?? null,
    url: notice.url ?? null,
    tags: [...notice.tags].sort(),
  };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The notice's content hash (hex). */
export function contentHash(notice: Notice): string {
  const content = contentOf(notice);
  // Fixed field order, so the hash never depends on how the object was built.
  return sha256(JSON.stringify(NOTICE_CONTENT_FIELDS.map((field) => content[field])));
}

/** A short hash per content field: enough to tell which changed, small enough to keep in state. */
export function fieldHashes(notice: Notice): Record<NoticeContentField, string> {
  const content = contentOf(notice);
  const out = {} as Record<NoticeContentField, string>;
  for (const field of NOTICE_CONTENT_FIELDS) out[field] = sha256(JSON.stringify(content[field])).slice(0, 16);
  return out;
}

/** The fields whose hashes differ (all of them when the previous ones are unknown). */
export function changedFields(
  previous: Readonly<Record<NoticeContentField, string>> | undefined,
  next: Readonly<Record<NoticeContentField, string>>,
): NoticeContentField[] {
  return NOTICE_CONTENT_FIELDS.filter((field) => previous?.[field] !== next[field]);
}
