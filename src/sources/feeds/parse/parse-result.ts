// What a parser returns: the notices it could read, and the items it could not, each with the
// reason, so one broken item never hides the rest of a feed and the poller can log what it dropped.
import type { Bilingual } from '../../../core/i18n/locale.js';
import type { Notice } from '../notice.js';

export interface SkippedItem {
  /** 0-based position of the item in the payload (feed items, Graph `value`, AWS Health events). */
  readonly index: number;
  /** The item's own identifier, when it had one. */
  readonly ref?: string;
  readonly reason: Bilingual;
}

export interface ParseResult {
  readonly notices: Notice[];
  readonly skipped: SkippedItem[];
}

/** Thrown by an item mapper for an item that cannot become a notice; the item is skipped. */
export class ItemProblem extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
    this.name = 'ItemProblem';
  }
}

export interface ItemView {
  readonly index: number;
  /** For the skipped report: the item's id, guid or title. */
  readonly ref?: string;
}

/**
 * Maps each item to zero or more notices. An item that throws is skipped with the reason; a notice
 * whose id another item already produced is skipped as a duplicate (feeds do repeat items).
 */
export function collectNotices<T>(
  items: readonly T[],
  describe: (item: T, index: number) => ItemView,
  toNotices: (item: T, index: number) => Notice | readonly Notice[],
): ParseResult {
  const notices: Notice[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const view = safeView(describe, item, index);
    let produced: readonly Notice[];
    try {
      const result = toNotices(item, index);
      produced = Array.isArray(result) ? result : [result as Notice];
    } catch (error) {
      skipped.push({ ...view, reason: reasonOf(error) });
      return;
    }
    for (const notice of produced) {
      if (seen.has(notice.id)) {
        skipped.push({
          index,
          ref: notice.id,
          reason: {
            ja: `同じ ID（${notice.id}）の項目が前にもあるため、この項目は読み飛ばしました。`,
            en: `An earlier item has the same id (${notice.id}); this one was skipped.`,
          },
        });
        continue;
      }
      seen.add(notice.id);
      notices.push(notice);
    }
  });
  return { notices, skipped };
}

function safeView<T>(describe: (item: T, index: number) => ItemView, item: T, index: number): ItemView {
  try {
    return describe(item, index);
  } catch {
    // Describing is best effort: an item too broken to describe is still reported by position.
    return { index };
  }
}

function reasonOf(error: unknown): Bilingual {
  if (error instanceof ItemProblem) return error.reason;
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ja: `この項目は読み取れませんでした（${detail}）。`,
    en: `This item could not be read (${detail}).`,
  };
}

/** `value` when it is a non-empty string after trimming, else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An http(s) URL, or undefined: links in cards must be safe to open. */
export function safeUrl(value: unknown): string | undefined {
  const candidate = text(value);
  if (!candidate || !/^https?:\/\/[^\s]+$/i.test(candidate)) return undefined;
  return URL.canParse(candidate) ? candidate : undefined;
}
