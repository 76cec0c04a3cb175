// Provider notices arrive as HTML (feeds, Graph bodies) or as text with stray control characters
// (AWS Health). Chat cards need safe plain text: no markup, no script or style content, no terminal
// escapes or bidirectional overrides that could disguise a link, and a bounded length.
import { htmlToText } from './parse/html-text.js';

/** Longest body a notice carries; the link leads to the rest. */
export const MAX_BODY_LENGTH = 4000;
/** Longest title a notice carries. */
export const MAX_TITLE_LENGTH = 300;
const ELLIPSIS = '…';

// C0 and C1 controls except tab and newline, DEL, and the bidirectional embedding, override and
// isolate characters (CVE-2021-42574 "Trojan Source"): none has a place in a chat card.
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Anything cleanText would change: controls, odd spaces, runs of spaces, blank-line runs, edges. */
const NEEDS_WORK =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00a0\u202a-\u202e\u2066-\u2069\u3000\t]|\S {2}| \n|\n{3}|^\s|\s$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_WORK_LINE = /[\u0000-\u001f\u007f-\u009f\u00a0\u202a-\u202e\u2066-\u2069\u3000]|\s{2}|^\s|\s$/;

/** Cuts at `max` characters (counting code points), ending with "…" when anything was cut. */
export function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points
    .slice(0, max - 1)
    .join('')
    .trimEnd()}${ELLIPSIS}`;
}

/**
 * Text that is already text (titles, AWS Health descriptions, Atom `type="text"`): controls and
 * terminal escapes removed, line ends normalised, runs of spaces and blank lines collapsed (the
 * indentation at the start of a line is kept).
 * `singleLine` folds everything onto one line, for titles.
 */
export function cleanText(text: string, options: { maxLength?: number; singleLine?: boolean } = {}): string {
  const max = options.maxLength ?? (options.singleLine ? MAX_TITLE_LENGTH : MAX_BODY_LENGTH);
  // Most fields are clean already; one scan tells, and spares the passes below.
  if (text.length <= max && !(options.singleLine ? NEEDS_WORK_LINE : NEEDS_WORK).test(text)) return text;
  // Far more than fits is not worth cleaning: a huge payload costs no more than a long one.
  const cut = text.length > max * 8;
  let result = (cut ? text.slice(0, max * 8) : text)
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE_CHARACTERS, '')
    .replace(/[\u00a0\u3000]/g, ' ');
  result = options.singleLine
    ? result.replace(/\s+/g, ' ').trim()
    : result
        // Line by line (no regex anchored at line ends: those go quadratic on long runs of spaces);
        // spaces at the start of a line are indentation (nested lists) and stay.
        .split('\n')
        .map((line) => line.trimEnd().replace(/(\S)[ \t]{2,}/g, '$1 '))
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
  const bounded = bound(result, max);
  if (!cut || bounded.endsWith(ELLIPSIS)) return bounded;
  return `${Array.from(bounded)
    .slice(0, max - 1)
    .join('')
    .trimEnd()}${ELLIPSIS}`;
}

/**
 * HTML (a feed item's description, a Graph message body) to plain text: links kept once as
 * "text (url)", images dropped, headings as plain lines, lists as "- ", table rows as "a | b",
 * script and style content never shown (parse/html-text.ts).
 */
export function htmlToPlainText(html: string, options: { maxLength?: number } = {}): string {
  // Most short fields carry no markup at all; they need no HTML parse.
  const text = /[<&]/.test(html) ? htmlToText(html) : html;
  return cleanText(text, { maxLength: options.maxLength ?? MAX_BODY_LENGTH });
}

/** A one-line title from HTML or text (Atom titles may be `type="html"`). */
export function titleText(value: string, isHtml = false): string {
  return cleanText(isHtml && /[<&]/.test(value) ? htmlToText(value) : value, { singleLine: true });
}
