// Google Cloud release notes, one Atom feed per product
// (https://cloud.google.com/feeds/<product>-release-notes.xml, and the all-products feed). Each entry
// is a day holding several notes; each note becomes its own Notice:
//   id        `gcp:<entry id>#<type>-<n>`: n counts notes of that type within the entry, so a note
//             added to the day under another type does not renumber the others (product-prefixed
//             in the all-products feed: `#compute-engine-feature-1`)
//   category  the note's type (Feature, Changed, Deprecated, Breaking, Security, …)
//   product   the <h2> before the note, else `options.product`, else the feed title without
//             "release notes" ("Compute Engine - Release notes" → "Compute Engine")
import type { Notice, NoticeSeverity, NoticeTag } from '../notice.js';
import { bound, htmlToPlainText } from '../plain-text.js';
import { describeEntry, entryDates } from './feed-entry.js';
import { splitReleaseNotes } from './gcp-split-notes.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, ItemProblem, safeUrl, type ParseResult } from './parse-result.js';
import { readFeed } from './xml-feed.js';

/** Google's note types, normalised to its own scale and our tags. Types not listed are `normal`. */
const TYPES: Readonly<Record<string, { severity: NoticeSeverity; tags: readonly NoticeTag[] }>> = {
  breaking: { severity: 'high', tags: ['major'] },
  security: { severity: 'high', tags: ['security'] },
  deprecated: { severity: 'normal', tags: ['retirement'] },
  fixed: { severity: 'low', tags: [] },
  libraries: { severity: 'low', tags: [] },
};

/**
 * A typed note is a security bulletin or a breaking change only when Google says so: a Feature note
 * about Security Command Center is neither. Retirements and default changes still come from keywords.
 */
const DECIDED_BY_TYPE: readonly NoticeTag[] = ['major', 'security'];

const TITLE_SUMMARY_LENGTH = 160;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'note'
  );
}

/** The first sentence of the first line, without link targets, for the title (the body has it all). */
function firstSentence(body: string): string {
  const line = (body.split('\n', 1)[0] ?? '').replace(/ \((?:https?:\/\/|mailto:)[^)\s]*\)/g, '');
  return /^.+?[.。!?！？](?=\s|$)/u.exec(line)?.[0] ?? line;
}

export function productFromFeedTitle(title: string | undefined): string | undefined {
  const product = title?.replace(/\s*[-–—:|]?\s*release notes\s*$/i, '').trim();
  return product ? product : undefined;
}

export function parseGcpReleaseNotes(payload: string, options: { product?: string } = {}): ParseResult {
  const doc = readFeed(payload, 'gcp-release-notes', 'atom');
  const feedProduct = options.product ?? productFromFeedTitle(doc.title) ?? 'Google Cloud';
  return collectNotices(doc.entries, describeEntry, (entry): Notice[] => {
    if (!entry.id) {
      throw new ItemProblem({
        ja: 'エントリーに id がないため、各ノートの ID を決められません。',
        en: 'The entry has no id, so its notes cannot be given stable ids.',
      });
    }
    const { published } = entryDates(entry);
    const counts = new Map<string, number>();
    const notices: Notice[] = [];
    for (const note of splitReleaseNotes(entry.html ?? entry.text ?? '')) {
      const body = htmlToPlainText(note.html);
      if (body === '') continue;
      const product = note.product ?? feedProduct;
      const key = `${note.product ? `${slug(note.product)}-` : ''}${note.type ? slug(note.type) : 'note'}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      const known = note.type ? TYPES[note.type.toLowerCase()] : undefined;
      const summary = bound(firstSentence(body), TITLE_SUMMARY_LENGTH);
      notices.push(
        buildNotice({
          id: `gcp:${entry.id}#${key}-${n}`,
          provider: 'google-cloud',
          products: [product],
          title: `${product}${note.type ? ` (${note.type})` : ''}: ${summary}`,
          published,
          url: safeUrl(entry.link),
          category: note.type,
          severity: known?.severity ?? 'normal',
          body,
          sourceTags: known?.tags ?? [],
          ...(note.type ? { decidedTags: DECIDED_BY_TYPE } : {}),
        }),
      );
    }
    return notices;
  });
}
