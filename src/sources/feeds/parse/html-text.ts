// HTML to readable text in one streaming pass over htmlparser2's tokenizer (no DOM, no selector
// engine): a feed of 10,000 items converts in a fraction of the time the feed itself takes to parse,
// which html-to-text's DOM-and-selectors pass did not (see bench/notices-pipeline.bench.ts).
// Rules: a link is kept once as "text (url)" and only when it is http(s) or mailto; images, scripts,
// styles, forms and embedded objects are dropped with their content; headings and paragraphs become
// plain lines with a blank line between; list items start with "- " (or "1. "), nested lists indent;
// table cells are joined with " | ", one row per line; <br> breaks the line; <pre> keeps its line breaks.
import { Parser } from 'htmlparser2';

/** Elements whose content is never shown. */
const HIDDEN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'title',
  'button',
  'select',
  'textarea',
  'form',
  'canvas',
  'video',
  'audio',
  'picture',
]);
/** Blocks separated from what surrounds them by a blank line. */
const PARAGRAPHS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'dl',
  'table',
  'blockquote',
  'pre',
  'hr',
  'figure',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'address',
  'details',
]);
/** Blocks that start on a line of their own. */
const LINES = new Set(['div', 'li', 'tr', 'dt', 'dd', 'figcaption', 'summary', 'caption']);

const SAFE_LINK = /^(?:https?:\/\/|mailto:)\S+$/i;
/** Input beyond this is not read, output beyond this not written: a notice body is bounded far below both. */
const MAX_INPUT = 200_000;
const MAX_OUTPUT = 40_000;
/** Deeper lists are indented no further (and cannot make the output grow with the square of the depth). */
const MAX_INDENT = 4;

interface List {
  readonly ordered: boolean;
  next: number;
}

export function htmlToText(html: string): string {
  // The output is kept as pieces with counters for its end: reading the end of a string built by
  // += flattens it, which would make the conversion quadratic in the length of the document.
  const pieces: string[] = [];
  let length = 0;
  /** Newlines at the very end of the output, and whether it ends in a space. */
  let trailingNewlines = 0;
  let endsInSpace = false;
  /** Line breaks owed before the next text (0 none, 1 new line, 2 blank line). */
  let owed = 0;
  let hidden = 0;
  let pre = 0;
  const lists: List[] = [];
  const links: { href: string; piece: number }[] = [];
  let cellInRow = 0;

  const owe = (breaks: number): void => {
    owed = Math.max(owed, breaks);
  };
  const append = (text: string): void => {
    pieces.push(text);
    length += text.length;
    let newlines = 0;
    while (newlines < text.length && text.charCodeAt(text.length - 1 - newlines) === 10) newlines += 1;
    trailingNewlines = newlines === text.length ? trailingNewlines + newlines : newlines;
    endsInSpace = text.charCodeAt(text.length - 1) === 32;
  };
  /** No spaces before a line break. Only the last pieces are touched, and pieces are short. */
  const trimTrailingSpaces = (): void => {
    while (pieces.length > 0) {
      const last = pieces[pieces.length - 1]!;
      const trimmed = last.replace(/ +$/, '');
      length -= last.length - trimmed.length;
      if (trimmed !== '') {
        pieces[pieces.length - 1] = trimmed;
        break;
      }
      pieces.pop();
    }
    endsInSpace = false;
    trailingNewlines = 0;
    for (let i = pieces.length - 1; i >= 0; i--) {
      const piece = pieces[i]!;
      let j = piece.length - 1;
      while (j >= 0 && piece.charCodeAt(j) === 10) j -= 1;
      trailingNewlines += piece.length - 1 - j;
      if (j >= 0) break;
    }
  };
  const write = (text: string): void => {
    if (text === '' || length > MAX_OUTPUT) return;
    if (owed > trailingNewlines && length > 0) {
      if (endsInSpace) trimTrailingSpaces();
      if (owed > trailingNewlines) append('\n'.repeat(owed - trailingNewlines));
    }
    owed = 0;
    append(text);
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (hidden > 0 || HIDDEN.has(name)) {
          if (HIDDEN.has(name)) hidden += 1;
          return;
        }
        // A list inside a list item continues it line by line, without a blank line.
        const nestedList = (name === 'ul' || name === 'ol') && lists.length > 0;
        if (PARAGRAPHS.has(name)) owe(nestedList ? 1 : 2);
        else if (LINES.has(name)) owe(1);
        if (name === 'pre') pre += 1;
        else if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', next: 1 });
        else if (name === 'li') {
          const list = lists.at(-1);
          const indent = '  '.repeat(Math.min(MAX_INDENT, Math.max(0, lists.length - 1)));
          write(`${indent}${list?.ordered ? `${list.next++}. ` : '- '}`);
        } else if (name === 'tr') cellInRow = 0;
        else if (name === 'td' || name === 'th') {
          if (cellInRow++ > 0) write(' | ');
        } else if (name === 'br') {
          if (endsInSpace) trimTrailingSpaces();
          if (length <= MAX_OUTPUT) append('\n');
          owed = 0;
        } else if (name === 'a') {
          const href = (attributes.href ?? '').trim();
          links.push({ href: SAFE_LINK.test(href) ? href : '', piece: pieces.length });
        }
      },
      ontext(text) {
        if (hidden > 0) return;
        if (pre > 0) {
          write(text);
          return;
        }
        let collapsed = /[\t\n\r\f]| {2}/.test(text) ? text.replace(/[ \t\n\r\f]+/g, ' ') : text;
        const atLineStart = length === 0 || trailingNewlines > 0 || endsInSpace || owed > 0;
        if (atLineStart && collapsed.charCodeAt(0) === 32) collapsed = collapsed.slice(1);
        write(collapsed);
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) {
          if (hidden > 0) hidden -= 1;
          return;
        }
        if (hidden > 0) return;
        const nestedList = (name === 'ul' || name === 'ol') && lists.length > 1;
        if (PARAGRAPHS.has(name)) owe(nestedList ? 1 : 2);
        else if (LINES.has(name)) owe(1);
        if (name === 'pre') pre = Math.max(0, pre - 1);
        else if (name === 'ul' || name === 'ol') lists.pop();
        else if (name === 'a') {
          const link = links.pop();
          if (!link?.href) return;
          const shown = pieces.slice(link.piece).join('').trim();
          const bare = link.href.replace(/^mailto:/i, '');
          if (shown === '') write(link.href);
          else if (!shown.includes(bare)) write(` (${link.href})`);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html);
  return pieces.join('');
}
