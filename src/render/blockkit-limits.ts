// Slack Block Kit: the small subset of types the Block Kit renderer produces, the documented limits
// as named constants, and checkers that list every violation in a message or view. The checkers
// are the renderer's safety net in tests: whatever a reply contains, Slack must accept the result.
//
// Lengths are counted in UTF-16 code units (String#length). That is never less than the number of
// characters Slack counts, so staying within it is the conservative choice.

// ── Limits ───────────────────────────────────────────────────────────────────────────────────────

/** https://docs.slack.dev/reference/block-kit/blocks — "up to 50 blocks in each message". */
export const MESSAGE_MAX_BLOCKS = 50;
/** https://docs.slack.dev/reference/block-kit/blocks — "100 blocks in modals or Home tabs";
 * also https://docs.slack.dev/reference/views/modal-views and .../home-tab-views ("Max of 100 blocks"). */
export const VIEW_MAX_BLOCKS = 100;
/** https://docs.slack.dev/reference/block-kit/blocks/header-block — text "Maximum length … is 150". */
export const HEADER_TEXT_MAX = 150;
/** https://docs.slack.dev/reference/block-kit/blocks/section-block — text "minimum 1 … maximum 3000". */
export const SECTION_TEXT_MAX = 3000;
/** https://docs.slack.dev/reference/block-kit/blocks/section-block — fields "Maximum number of items is 10". */
export const SECTION_MAX_FIELDS = 10;
/** https://docs.slack.dev/reference/block-kit/blocks/section-block — "each item is 2000 characters". */
export const SECTION_FIELD_MAX = 2000;
/** https://docs.slack.dev/reference/block-kit/blocks/context-block — elements "Maximum number of items is 10". */
export const CONTEXT_MAX_ELEMENTS = 10;
/**
 * Project cap for one context element. Slack's text object allows 3000
 * (https://docs.slack.dev/reference/block-kit/composition-objects/text-object); context lines are
 * small print, so Tsunagi keeps them to 2000.
 */
export const CONTEXT_TEXT_MAX = 2000;
/** https://docs.slack.dev/reference/block-kit/composition-objects/text-object — "maximum length is 3000". */
export const TEXT_OBJECT_MAX = 3000;
/** https://docs.slack.dev/reference/block-kit/blocks/actions-block — "maximum of 25 elements in each action block". */
export const ACTIONS_MAX_ELEMENTS = 25;
/** https://docs.slack.dev/reference/block-kit/block-elements/button-element — text "Maximum length … 75". */
export const BUTTON_TEXT_MAX = 75;
/** https://docs.slack.dev/reference/block-kit/block-elements/button-element — value "Maximum length is 2000". */
export const BUTTON_VALUE_MAX = 2000;
/** https://docs.slack.dev/reference/block-kit/block-elements/button-element — action_id "Maximum length is 255". */
export const ACTION_ID_MAX = 255;
/** Every block reference page on docs.slack.dev — block_id "Maximum length for this field is 255". */
export const BLOCK_ID_MAX = 255;
/** https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element (static_select) —
 * options "Maximum number of options is 100" (same for multi_static_select). */
export const SELECT_MAX_OPTIONS = 100;
/** https://docs.slack.dev/reference/block-kit/composition-objects/option-object — text "Maximum length … 75". */
export const OPTION_TEXT_MAX = 75;
/** https://docs.slack.dev/reference/block-kit/composition-objects/option-object — value "Maximum length … 150". */
export const OPTION_VALUE_MAX = 150;
/** Select menu and plain-text input reference pages — placeholder "Maximum length … 150". */
export const PLACEHOLDER_MAX = 150;
/** https://docs.slack.dev/reference/views/modal-views — title "max length of 24 characters". */
export const MODAL_TITLE_MAX = 24;
/** https://docs.slack.dev/reference/views/modal-views — submit and close "Max length of 24 characters". */
export const MODAL_BUTTON_MAX = 24;
/** https://docs.slack.dev/reference/views/modal-views — private_metadata "Max length of 3000 characters". */
export const PRIVATE_METADATA_MAX = 3000;
/** https://docs.slack.dev/reference/views/modal-views — callback_id "Max length of 255 characters". */
export const CALLBACK_ID_MAX = 255;
/** https://docs.slack.dev/reference/block-kit/blocks/input-block — label "Maximum length … 2000". */
export const INPUT_LABEL_MAX = 2000;
/** https://docs.slack.dev/reference/block-kit/blocks/input-block — hint "Maximum length … 2000". */
export const INPUT_HINT_MAX = 2000;
/**
 * https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element — max_length
 * "between 1 and 3000, inclusive"; initial_value has no documented cap of its own, so it is held to
 * the most a user could type.
 */
export const TEXT_INPUT_MAX = 3000;
/**
 * Project cap for a message's top-level `text` (the notification fallback). Slack truncates at
 * 40,000 (https://api.slack.com/changelog/2018-04-truncating-really-long-messages); a notification
 * only needs a line, and 3000 stays clear of the older 4,000 advice.
 */
export const MESSAGE_TEXT_MAX = 3000;

// ── Types ────────────────────────────────────────────────────────────────────────────────────────

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface SlackButton {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface SlackOption {
  text: PlainText;
  value: string;
}

export interface SlackTextInput {
  type: 'plain_text_input';
  action_id: string;
  multiline?: boolean;
  initial_value?: string;
  placeholder?: PlainText;
}

export interface SlackStaticSelect {
  type: 'static_select';
  action_id: string;
  options: SlackOption[];
  initial_option?: SlackOption;
  placeholder?: PlainText;
}

export interface SlackMultiStaticSelect {
  type: 'multi_static_select';
  action_id: string;
  options: SlackOption[];
  initial_options?: SlackOption[];
  placeholder?: PlainText;
}

export type SlackInputElement = SlackTextInput | SlackStaticSelect | SlackMultiStaticSelect;

export type SlackBlock =
  | { type: 'header'; block_id?: string; text: PlainText }
  | { type: 'section'; block_id?: string; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; block_id?: string; elements: TextObject[] }
  | { type: 'divider'; block_id?: string }
  | { type: 'actions'; block_id?: string; elements: SlackButton[] }
  | {
      type: 'input';
      block_id?: string;
      label: PlainText;
      element: SlackInputElement;
      hint?: PlainText;
      optional?: boolean;
    };

export interface SlackMessage {
  /** Fallback text: notifications and clients that cannot show blocks. */
  text: string;
  blocks: SlackBlock[];
}

export interface SlackModalView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  blocks: SlackBlock[];
}

export interface SlackHomeView {
  type: 'home';
  blocks: SlackBlock[];
}

export type SlackView = SlackModalView | SlackHomeView;

// ── Checkers ─────────────────────────────────────────────────────────────────────────────────────

type Report = (problem: string) => void;

const BLOCK_TYPES: ReadonlySet<string> = new Set([
  'header',
  'section',
  'context',
  'divider',
  'actions',
  'input',
]);

const isBlank = (text: string): boolean => text.trim().length === 0;

function checkLength(report: Report, where: string, value: string, max: number): void {
  if (value.length > max) report(`${where}: ${value.length} characters, more than ${max}`);
}

function checkText(report: Report, where: string, text: TextObject, max: number, plainOnly = false): void {
  const type = (text as { type: unknown }).type;
  if (type !== 'plain_text' && (plainOnly || type !== 'mrkdwn')) {
    report(`${where}: text type ${String(type)} is not ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
  }
  if (isBlank(text.text)) report(`${where}: text is empty`);
  checkLength(report, where, text.text, max);
}

function checkOptions(report: Report, where: string, options: readonly SlackOption[]): void {
  if (options.length === 0) report(`${where}: no options`);
  if (options.length > SELECT_MAX_OPTIONS)
    report(`${where}: ${options.length} options, more than ${SELECT_MAX_OPTIONS}`);
  options.forEach((option, i) => {
    checkText(report, `${where}.options[${i}]`, option.text, OPTION_TEXT_MAX, true);
    if (option.value.length === 0) report(`${where}.options[${i}]: value is empty`);
    checkLength(report, `${where}.options[${i}].value`, option.value, OPTION_VALUE_MAX);
  });
}

function checkInputElement(report: Report, where: string, element: SlackInputElement): void {
  checkLength(report, `${where}.action_id`, element.action_id, ACTION_ID_MAX);
  if (element.placeholder)
    checkText(report, `${where}.placeholder`, element.placeholder, PLACEHOLDER_MAX, true);
  switch (element.type) {
    case 'plain_text_input':
      if (element.initial_value !== undefined) {
        checkLength(report, `${where}.initial_value`, element.initial_value, TEXT_INPUT_MAX);
      }
      return;
    case 'static_select':
      checkOptions(report, where, element.options);
      if (element.initial_option && !element.options.some((o) => o.value === element.initial_option?.value)) {
        report(`${where}: initial_option is not one of the options`);
      }
      return;
    case 'multi_static_select':
      checkOptions(report, where, element.options);
      for (const initial of element.initial_options ?? []) {
        if (!element.options.some((o) => o.value === initial.value)) {
          report(`${where}: initial option ${initial.value} is not one of the options`);
        }
      }
      return;
    default:
      report(`${where}: unknown element type ${String((element as { type: unknown }).type)}`);
  }
}

function checkButtons(report: Report, where: string, buttons: readonly SlackButton[]): void {
  if (buttons.length === 0) report(`${where}: no elements`);
  if (buttons.length > ACTIONS_MAX_ELEMENTS)
    report(`${where}: ${buttons.length} elements, more than ${ACTIONS_MAX_ELEMENTS}`);
  const seen = new Set<string>();
  buttons.forEach((button, i) => {
    const at = `${where}.elements[${i}]`;
    if (button.type !== 'button') report(`${at}: unknown element type ${String(button.type)}`);
    checkText(report, at, button.text, BUTTON_TEXT_MAX, true);
    checkLength(report, `${at}.action_id`, button.action_id, ACTION_ID_MAX);
    if (seen.has(button.action_id)) report(`${at}: action_id ${button.action_id} repeats within the block`);
    seen.add(button.action_id);
    if (button.value !== undefined) checkLength(report, `${at}.value`, button.value, BUTTON_VALUE_MAX);
  });
}

function checkSection(report: Report, where: string, block: Extract<SlackBlock, { type: 'section' }>): void {
  if (!block.text && !block.fields) report(`${where}: neither text nor fields`);
  if (block.text) checkText(report, where, block.text, SECTION_TEXT_MAX);
  if (!block.fields) return;
  if (block.fields.length === 0) report(`${where}: fields is empty`);
  if (block.fields.length > SECTION_MAX_FIELDS)
    report(`${where}: ${block.fields.length} fields, more than ${SECTION_MAX_FIELDS}`);
  block.fields.forEach((field, i) => checkText(report, `${where}.fields[${i}]`, field, SECTION_FIELD_MAX));
}

function checkBlock(report: Report, where: string, block: SlackBlock): void {
  switch (block.type) {
    case 'header':
      return checkText(report, where, block.text, HEADER_TEXT_MAX, true);
    case 'section':
      return checkSection(report, where, block);
    case 'context':
      if (block.elements.length === 0) report(`${where}: no elements`);
      if (block.elements.length > CONTEXT_MAX_ELEMENTS) {
        report(`${where}: ${block.elements.length} elements, more than ${CONTEXT_MAX_ELEMENTS}`);
      }
      block.elements.forEach((e, i) => checkText(report, `${where}.elements[${i}]`, e, CONTEXT_TEXT_MAX));
      return;
    case 'divider':
      return;
    case 'actions':
      return checkButtons(report, where, block.elements);
    case 'input':
      checkText(report, `${where}.label`, block.label, INPUT_LABEL_MAX, true);
      if (block.hint) checkText(report, `${where}.hint`, block.hint, INPUT_HINT_MAX, true);
      return checkInputElement(report, `${where}.element`, block.element);
  }
}

function checkBlocks(report: Report, blocks: readonly SlackBlock[], max: number): void {
  if (blocks.length > max) report(`blocks: ${blocks.length} blocks, more than ${max}`);
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `blocks[${i}]`;
    const type = (block as { type: unknown }).type;
    if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
      report(`${where}: unknown block type ${String(type)}`);
      return;
    }
    if (block.block_id !== undefined) {
      if (block.block_id.length === 0) report(`${where}: block_id is empty`);
      checkLength(report, `${where}.block_id`, block.block_id, BLOCK_ID_MAX);
      if (ids.has(block.block_id)) report(`${where}: block_id ${block.block_id} repeats`);
      ids.add(block.block_id);
    }
    checkBlock(report, where, block);
  });
}

/** Every way `message` breaks Slack's limits, as readable sentences; empty when Slack accepts it. */
export function checkMessageLimits(message: SlackMessage): string[] {
  const problems: string[] = [];
  const report: Report = (problem) => problems.push(problem);
  if (isBlank(message.text)) report('text: fallback text is empty');
  checkLength(report, 'text', message.text, MESSAGE_TEXT_MAX);
  checkBlocks(report, message.blocks, MESSAGE_MAX_BLOCKS);
  return problems;
}

/** Every way `view` (a modal or Home tab) breaks Slack's limits; empty when Slack accepts it. */
export function checkViewLimits(view: SlackView): string[] {
  const problems: string[] = [];
  const report: Report = (problem) => problems.push(problem);
  if (view.type === 'modal') {
    checkText(report, 'title', view.title, MODAL_TITLE_MAX, true);
    if (view.submit) checkText(report, 'submit', view.submit, MODAL_BUTTON_MAX, true);
    if (view.close) checkText(report, 'close', view.close, MODAL_BUTTON_MAX, true);
    checkLength(report, 'private_metadata', view.private_metadata, PRIVATE_METADATA_MAX);
    checkLength(report, 'callback_id', view.callback_id, CALLBACK_ID_MAX);
    if (!view.submit && view.blocks.some((b) => b.type === 'input'))
      report('submit: required with input blocks');
  } else if ((view as { type: unknown }).type !== 'home') {
    report(`type: unknown view type ${String((view as { type: unknown }).type)}`);
  }
  checkBlocks(report, view.blocks, VIEW_MAX_BLOCKS);
  return problems;
}
