// A Google Cloud release notes entry is one day; its HTML holds several notes, each under an <h3>
// naming its type (Feature, Changed, Fixed, Deprecated, Issue, Breaking, Security, Announcement,
// Libraries, …). The all-products feed adds an <h2> naming the product before each group. The
// headings are found with htmlparser2 and the HTML between them sliced out as each note's body.
import { Parser } from 'htmlparser2';

export interface ReleaseNote {
  /** From the nearest preceding <h2>, in feeds that cover several products. */
  readonly product?: string;
  /** The <h3> heading; absent for text before the first heading. */
  readonly type?: string;
  readonly html: string;
}

interface Heading {
  readonly level: 'h2' | 'h3';
  readonly text: string;
  /** Index of the heading's `<`. */
  readonly start: number;
  /** Index just past the heading's closing tag. */
  readonly end: number;
}

function headingsOf(html: string): Heading[] {
  const headings: Heading[] = [];
  let open: { level: 'h2' | 'h3'; start: number; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        if ((name === 'h2' || name === 'h3') && open === undefined) {
          open = { level: name, start: parser.startIndex, text: '' };
        }
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        if (open && name === open.level) {
          headings.push({
            level: open.level,
            text: open.text.replace(/\s+/g, ' ').trim(),
            start: open.start,
            end: parser.endIndex + 1,
          });
          open = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return headings;
}

/** The notes of one entry, in document order (sections with nothing but white space are dropped). */
export function splitReleaseNotes(html: string): ReleaseNote[] {
  const notes: ReleaseNote[] = [];
  let product: string | undefined;
  let type: string | undefined;
  let from = 0;
  const flush = (to: number): void => {
    const body = html.slice(from, to);
    if (body.trim() !== '') {
      notes.push({ ...(product ? { product } : {}), ...(type ? { type } : {}), html: body });
    }
  };
  for (const heading of headingsOf(html)) {
    flush(heading.start);
    if (heading.level === 'h2') {
      product = heading.text || product;
      type = undefined;
    } else {
      type = heading.text || undefined;
    }
    from = heading.end;
  }
  flush(html.length);
  return notes;
}
