// Renders the neutral reply model as Slack Block Kit: messages (paged when a reply needs more than
// Slack's 50 blocks), modals for forms and the Home tab. Pure functions over plain data; nothing
// here talks to Slack. Every limit in blockkit-limits.ts is respected by construction: long text is
// split (never dropped), labels are cut with "…", and what cannot be a button is shown as text.
import stringWidth from 'string-width';
import type { Block, Form, FormField, Reply, ReplyAction } from '../core/reply.js';
import type { Locale } from '../core/i18n/locale.js';
import {
  ACTIONS_MAX_ELEMENTS,
  BUTTON_TEXT_MAX,
  BUTTON_VALUE_MAX,
  BLOCK_ID_MAX,
  CALLBACK_ID_MAX,
  CONTEXT_TEXT_MAX,
  HEADER_TEXT_MAX,
  INPUT_HINT_MAX,
  INPUT_LABEL_MAX,
  MESSAGE_MAX_BLOCKS,
  MESSAGE_TEXT_MAX,
  MODAL_BUTTON_MAX,
  MODAL_TITLE_MAX,
  OPTION_TEXT_MAX,
  OPTION_VALUE_MAX,
  PLACEHOLDER_MAX,
  PRIVATE_METADATA_MAX,
  SECTION_FIELD_MAX,
  SECTION_MAX_FIELDS,
  SECTION_TEXT_MAX,
  SELECT_MAX_OPTIONS,
  TEXT_INPUT_MAX,
  VIEW_MAX_BLOCKS,
  type PlainText,
  type SlackBlock,
  type SlackButton,
  type SlackHomeView,
  type SlackInputElement,
  type SlackMessage,
  type SlackModalView,
  type SlackOption,
} from './blockkit-limits.js';

/** Buttons carry `ACTION_ID_PREFIX + n`; the value is the command to run. */
export const ACTION_ID_PREFIX = 'tsunagi.command.';
/** The action_id of every modal input element (the block_id is the field name). */
export const MODAL_ACTION_ID = 'value';

export interface BlockKitOptions {
  readonly locale?: Locale;
}

export interface ModalOptions extends BlockKitOptions {
  readonly callbackId: string;
  readonly privateMetadata: string;
}

/** `view.state.values` of a view_submission: block_id → action_id → element state. */
export type ModalStateValues = Record<
  string,
  Record<
    string,
    {
      type: string;
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[];
    }
  >
>;

// ── Text ─────────────────────────────────────────────────────────────────────────────────────────

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const FENCE = '```';
/** A field's bold label is cut here so its value keeps most of the field's 2000. */
const FIELD_LABEL_MAX = 200;
/** A table line never exceeds this, so a header, its rule and one row always fit in a section. */
const TABLE_LINE_MAX = 990;

/** Slack's documented escaping for mrkdwn: only &, < and > are control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ESCAPES[ch] ?? ch);
}

const isBlank = (text: string): boolean => text.trim().length === 0;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Indivisible pieces of `text`: graphemes (code points within a freakishly long one), escaped if asked. */
function pieces(text: string, escape: boolean): string[] {
  const out: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    for (const part of segment.length > 32 ? Array.from(segment) : [segment]) {
      out.push(escape ? escapeMrkdwn(part) : part);
    }
  }
  return out;
}

/** At most `max` UTF-16 units, ending in "…" when cut; never cuts a character or an entity in two. */
function truncate(text: string, max: number, escape = false): string {
  const full = escape ? escapeMrkdwn(text) : text;
  if (full.length <= max) return full;
  let out = '';
  for (const piece of pieces(text, escape)) {
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/**
 * Escapes `text` for mrkdwn and splits it into pieces of at most `max`, at line ends where possible.
 * Joined, the pieces are the escaped text (whitespace-only pieces, which Slack rejects, are dropped).
 */
function splitMrkdwn(text: string, max: number): string[] {
  const list = pieces(text, true);
  const chunks: string[] = [];
  let start = 0;
  while (start < list.length) {
    let end = start;
    let size = 0;
    let lineEnd = -1;
    let content = false;
    while (end < list.length && size + list[end]!.length <= max) {
      const piece = list[end++]!;
      size += piece.length;
      content ||= !isBlank(piece);
      if (content && piece.endsWith('\n')) lineEnd = end;
    }
    if (end < list.length && lineEnd > start) end = lineEnd;
    end = Math.max(end, start + 1);
    chunks.push(list.slice(start, end).join(''));
    start = end;
  }
  return chunks.filter((chunk) => !isBlank(chunk));
}

/** Cut to `width` terminal columns (Japanese counts double), like the text renderer. */
function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const piece of pieces(text, false)) {
    const w = stringWidth(piece);
    if (used + w > width - 1) break;
    out += piece;
    used += w;
  }
  return `${out}…`;
}

const pad = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - stringWidth(text)));
/** A zero-width space between backticks keeps cell text from closing the code block. */
const breakFences = (text: string): string => text.replace(/`(?=`)/g, '`\u200b');

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ── Blocks ───────────────────────────────────────────────────────────────────────────────────────

interface RenderState {
  readonly locale: Locale;
  nextAction: number;
}

const plain = (text: string): PlainText => ({ type: 'plain_text', text, emoji: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const say = (locale: Locale, ja: string, en: string): string => (locale === 'ja' ? ja : en);

function fieldText(label: string, value: string): string {
  const head = oneLine(label) ? `*${truncate(oneLine(label), FIELD_LABEL_MAX, true)}*` : '';
  const body = isBlank(value) ? '' : truncate(value, SECTION_FIELD_MAX - head.length - 1, true);
  return [head, body].filter((part) => part.length > 0).join('\n');
}

function fieldSections(fields: Extract<Block, { type: 'fields' }>['fields']): SlackBlock[] {
  const texts = fields.map((f) => fieldText(f.label, f.value)).filter((text) => text.length > 0);
  return chunk(texts, SECTION_MAX_FIELDS).map((group) => ({
    type: 'section',
    fields: group.map((text) => ({ type: 'mrkdwn', text })),
  }));
}

function listText(block: Extract<Block, { type: 'list' }>): string {
  const lines = block.title && oneLine(block.title) ? [`*${oneLine(block.title)}*`] : [];
  for (const item of block.items) {
    const [first = '', ...more] = item.split('\n');
    lines.push(`• ${first}`, ...more.map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

function tableSections(columns: readonly string[], rows: readonly (readonly string[])[]): SlackBlock[] {
  const count = rows.reduce((n, row) => Math.max(n, row.length), columns.length);
  if (count === 0) return [];
  const maxCell = Math.max(12, Math.floor(120 / count));
  const grid = [columns, ...rows].map((row) =>
    Array.from({ length: count }, (_, i) => fitWidth(breakFences(oneLine(row[i] ?? '')), maxCell)),
  );
  const widths = Array.from({ length: count }, (_, i) =>
    grid.reduce((w, row) => Math.max(w, stringWidth(row[i]!)), 0),
  );
  const line = (row: readonly string[]): string =>
    truncate(
      row
        .map((cell, i) => pad(cell, widths[i]!))
        .join('  ')
        .trimEnd(),
      TABLE_LINE_MAX,
      true,
    );
  const head = columns.length > 0 ? [line(grid[0]!), line(widths.map((w) => '-'.repeat(w)))] : [];
  const room = SECTION_TEXT_MAX - 2 * (FENCE.length + 1);
  const sections: string[][] = [];
  let current = [...head];
  let size = head.join('\n').length;
  let rowsInCurrent = 0;
  for (const row of grid.slice(1).map(line)) {
    if (rowsInCurrent > 0 && size + 1 + row.length > room) {
      sections.push(current);
      [current, size, rowsInCurrent] = [[...head], head.join('\n').length, 0];
    }
    size += (current.length > 0 ? 1 : 0) + row.length;
    current.push(row);
    rowsInCurrent++;
  }
  if (rowsInCurrent > 0 || sections.length === 0) sections.push(current);
  return sections.map((lines) => section(`${FENCE}\n${lines.join('\n')}\n${FENCE}`));
}

function actionBlocks(actions: readonly ReplyAction[], state: RenderState): SlackBlock[] {
  const buttons: SlackButton[] = [];
  const typed: SlackBlock[] = [];
  for (const action of actions) {
    const label = oneLine(action.label) || oneLine(action.command);
    if (!label) continue;
    if (action.command.length > BUTTON_VALUE_MAX) {
      // Too long to ride on a button: show it to be typed instead, so nothing is silently lost.
      const intro = say(state.locale, '次のコマンドを入力してください', 'Type this command');
      typed.push(...splitMrkdwn(`${intro} (${label}):\n${action.command}`, SECTION_TEXT_MAX).map(section));
      continue;
    }
    buttons.push({
      type: 'button',
      text: plain(truncate(label, BUTTON_TEXT_MAX)),
      action_id: `${ACTION_ID_PREFIX}${state.nextAction++}`,
      ...(action.command ? { value: action.command } : {}),
      ...(action.style ? { style: action.style } : {}),
    });
  }
  const rows = chunk(buttons, ACTIONS_MAX_ELEMENTS).map((elements): SlackBlock => ({
    type: 'actions',
    elements,
  }));
  return [...rows, ...typed];
}

function renderBlock(block: Block, state: RenderState): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return oneLine(block.text)
        ? [{ type: 'header', text: plain(truncate(oneLine(block.text), HEADER_TEXT_MAX)) }]
        : [];
    case 'text':
      return splitMrkdwn(block.text, SECTION_TEXT_MAX).map(section);
    case 'fields':
      return fieldSections(block.fields);
    case 'list':
      return splitMrkdwn(listText(block), SECTION_TEXT_MAX).map(section);
    case 'table':
      return tableSections(block.columns, block.rows);
    case 'context':
      return isBlank(block.text) ? [] : [context(truncate(block.text, CONTEXT_TEXT_MAX, true))];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return actionBlocks(block.actions, state);
  }
}

function renderBlocks(reply: Reply, state: RenderState): SlackBlock[] {
  const blocks = reply.blocks.flatMap((block) => renderBlock(block, state));
  return blocks.length > 0 ? blocks : splitMrkdwn(reply.summary, SECTION_TEXT_MAX).map(section);
}

/** The notification text: the summary, or failing that the first text the reply shows. */
function fallbackText(reply: Reply, suffix: string): string {
  const texts = reply.blocks.map((b) => ('text' in b ? b.text : ''));
  const source = [reply.summary, ...texts].find((text) => !isBlank(text)) ?? '…';
  return truncate(source, MESSAGE_TEXT_MAX - suffix.length, true) + suffix;
}

// ── Surfaces ─────────────────────────────────────────────────────────────────────────────────────

/**
 * One Slack message for a reply, or several when it needs more than 50 blocks; each page then ends
 * with a context marker such as "(1/3)" so readers see that it continues.
 */
export function renderMessages(reply: Reply, options: BlockKitOptions = {}): SlackMessage[] {
  const locale = options.locale ?? 'ja';
  const blocks = renderBlocks(reply, { locale, nextAction: 0 });
  if (blocks.length <= MESSAGE_MAX_BLOCKS) return [{ text: fallbackText(reply, ''), blocks }];
  const pages = chunk(blocks, MESSAGE_MAX_BLOCKS - 1);
  return pages.map((page, i) => {
    const marker = say(locale, `（${i + 1}/${pages.length}）`, `(${i + 1}/${pages.length})`);
    return { text: fallbackText(reply, ` ${marker}`), blocks: [...page, context(marker)] };
  });
}

/** The Home tab: the replies one after another, divided, cut at Slack's 100 blocks with a count. */
export function renderHomeView(replies: readonly Reply[], options: BlockKitOptions = {}): SlackHomeView {
  const state: RenderState = { locale: options.locale ?? 'ja', nextAction: 0 };
  const blocks: SlackBlock[] = [];
  for (const reply of replies) {
    const rendered = renderBlocks(reply, state);
    if (blocks.length > 0 && rendered.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...rendered);
  }
  if (blocks.length <= VIEW_MAX_BLOCKS) return { type: 'home', blocks };
  const kept = blocks.slice(0, VIEW_MAX_BLOCKS - 1);
  return { type: 'home', blocks: [...kept, context(`… (+${blocks.length - kept.length})`)] };
}

function option(o: { readonly value: string; readonly label: string }): SlackOption {
  if (isBlank(o.value) || o.value.length > OPTION_VALUE_MAX) {
    throw new Error(`renderModal: option value must be 1–${OPTION_VALUE_MAX} characters: ${o.value}`);
  }
  return { text: plain(truncate(oneLine(o.label) || o.value, OPTION_TEXT_MAX)), value: o.value };
}

function inputElement(field: FormField): SlackInputElement {
  const placeholder =
    field.placeholder && !isBlank(field.placeholder)
      ? { placeholder: plain(truncate(oneLine(field.placeholder), PLACEHOLDER_MAX)) }
      : {};
  const initials = typeof field.initial === 'string' ? [field.initial] : (field.initial ?? []);
  const menu = field.kind === 'choice' || field.kind === 'multichoice';
  const options = menu ? (field.options ?? []).slice(0, SELECT_MAX_OPTIONS).map(option) : [];
  if (field.kind === 'choice' && options.length > 0) {
    const initial = options.find((o) => initials.includes(o.value));
    return {
      type: 'static_select',
      action_id: MODAL_ACTION_ID,
      options,
      ...(initial ? { initial_option: initial } : {}),
      ...placeholder,
    };
  }
  if (field.kind === 'multichoice' && options.length > 0) {
    const initial = options.filter((o) => initials.includes(o.value));
    return {
      type: 'multi_static_select',
      action_id: MODAL_ACTION_ID,
      options,
      ...(initial.length > 0 ? { initial_options: initial } : {}),
      ...placeholder,
    };
  }
  // Free text, or a choice without options (Slack rejects an empty menu): ask for it as text.
  return {
    type: 'plain_text_input',
    action_id: MODAL_ACTION_ID,
    ...(field.kind === 'textarea' ? { multiline: true } : {}),
    ...(typeof field.initial === 'string' && field.initial
      ? { initial_value: truncate(field.initial, TEXT_INPUT_MAX) }
      : {}),
    ...placeholder,
  };
}

function inputBlock(field: FormField, locale: Locale): SlackBlock {
  const total = field.options?.length ?? 0;
  const menu = field.kind === 'choice' || field.kind === 'multichoice';
  const note =
    menu && total > SELECT_MAX_OPTIONS
      ? say(
          locale,
          `（全${total}件のうち先頭${SELECT_MAX_OPTIONS}件を表示）`,
          `(first ${SELECT_MAX_OPTIONS} of ${total} options shown)`,
        )
      : '';
  const own =
    field.hint && !isBlank(field.hint) ? truncate(field.hint, INPUT_HINT_MAX - note.length - 1) : '';
  const hint = [own, note].filter((part) => part.length > 0).join(' ');
  return {
    type: 'input',
    block_id: field.name,
    label: plain(truncate(oneLine(field.label) || field.name, INPUT_LABEL_MAX)),
    element: inputElement(field),
    optional: !field.required,
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

function assertModalInputs(form: Form, options: ModalOptions): void {
  const fail = (problem: string): never => {
    throw new Error(`renderModal: ${problem}`);
  };
  if (options.privateMetadata.length > PRIVATE_METADATA_MAX) {
    fail(
      `private_metadata is ${options.privateMetadata.length} characters; Slack allows ${PRIVATE_METADATA_MAX}`,
    );
  }
  if (!options.callbackId || options.callbackId.length > CALLBACK_ID_MAX) {
    fail(`callback_id must be 1–${CALLBACK_ID_MAX} characters`);
  }
  if (form.fields.length > VIEW_MAX_BLOCKS)
    fail(`${form.fields.length} fields; a modal holds ${VIEW_MAX_BLOCKS}`);
  const names = new Set<string>();
  for (const { name } of form.fields) {
    if (!name || name.length > BLOCK_ID_MAX || names.has(name))
      fail(`field name ${name} is empty, too long or repeated`);
    names.add(name);
  }
}

/** A Slack modal for a form: one input block per field (block_id = field name). */
export function renderModal(form: Form, options: ModalOptions): SlackModalView {
  assertModalInputs(form, options);
  const locale = options.locale ?? 'ja';
  return {
    type: 'modal',
    callback_id: options.callbackId,
    private_metadata: options.privateMetadata,
    title: plain(truncate(oneLine(form.title) || say(locale, 'フォーム', 'Form'), MODAL_TITLE_MAX)),
    submit: plain(truncate(oneLine(form.submitLabel) || say(locale, '送信', 'Submit'), MODAL_BUTTON_MAX)),
    close: plain(say(locale, '閉じる', 'Close')),
    blocks: form.fields.map((field) => inputBlock(field, locale)),
  };
}

/** The answers of a submitted modal by field name; empty answers are left out. */
export function readModalValues(
  form: Form,
  stateValues: ModalStateValues,
): Record<string, string | string[]> {
  const entries: [string, string | string[]][] = [];
  for (const field of form.fields) {
    const actions = Object.hasOwn(stateValues, field.name) ? stateValues[field.name] : undefined;
    if (!actions) continue;
    const state = Object.hasOwn(actions, MODAL_ACTION_ID)
      ? actions[MODAL_ACTION_ID]
      : Object.values(actions)[0];
    if (!state) continue;
    const values = (
      state.selected_options?.map((o) => o.value) ??
      (state.selected_option
        ? [state.selected_option.value]
        : typeof state.value === 'string'
          ? [state.value]
          : [])
    ).filter((value) => !isBlank(value));
    if (values.length === 0) continue;
    entries.push([field.name, field.kind === 'multichoice' ? values : values[0]!]);
  }
  return Object.fromEntries(entries);
}
