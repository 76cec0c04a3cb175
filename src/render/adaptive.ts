// Renders the neutral reply model as Adaptive Cards 1.5 for Microsoft Teams: a card for a reply, a
// card for a form, and the answers of a submitted form. Pure functions over plain data; nothing
// here talks to Teams. User text is escaped for the markdown subset TextBlocks render, buttons are
// Universal Actions (Action.Execute) with an Action.Submit fallback, and every card stays under
// CARD_MAX_BYTES: the longest texts are cut first, then trailing elements give way to a marker.
import { Buffer } from 'node:buffer';
import type { Block, Form, FormField, Reply, ReplyAction, Tone } from '../core/reply.js';
import type { Locale } from '../core/i18n/locale.js';
import type {
  ActionSet,
  AdaptiveCard,
  CardAction,
  CardElement,
  Choice,
  ChoiceSetInput,
  CommandData,
  Fact,
  FormSubmitData,
  SubmitData,
  Table,
  TableCell,
  TextBlock,
  TextColor,
  TextInput,
} from './adaptive-types.js';

export type { AdaptiveCard, CardAction, CardElement } from './adaptive-types.js';

/** The verb of every command button; its data is `{ command }`. */
export const COMMAND_VERB = 'tsunagi.command';
/** The verb of a form's submit; its data is `{ tsunagiForm }` merged with the inputs. */
export const FORM_VERB = 'tsunagi.form';
/**
 * Most UTF-8 bytes of a rendered card's JSON. Teams refuses messages above about 28 KB where it
 * posts them for the Teams connector (https://learn.microsoft.com/connectors/teams/), and the
 * activity around the card needs some room too. Bot messages may be larger, counted in UTF-16
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages: keep
 * them within 80 KB); 25,000 UTF-8 bytes are at most 50,000 in UTF-16, so both hold.
 */
export const CARD_MAX_BYTES = 25_000;

/** Most characters of one TextBlock; beyond this a wall of text helps no one, and it is cut with "…". */
const TEXT_MAX = 5000;
const HEADER_MAX = 300;
const CONTEXT_MAX = 2000;
const FACT_TITLE_MAX = 200;
const FACT_VALUE_MAX = 2000;
const CELL_MAX = 1000;
/** Rows per Table element (the header is repeated), so a long table can be cut short by rows. */
const TABLE_ROWS_MAX = 20;
const ACTION_TITLE_MAX = 100;
/**
 * A command rides on a button twice (Action.Execute and its fallback). Longer ones are shown to be
 * typed instead, which also bounds the card-level actions that the size cap never drops.
 */
const COMMAND_MAX_BYTES = 1000;
/**
 * The default host config of the official renderer (and Teams on mobile) shows five actions per
 * set; more are split into further sets rather than hidden.
 */
const ACTIONS_PER_SET = 5;
const LABEL_MAX = 200;
const PLACEHOLDER_MAX = 150;
const HINT_MAX = 500;
const INPUT_VALUE_MAX = 3000;
/** As many as a Slack menu shows, so a form means the same on both platforms. */
const CHOICES_MAX = 100;
/** The packed form metadata, in JSON bytes; it rides on the submit twice. */
const FORM_METADATA_MAX_BYTES = 4000;
/** The size cap never cuts a text below this many JSON bytes; it drops elements instead. */
const SHRINK_FLOOR_BYTES = 300;
/** Keys of the submit data that Teams merges the inputs into; a field of that name would clobber them. */
const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(['tsunagi', 'tsunagiForm']);

export interface AdaptiveOptions {
  readonly locale?: Locale;
}

export interface FormCardOptions extends AdaptiveOptions {
  /** packFormMetadata(form, channel): returned untouched with the answers. */
  readonly metadata: string;
}

// ── Text ─────────────────────────────────────────────────────────────────────────────────────────

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const NBSP = '\u00a0';
const isBlank = (text: string): boolean => text.trim().length === 0;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const say = (locale: Locale, ja: string, en: string): string => (locale === 'ja' ? ja : en);
/** How many bytes `value` adds to the card's JSON (for a string: without its quotes). */
const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const stringBytes = (text: string): number => jsonBytes(text) - 2;

/**
 * Characters that may join a neighbour into one grapheme, or that are not known not to: all but
 * ASCII (without CR), Latin-1 and Latin extended, common punctuation, kana and CJK ideographs
 * without their combining marks. Text without them is one grapheme per UTF-16 unit; segmenting is
 * slow (microseconds a character), and most of what a card shows is such text.
 */
const MAY_JOIN =
  /[\r\x7f-\u009f\u02ff-\u200f\u2028-\u202f\u205f-\u2fff\u3029-\u302f\u3099\u309a\u3100-\u4dff\ua000-\uff00\uff9e-\uffff]/;

/**
 * Indivisible pieces of rendered text: graphemes (code points within a freakishly long one), with
 * a backslash kept together with what it escapes so that a cut never changes what is shown.
 */
function units(text: string): string[] {
  const out: string[] = [];
  const segments = !MAY_JOIN.test(text) ? text : Array.from(graphemes.segment(text), (s) => s.segment);
  for (const segment of segments) {
    for (const part of segment.length > 32 ? Array.from(segment) : [segment]) {
      if (out.length > 0 && out[out.length - 1] === '\\') out[out.length - 1] += part;
      else out.push(part);
    }
  }
  return out;
}

/**
 * At most `max` by `cost` (characters unless told), ending in "…" when cut. A cost is never less
 * than a unit's length, so only a prefix of the text needs segmenting (which is slow): with some
 * slack, so that the units taken are whole.
 */
function cut(text: string, max: number, cost: (unit: string) => number = (unit) => unit.length): string {
  if (cost(text) <= max) return text;
  const room = max - cost('…');
  let out = '';
  let used = 0;
  for (const unit of units(text.slice(0, Math.max(0, room) + 100))) {
    const size = cost(unit);
    if (used + size > room) break;
    out += unit;
    used += size;
  }
  return `${out}…`;
}

/**
 * Escapes one line for the TextBlock markdown subset (bold, italic, lists, links; CommonMark rules):
 * emphasis and link brackets anywhere, a list marker at the start, and a backslash where it would
 * otherwise escape something (so `C:\Users` stays free of doubled backslashes). Leading spaces
 * become no-break spaces: they keep the indentation and cannot start a code block.
 */
function escapeLine(line: string): string {
  const body = line
    .replace(/\\(?=[!-/:-@[-`{-~]|$)|[*_[\]]/g, (ch) => `\\${ch}`)
    .replace(/^([ \t]*)([-+])/, '$1\\$2')
    .replace(/^([ \t]*\d{1,9})([.)])/, '$1\\$2')
    // The host expands {{DATE(…)}} and {{TIME(…)}} before markdown; a zero-width space stops it.
    .replace(/\{\{(?=(?:DATE|TIME)\()/g, '{\u200b{');
  return body.replace(/^[ \t]+/, (space) => NBSP.repeat(space.length));
}

/**
 * Plain text as TextBlock markdown that shows it literally. A single newline is only a soft break
 * in markdown, so every line break becomes a paragraph break ("\n\n"), which Teams shows as a
 * plain line break.
 */
export function escapeCardMarkdown(text: string): string {
  return markdownLines(text).join('\n\n');
}

function markdownLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeLine(line.trimEnd()));
}

const markdown = (text: string, max: number): string => cut(escapeCardMarkdown(text.trim()), max);

// ── Elements ─────────────────────────────────────────────────────────────────────────────────────

interface RenderState {
  readonly locale: Locale;
  readonly tone: Tone;
  /** A divider was seen: the next element draws the line. */
  separator: boolean;
}

const TONE_COLOR: Readonly<Record<Tone, TextColor | undefined>> = {
  info: undefined,
  success: 'Good',
  warning: 'Warning',
  danger: 'Attention',
};

const textBlock = (text: string, style: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...style,
});
const small = (text: string): TextBlock => textBlock(text, { size: 'Small', isSubtle: true });

function headerBlock(text: string, tone: Tone): TextBlock[] {
  const line = oneLine(text);
  if (!line) return [];
  const color = TONE_COLOR[tone];
  return [
    textBlock(markdown(line, HEADER_MAX), { size: 'Large', weight: 'Bolder', ...(color ? { color } : {}) }),
  ];
}

function factSet(fields: Extract<Block, { type: 'fields' }>['fields']): CardElement[] {
  const facts: Fact[] = fields
    .filter((f) => !isBlank(f.label) || !isBlank(f.value))
    .map((f) => ({
      title: markdown(oneLine(f.label), FACT_TITLE_MAX),
      value: markdown(f.value, FACT_VALUE_MAX),
    }));
  return facts.length > 0 ? [{ type: 'FactSet', facts }] : [];
}

/**
 * A list is one TextBlock of "• item" lines rather than a TextBlock per item or a markdown list:
 * one element keeps the items as tight as lines of text (separate elements each get the host's
 * spacing and cost bytes), and a literal bullet looks the same on desktop and mobile, where
 * markdown lists are indented differently. An item's further lines are indented under its text.
 */
function listBlocks(block: Extract<Block, { type: 'list' }>): TextBlock[] {
  const title = block.title ? oneLine(block.title) : '';
  const lines: string[] = [];
  for (const item of block.items) {
    if (isBlank(item)) continue;
    const [first = '', ...more] = markdownLines(item.trim());
    lines.push(`• ${first}`, ...more.map((line) => NBSP.repeat(4) + line));
  }
  const head = title ? [textBlock(markdown(title, HEADER_MAX), { weight: 'Bolder' })] : [];
  if (lines.length === 0) return head;
  const items = textBlock(cut(lines.join('\n\n'), TEXT_MAX), head.length > 0 ? { spacing: 'Small' } : {});
  return [...head, items];
}

const cell = (text: string): TableCell => ({
  type: 'TableCell',
  items: isBlank(text) ? [] : [textBlock(markdown(text, CELL_MAX))],
});

/** Tables of at most TABLE_ROWS_MAX rows, each repeating the header row, in equal-width columns. */
function tables(columns: readonly string[], rows: readonly (readonly string[])[]): Table[] {
  const count = rows.reduce((n, row) => Math.max(n, row.length), columns.length);
  if (count === 0) return [];
  const row = (texts: readonly string[]) => ({
    type: 'TableRow' as const,
    cells: Array.from({ length: count }, (_, i) => cell(texts[i] ?? '')),
  });
  const header = columns.length > 0 ? [row(columns)] : [];
  const table = (body: readonly (readonly string[])[]): Table => ({
    type: 'Table',
    columns: Array.from({ length: count }, () => ({ width: 1 })),
    rows: [...header, ...body.map(row)],
    firstRowAsHeader: header.length > 0,
  });
  if (rows.length === 0) return [table([])];
  return chunk(rows, TABLE_ROWS_MAX).map(table);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An Action.Execute with the Action.Submit fallback that clients without Universal Actions use. */
function executeAction(
  title: string,
  verb: string,
  data: CommandData | FormSubmitData,
  fallbackData: SubmitData,
  extra: Pick<CardAction, 'style' | 'associatedInputs'> = {},
): CardAction {
  const inputs = extra.associatedInputs ? { associatedInputs: extra.associatedInputs } : {};
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...extra,
    fallback: { type: 'Action.Submit', title, data: fallbackData, ...inputs },
  };
}

const ACTION_STYLE = { primary: 'positive', danger: 'destructive' } as const;

function commandAction(action: ReplyAction, label: string): CardAction {
  // An ellipsis on a button that asks for more before it runs, as menus and the terminal do.
  const title = action.needsInput ? `${cut(label, ACTION_TITLE_MAX - 1)}…` : cut(label, ACTION_TITLE_MAX);
  const { command } = action;
  return executeAction(
    title,
    COMMAND_VERB,
    { command },
    { tsunagi: 'command', command },
    action.style ? { style: ACTION_STYLE[action.style] } : {},
  );
}

function actionElements(actions: readonly ReplyAction[], locale: Locale): CardElement[] {
  const buttons: CardAction[] = [];
  const typed: TextBlock[] = [];
  for (const action of actions) {
    const label = oneLine(action.label) || oneLine(action.command);
    if (!label) continue;
    if (stringBytes(action.command) > COMMAND_MAX_BYTES) {
      // Too long to ride on a button: show it to be typed instead, so nothing is silently lost.
      const intro = say(locale, '次のコマンドを入力してください', 'Type this command');
      typed.push(textBlock(markdown(`${intro} (${label}):\n${action.command}`, TEXT_MAX)));
      continue;
    }
    buttons.push(commandAction(action, label));
  }
  const sets = chunk(buttons, ACTIONS_PER_SET).map((set): ActionSet => ({ type: 'ActionSet', actions: set }));
  return [...sets, ...typed];
}

function renderBlock(block: Block, state: RenderState): CardElement[] {
  switch (block.type) {
    case 'header':
      return headerBlock(block.text, state.tone);
    case 'text':
      return isBlank(block.text) ? [] : [textBlock(markdown(block.text, TEXT_MAX))];
    case 'fields':
      return factSet(block.fields);
    case 'list':
      return listBlocks(block);
    case 'table':
      return tables(block.columns, block.rows);
    case 'context':
      return isBlank(block.text) ? [] : [small(markdown(block.text, CONTEXT_MAX))];
    case 'divider':
      state.separator = true;
      return [];
    case 'actions':
      return actionElements(block.actions, state.locale);
  }
}

function renderBody(reply: Reply, state: RenderState): CardElement[] {
  const body: CardElement[] = [];
  for (const block of reply.blocks) {
    const elements = renderBlock(block, state);
    const [first] = elements;
    if (first && state.separator) {
      first.separator = true;
      state.separator = false;
    }
    body.push(...elements);
  }
  return body;
}

// ── Size ─────────────────────────────────────────────────────────────────────────────────────────

/** A text of the card the size cap may shorten. */
interface Slot {
  readonly text: string;
  readonly write: (text: string) => void;
}

function slot<K extends string>(holder: Record<K, string>, key: K): Slot {
  return {
    text: holder[key],
    write: (text) => {
      holder[key] = text;
    },
  };
}

/** The texts of an element that can be shortened without changing what pressing or submitting does. */
function slots(element: CardElement): Slot[] {
  switch (element.type) {
    case 'TextBlock':
      return [slot(element, 'text')];
    case 'FactSet':
      return element.facts.flatMap((fact) => [slot(fact, 'title'), slot(fact, 'value')]);
    case 'Table':
      return element.rows.flatMap((row) => row.cells.flatMap((c) => c.items.map((t) => slot(t, 'text'))));
    case 'ActionSet':
      return [];
    case 'Input.Text':
    case 'Input.ChoiceSet': {
      const own = [slot(element, 'label')];
      const choices = element.type === 'Input.ChoiceSet' ? element.choices.map((c) => slot(c, 'title')) : [];
      return [...own, ...choices];
    }
  }
}

/**
 * The largest per-text budget (in JSON bytes) under which the card fits: texts longer than the
 * budget are cut to it, shorter ones stay whole, so the longest texts give way first.
 */
function textBudget(sizes: readonly number[], fixed: number, max: number): number {
  const sorted = [...sizes].sort((a, b) => b - a);
  let rest = sorted.reduce((sum, size) => sum + size, 0);
  for (let k = 1; k <= sorted.length; k++) {
    rest -= sorted[k - 1]!;
    const budget = Math.floor((max - fixed - rest) / k);
    if (budget >= (sorted[k] ?? 0)) return budget;
  }
  return 0;
}

function shrinkTexts(card: AdaptiveCard): void {
  const all = card.body.flatMap(slots);
  const sizes = all.map((s) => stringBytes(s.text));
  const fixed = jsonBytes(card) - sizes.reduce((sum, size) => sum + size, 0);
  const budget = Math.max(SHRINK_FLOOR_BYTES, textBudget(sizes, fixed, CARD_MAX_BYTES));
  all.forEach((s, i) => {
    if (sizes[i]! > budget) s.write(cut(s.text, budget, stringBytes));
  });
}

const marker = (dropped: number): TextBlock => small(`… (+${dropped})`);

/** How many leading body elements fit together with a marker counting the rest. */
function elementsThatFit(card: AdaptiveCard): number {
  let size = jsonBytes(card);
  // Each element costs its JSON and a comma (one too many for the first: on the safe side).
  const sizes = card.body.map((element) => jsonBytes(element) + 1);
  let kept = card.body.length;
  const fits = (): boolean => size + jsonBytes(marker(card.body.length - kept)) + 1 <= CARD_MAX_BYTES;
  while (kept > 0 && !fits()) size -= sizes[--kept]!;
  return kept;
}

/**
 * Holds the card under CARD_MAX_BYTES, never by failing. First the longest texts are cut, but not
 * below SHRINK_FLOOR_BYTES; when that is not enough, trailing body elements give way to a marker
 * "… (+n)", and the elements kept are cut again from their full texts, now with more room each.
 * Card-level actions are always kept: their size is bounded by construction (ACTIONS_PER_SET,
 * ACTION_TITLE_MAX, COMMAND_MAX_BYTES, FORM_METADATA_MAX_BYTES), far below the cap.
 */
function fitCard(card: AdaptiveCard): AdaptiveCard {
  if (jsonBytes(card) <= CARD_MAX_BYTES) return card;
  const full = structuredClone(card.body);
  shrinkTexts(card);
  if (jsonBytes(card) <= CARD_MAX_BYTES) return card;
  const kept = elementsThatFit(card);
  card.body = [...full.slice(0, kept), marker(full.length - kept)];
  // Cut to the floor, these elements fitted; the budget is now at least the floor, so they still do.
  shrinkTexts(card);
  return card;
}

function card(body: CardElement[], actions: CardAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

// ── Cards ────────────────────────────────────────────────────────────────────────────────────────

/**
 * An Adaptive Card for a reply. Buttons of the last block become the card's own actions (shown at
 * its foot, kept by the size cap); buttons elsewhere, or after a divider, stay ActionSets in place.
 * A reply that shows nothing else shows its summary.
 */
export function renderCard(reply: Reply, options: AdaptiveOptions = {}): AdaptiveCard {
  const state: RenderState = { locale: options.locale ?? 'ja', tone: reply.tone, separator: false };
  const body = renderBody(reply, state);
  const last = body[body.length - 1];
  // A divider above the buttons is a line only a body element can draw, so those stay in the body.
  const lift = last?.type === 'ActionSet' && !last.separator;
  if (lift) body.pop();
  const actions = lift ? last.actions : [];
  if (body.length === 0)
    body.push(textBlock(isBlank(reply.summary) ? '…' : markdown(reply.summary, TEXT_MAX)));
  return fitCard(card(body, actions));
}

function assertFormInputs(form: Form, options: FormCardOptions): void {
  const fail = (problem: string): never => {
    throw new Error(`renderFormCard: ${problem}`);
  };
  if (stringBytes(options.metadata) > FORM_METADATA_MAX_BYTES) {
    fail(`metadata is ${stringBytes(options.metadata)} bytes; a card carries ${FORM_METADATA_MAX_BYTES}`);
  }
  const names = new Set<string>();
  for (const field of form.fields) {
    if (isBlank(field.name) || names.has(field.name) || RESERVED_FIELD_NAMES.has(field.name)) {
      fail(`field name ${field.name} is empty, repeated or reserved`);
    }
    names.add(field.name);
    for (const { value } of field.options ?? []) {
      if (isBlank(value)) fail(`field ${field.name} has an empty option value`);
      // Teams returns a multi-select as the values joined with ",", so a comma cannot be told apart.
      if (field.kind === 'multichoice' && value.includes(',')) {
        fail(`multichoice option value ${value} contains ","`);
      }
    }
  }
}

const initials = (field: FormField): readonly string[] =>
  typeof field.initial === 'string' ? [field.initial] : (field.initial ?? []);

function input(field: FormField, locale: Locale): TextInput | ChoiceSetInput {
  const label = cut(oneLine(field.label) || field.name, LABEL_MAX);
  const placeholder =
    field.placeholder && !isBlank(field.placeholder)
      ? { placeholder: cut(oneLine(field.placeholder), PLACEHOLDER_MAX) }
      : {};
  const required = field.required
    ? {
        isRequired: true as const,
        errorMessage: say(locale, `「${cut(label, 100)}」は必須です`, `${cut(label, 100)} is required`),
      }
    : {};
  const base = { id: field.name, label, ...required, ...placeholder };
  const options = field.kind === 'choice' || field.kind === 'multichoice' ? (field.options ?? []) : [];
  if (options.length > 0) {
    const choices: Choice[] = options
      .slice(0, CHOICES_MAX)
      .map((o) => ({ title: cut(oneLine(o.label) || o.value, LABEL_MAX), value: o.value }));
    const chosen = choices.map((c) => c.value).filter((value) => initials(field).includes(value));
    const multi = field.kind === 'multichoice';
    const value = multi ? chosen.join(',') : (chosen[0] ?? '');
    return {
      type: 'Input.ChoiceSet',
      ...base,
      style: 'compact',
      ...(multi ? { isMultiSelect: true as const } : {}),
      choices,
      ...(value ? { value } : {}),
    };
  }
  // Free text, or a choice without options (an empty ChoiceSet is invalid): ask for it as text.
  const initial = typeof field.initial === 'string' && field.initial ? field.initial : '';
  return {
    type: 'Input.Text',
    ...base,
    ...(field.kind === 'textarea' ? { isMultiline: true as const } : {}),
    ...(initial ? { value: cut(initial, INPUT_VALUE_MAX) } : {}),
  };
}

function hintBlock(field: FormField, locale: Locale): TextBlock[] {
  const total = field.kind === 'choice' || field.kind === 'multichoice' ? (field.options?.length ?? 0) : 0;
  const note =
    total > CHOICES_MAX
      ? say(
          locale,
          `（全${total}件のうち先頭${CHOICES_MAX}件を表示）`,
          `(first ${CHOICES_MAX} of ${total} options shown)`,
        )
      : '';
  const hint = [field.hint && !isBlank(field.hint) ? cut(field.hint.trim(), HINT_MAX) : '', note]
    .filter((part) => part.length > 0)
    .join(' ');
  return hint ? [{ ...small(escapeCardMarkdown(hint)), spacing: 'Small' }] : [];
}

/**
 * An Adaptive Card for a form: a title, one input per field (id = field name) with its hint below,
 * and a submit that sends the inputs with the packed form metadata.
 */
export function renderFormCard(form: Form, options: FormCardOptions): AdaptiveCard {
  assertFormInputs(form, options);
  const locale = options.locale ?? 'ja';
  const title = oneLine(form.title) || say(locale, 'フォーム', 'Form');
  const body: CardElement[] = [
    textBlock(markdown(title, HEADER_MAX), { size: 'Large', weight: 'Bolder' }),
    ...form.fields.flatMap((field) => [input(field, locale), ...hintBlock(field, locale)]),
  ];
  const submit = executeAction(
    cut(oneLine(form.submitLabel) || say(locale, '送信', 'Submit'), ACTION_TITLE_MAX),
    FORM_VERB,
    { tsunagiForm: options.metadata },
    { tsunagi: 'form', tsunagiForm: options.metadata },
    { associatedInputs: 'auto' },
  );
  return fitCard(card(body, [submit]));
}

/**
 * The answers of a submitted form card by field name, from the data Teams sends back (the submit
 * data with every input merged in as a string; a multi-select as its values joined with ",").
 * Empty answers, and keys that are not fields, are left out.
 */
export function readFormValues(form: Form, data: Record<string, unknown>): Record<string, string | string[]> {
  const entries: [string, string | string[]][] = [];
  for (const field of form.fields) {
    const raw = Object.hasOwn(data, field.name) ? data[field.name] : undefined;
    const list: unknown[] = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    const given = list.filter((value): value is string => typeof value === 'string');
    if (field.kind === 'multichoice') {
      const values = given.flatMap((value) => value.split(',')).filter((value) => !isBlank(value));
      if (values.length > 0) entries.push([field.name, values]);
    } else {
      const value = given.find((v) => !isBlank(v));
      if (value !== undefined) entries.push([field.name, value]);
    }
  }
  return Object.fromEntries(entries);
}
