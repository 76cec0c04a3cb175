// The Block Kit renderer: structure (not snapshots) of messages, modals and the Home tab, and a
// property that whatever a reply holds, every message and view stays within Slack's limits.
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Block, Form, FormField, Reply, ReplyAction } from '../../src/core/reply.js';
import { reply } from '../../src/core/reply.js';
import {
  checkMessageLimits,
  checkViewLimits,
  type SlackBlock,
  type SlackButton,
  type SlackMessage,
  type SlackView,
  type TextObject,
} from '../../src/render/blockkit-limits.js';
import {
  ACTION_ID_PREFIX,
  escapeMrkdwn,
  readModalValues,
  renderHomeView,
  renderMessages,
  renderModal,
  type ModalStateValues,
} from '../../src/render/blockkit.js';

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────────

const only = (r: Reply, locale: 'ja' | 'en' = 'en'): SlackMessage => {
  const messages = renderMessages(r, { locale });
  expect(messages).toHaveLength(1);
  return messages[0]!;
};
const ofType = <T extends SlackBlock['type']>(blocks: readonly SlackBlock[], type: T) =>
  blocks.filter((b): b is Extract<SlackBlock, { type: T }> => b.type === type);
const sectionTexts = (blocks: readonly SlackBlock[]): string[] =>
  ofType(blocks, 'section').flatMap((b) => (b.text ? [b.text.text] : []));
const buttons = (blocks: readonly SlackBlock[]): SlackButton[] =>
  ofType(blocks, 'actions').flatMap((b) => b.elements);
const contextText = (block: SlackBlock | undefined): string => {
  expect(block?.type).toBe('context');
  return (block as { elements: TextObject[] }).elements[0]!.text;
};

// ── Mapping ──────────────────────────────────────────────────────────────────────────────────────

describe('renderMessages: mapping', () => {
  it('turns a header into a plain_text header block, cut at 150 with "…"', () => {
    const [short, long] = only(
      reply('s', [
        { type: 'header', text: '🔥 障害 INC-12' },
        { type: 'header', text: 'x'.repeat(400) },
      ]),
    ).blocks;
    expect(short).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔥 障害 INC-12', emoji: true },
    });
    const text = (long as { text: TextObject }).text.text;
    expect(text).toHaveLength(150);
    expect(text.endsWith('…')).toBe(true);
  });

  it('splits fields into sections of at most 10, each field *label*\\nvalue, long values cut at 2000', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    fields[5] = { label: 'long', value: 'y'.repeat(5000) };
    const sections = ofType(only(reply('s', [{ type: 'fields', fields }])).blocks, 'section');
    expect(sections.map((s) => s.fields?.length)).toEqual([10, 10, 3]);
    expect(sections[0]!.fields![0]).toEqual({ type: 'mrkdwn', text: '*L0*\nv0' });
    const long = sections[0]!.fields![5]!.text;
    expect(long.length).toBeLessThanOrEqual(2000);
    expect(long.startsWith('*long*\ny')).toBe(true);
    expect(long.endsWith('…')).toBe(true);
  });

  it('splits long text into sections at line ends, losing nothing', () => {
    const original = Array.from(
      { length: 400 },
      (_, i) => `行 ${i}: <@U${i}> & 対応中 ${'あ'.repeat(i % 40)}`,
    ).join('\n');
    const texts = sectionTexts(only(reply('s', [{ type: 'text', text: original }])).blocks);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.join('')).toBe(escapeMrkdwn(original));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    for (const text of texts.slice(0, -1)) expect(text.endsWith('\n')).toBe(true);
  });

  it('splits one very long line without breaking an entity or losing anything', () => {
    const original = '&<>ab'.repeat(2000);
    const texts = sectionTexts(only(reply('s', [{ type: 'text', text: original }])).blocks);
    expect(texts.join('')).toBe(escapeMrkdwn(original));
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text).not.toMatch(/&[a-z]{0,3}$/);
    }
  });

  it('renders a list as a bold title and bullet lines', () => {
    const blocks = only(
      reply('s', [{ type: 'list', title: '未対応', items: ['DB <遅延>', '二行\n目'] }]),
    ).blocks;
    expect(sectionTexts(blocks)).toEqual(['*未対応*\n• DB &lt;遅延&gt;\n• 二行\n    目']);
  });

  it('renders a table as an aligned code block, Japanese counted double width', () => {
    const [text] = sectionTexts(
      only(
        reply('s', [
          {
            type: 'table',
            columns: ['名前', '状態'],
            rows: [
              ['佐藤', '対応中'],
              ['Smith', 'ok & done'],
            ],
          },
        ]),
      ).blocks,
    );
    const lines = text!.split('\n');
    expect(lines[0]).toBe('```');
    expect(lines.at(-1)).toBe('```');
    const body = lines.slice(1, -1).filter((line) => !/^-+\s+-+$/.test(line));
    const starts = body.map((line) => stringWidth(line.slice(0, line.search(/(?<=\s)(状態|対応中|ok)/))));
    expect(new Set(starts).size).toBe(1);
    expect(text).toContain('ok &amp; done');
  });

  it('splits a long table by rows, repeating the header in every section', () => {
    const rows = Array.from({ length: 600 }, (_, i) => [`svc-${i}`, '稼働中', 'x'.repeat(20)]);
    const texts = sectionTexts(
      only(reply('s', [{ type: 'table', columns: ['サービス', '状態', 'メモ'], rows }])).blocks,
    );
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(text.startsWith('```\nサービス')).toBe(true);
      expect(text.endsWith('\n```')).toBe(true);
    }
    const all = texts.join('\n');
    for (let i = 0; i < 600; i++) expect(all).toContain(`svc-${i} `);
  });

  it('renders context, cut at 2000, and dividers', () => {
    const blocks = only(
      reply('s', [
        { type: 'context', text: '更新 <b>' },
        { type: 'divider' },
        { type: 'context', text: 'z'.repeat(3000) },
      ]),
    ).blocks;
    expect(contextText(blocks[0])).toBe('更新 &lt;b&gt;');
    expect(blocks[1]).toEqual({ type: 'divider' });
    expect(contextText(blocks[2]).length).toBe(2000);
  });

  it('turns actions into buttons: ≤25 per block, unique action_ids, value = command', () => {
    const actions: ReplyAction[] = Array.from({ length: 30 }, (_, i) => ({
      label: i === 0 ? 'L'.repeat(200) : `ボタン${i}`,
      command: `/incident status INC-${i}`,
      ...(i === 1 ? { style: 'danger' as const } : {}),
    }));
    const blocks = only(reply('s', [{ type: 'actions', actions }])).blocks;
    expect(ofType(blocks, 'actions').map((b) => b.elements.length)).toEqual([25, 5]);
    const all = buttons(blocks);
    expect(all.map((b) => b.value)).toEqual(actions.map((a) => a.command));
    expect(new Set(all.map((b) => b.action_id)).size).toBe(30);
    for (const b of all) expect(b.action_id.startsWith(ACTION_ID_PREFIX)).toBe(true);
    expect(all[0]!.text.text).toHaveLength(75);
    expect(all[1]!.style).toBe('danger');
    expect(all[2]).not.toHaveProperty('style');
  });

  it('keeps action_ids unique across several actions blocks in one message', () => {
    const act = (n: number): Block => ({
      type: 'actions',
      actions: Array.from({ length: n }, (_, i) => ({ label: `b${i}`, command: `/c ${i}` })),
    });
    const ids = buttons(only(reply('s', [act(3), { type: 'divider' }, act(4)])).blocks).map(
      (b) => b.action_id,
    );
    expect(new Set(ids).size).toBe(7);
  });

  it('shows a command too long for a button as text to type instead', () => {
    const command = `/note add ${'長'.repeat(2500)} <x>`;
    const blocks = only(
      reply('s', [
        {
          type: 'actions',
          actions: [
            { label: 'OK', command: '/ok' },
            { label: '長文', command },
          ],
        },
      ]),
      'ja',
    ).blocks;
    expect(buttons(blocks).map((b) => b.value)).toEqual(['/ok']);
    const shown = sectionTexts(blocks).join('');
    expect(shown).toContain('次のコマンドを入力してください');
    expect(shown).toContain(escapeMrkdwn(command));
  });

  it('escapes &, < and > in mrkdwn everywhere, but not in plain_text', () => {
    const evil = '<@U123> & <!here> <https://x|y>';
    const message = only(
      reply(evil, [
        { type: 'header', text: evil },
        { type: 'text', text: evil },
        { type: 'fields', fields: [{ label: evil, value: evil }] },
        { type: 'context', text: evil },
        { type: 'actions', actions: [{ label: evil, command: '/x <y>' }] },
      ]),
    );
    const escaped = '&lt;@U123&gt; &amp; &lt;!here&gt; &lt;https://x|y&gt;';
    expect(message.text).toBe(escaped);
    const [header, text, fields, ctx, actions] = message.blocks;
    expect((header as { text: TextObject }).text.text).toBe(evil);
    expect((text as { text: TextObject }).text.text).toBe(escaped);
    expect((fields as { fields: TextObject[] }).fields[0]!.text).toBe(`*${escaped}*\n${escaped}`);
    expect(contextText(ctx)).toBe(escaped);
    expect(buttons([actions!])[0]).toMatchObject({ text: { text: evil }, value: '/x <y>' });
  });

  it('uses the summary as notification text, cut at 3000', () => {
    expect(only(reply('障害を宣言しました', [{ type: 'divider' }])).text).toBe('障害を宣言しました');
    const long = only(reply('s'.repeat(5000), [{ type: 'divider' }])).text;
    expect(long).toHaveLength(3000);
    expect(long.endsWith('…')).toBe(true);
  });

  it('shows the summary when the reply has no visible blocks', () => {
    const message = only(reply('only a summary', [{ type: 'text', text: '  ' }]));
    expect(sectionTexts(message.blocks)).toEqual(['only a summary']);
  });
});

describe('renderMessages: paging', () => {
  it('pages a reply of more than 50 blocks, each page ending with an (i/n) marker', () => {
    const blocks: Block[] = Array.from({ length: 120 }, (_, i) => ({ type: 'text', text: `item ${i}` }));
    for (const [locale, marker] of [
      ['en', (i: number, n: number) => `(${i}/${n})`],
      ['ja', (i: number, n: number) => `（${i}/${n}）`],
    ] as const) {
      const messages = renderMessages(reply('many', blocks), { locale });
      expect(messages).toHaveLength(3);
      messages.forEach((m, i) => {
        expect(m.blocks.length).toBeLessThanOrEqual(50);
        expect(contextText(m.blocks.at(-1))).toBe(marker(i + 1, 3));
        expect(m.text).toBe(`many ${marker(i + 1, 3)}`);
        expect(checkMessageLimits(m)).toEqual([]);
      });
      const shown = messages.flatMap((m) => sectionTexts(m.blocks));
      expect(shown).toEqual(blocks.map((_, i) => `item ${i}`));
    }
  });

  it('keeps exactly 50 blocks in one message without a marker', () => {
    const blocks: Block[] = Array.from({ length: 50 }, () => ({ type: 'divider' }));
    const message = only(reply('s', blocks));
    expect(message.blocks).toHaveLength(50);
    expect(ofType(message.blocks, 'context')).toHaveLength(0);
  });
});

// ── Modal ────────────────────────────────────────────────────────────────────────────────────────

const form: Form = {
  title: 'インシデントを宣言する（詳細な入力フォーム・全項目）',
  submitLabel: '宣言',
  command: '/incident declare',
  fields: [
    {
      name: 'title',
      label: 'タイトル',
      kind: 'text',
      required: true,
      positional: true,
      placeholder: '例: DB 遅延',
    },
    {
      name: 'detail',
      label: '詳細',
      kind: 'textarea',
      required: false,
      initial: '初期値',
      hint: 'Markdown 不可',
    },
    {
      name: 'severity',
      label: '重大度',
      kind: 'choice',
      required: true,
      initial: '2',
      options: [1, 2, 3, 4].map((n) => ({ value: String(n), label: `SEV${n}` })),
    },
    {
      name: 'services',
      label: 'サービス',
      kind: 'multichoice',
      required: false,
      initial: ['portal', 'nope'],
      options: ['portal', 'api', 'db'].map((s) => ({ value: s, label: s })),
    },
  ],
};

/** What Slack would send back in view.state.values if someone answered `answers`. */
function fabricateState(view: SlackView, answers: Record<string, string | string[]>): ModalStateValues {
  const state: ModalStateValues = {};
  for (const block of ofType(view.blocks, 'input')) {
    const answer = answers[block.block_id!];
    const list = answer === undefined ? [] : typeof answer === 'string' ? [answer] : answer;
    const e = block.element;
    state[block.block_id!] = {
      [e.action_id]:
        e.type === 'plain_text_input'
          ? { type: e.type, value: list[0] ?? null }
          : e.type === 'static_select'
            ? { type: e.type, selected_option: list[0] === undefined ? null : { value: list[0] } }
            : { type: e.type, selected_options: list.map((value) => ({ value })) },
    };
  }
  return state;
}

describe('renderModal / readModalValues', () => {
  it('renders one input block per field with the right elements', () => {
    const view = renderModal(form, { callbackId: 'tsunagi.form', privateMetadata: '{"c":1}', locale: 'ja' });
    expect(checkViewLimits(view)).toEqual([]);
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'tsunagi.form',
      private_metadata: '{"c":1}',
      submit: { type: 'plain_text', text: '宣言' },
      close: { type: 'plain_text', text: '閉じる' },
    });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.title.text.endsWith('…')).toBe(true);
    const [title, detail, severity, services] = ofType(view.blocks, 'input');
    expect(title).toMatchObject({
      block_id: 'title',
      optional: false,
      label: { text: 'タイトル' },
      element: { type: 'plain_text_input', action_id: 'value', placeholder: { text: '例: DB 遅延' } },
    });
    expect(detail).toMatchObject({
      optional: true,
      hint: { text: 'Markdown 不可' },
      element: { type: 'plain_text_input', multiline: true, initial_value: '初期値' },
    });
    expect(severity!.element).toMatchObject({ type: 'static_select', initial_option: { value: '2' } });
    expect(services!.element).toMatchObject({
      type: 'multi_static_select',
      initial_options: [{ value: 'portal' }],
    });
    expect(renderModal(form, { callbackId: 'c', privateMetadata: '', locale: 'en' }).close?.text).toBe(
      'Close',
    );
  });

  it('round-trips: rendered modal → submitted state → the same answers', () => {
    const view = renderModal(form, { callbackId: 'c', privateMetadata: '' });
    const answers = { title: 'DB が遅い', severity: '1', services: ['api', 'db'] };
    expect(readModalValues(form, fabricateState(view, answers))).toEqual(answers);
  });

  it('leaves out empty answers', () => {
    const state: ModalStateValues = {
      title: { value: { type: 'plain_text_input', value: null } },
      detail: { value: { type: 'plain_text_input', value: '' } },
      severity: { value: { type: 'static_select', selected_option: null } },
      services: { value: { type: 'multi_static_select', selected_options: [] } },
    };
    expect(readModalValues(form, state)).toEqual({});
  });

  it('keeps the first 100 options and says so in the hint', () => {
    const many: FormField = {
      name: 'svc',
      label: 'svc',
      kind: 'choice',
      required: true,
      hint: 'pick one',
      options: Array.from({ length: 130 }, (_, i) => ({ value: `v${i}`, label: `o${i}` })),
    };
    const view = renderModal(
      { ...form, fields: [many] },
      { callbackId: 'c', privateMetadata: '', locale: 'en' },
    );
    const [input] = ofType(view.blocks, 'input');
    expect((input!.element as { options: unknown[] }).options).toHaveLength(100);
    expect(input!.hint?.text).toBe('pick one (first 100 of 130 options shown)');
    expect(checkViewLimits(view)).toEqual([]);
  });

  it('throws on private_metadata over 3000 characters (a programming error)', () => {
    expect(() => renderModal(form, { callbackId: 'c', privateMetadata: 'm'.repeat(3001) })).toThrow(
      /private_metadata/,
    );
  });
});

// ── Home view ────────────────────────────────────────────────────────────────────────────────────

describe('renderHomeView', () => {
  it('joins replies with dividers', () => {
    const view = renderHomeView([
      reply('a', [{ type: 'text', text: 'A' }]),
      reply('b', [{ type: 'text', text: 'B' }]),
    ]);
    expect(view.type).toBe('home');
    expect(view.blocks.map((b) => b.type)).toEqual(['section', 'divider', 'section']);
  });

  it('caps at 100 blocks with a marker counting what was left out', () => {
    const replies = Array.from({ length: 3 }, (_, r) =>
      reply(
        `r${r}`,
        Array.from({ length: 50 }, (_, i) => ({ type: 'text' as const, text: `${r}-${i}` })),
      ),
    );
    const view = renderHomeView(replies);
    expect(view.blocks).toHaveLength(100);
    // 150 sections + 2 dividers = 152 blocks; 99 kept, 53 left out.
    expect(contextText(view.blocks.at(-1))).toBe('… (+53)');
    expect(checkViewLimits(view)).toEqual([]);
  });
});

// ── The checker itself ───────────────────────────────────────────────────────────────────────────

describe('checkMessageLimits / checkViewLimits catch violations', () => {
  const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });
  const button = (id: string, text = 'ok'): SlackButton => ({
    type: 'button',
    action_id: id,
    text: { type: 'plain_text', text },
  });

  it('reports each broken limit of a hand-made message', () => {
    const bad: SlackMessage = {
      text: ' ',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'section', block_id: 'dup', text: mrkdwn('s'.repeat(3001)) },
        { type: 'section', block_id: 'dup', fields: Array.from({ length: 11 }, () => mrkdwn('f')) },
        { type: 'section', text: mrkdwn('') },
        { type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) },
        { type: 'actions', elements: [button('a'), button('a'), button('b', 'x'.repeat(76))] },
        { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`n${i}`)) },
        { type: 'bogus' } as unknown as SlackBlock,
        ...Array.from({ length: 43 }, (): SlackBlock => ({ type: 'divider' })),
      ],
    };
    const problems = checkMessageLimits(bad).join('\n');
    for (const expected of [
      /text: fallback text is empty/,
      /blocks: 51 blocks, more than 50/,
      /blocks\[0\]: 151 characters/,
      /blocks\[1\]: 3001 characters/,
      /blocks\[2\]: block_id dup repeats/,
      /blocks\[2\]: 11 fields/,
      /blocks\[3\]: text is empty/,
      /blocks\[4\]: 11 elements/,
      /blocks\[5\].elements\[1\]: action_id a repeats/,
      /blocks\[5\].elements\[2\]: 76 characters/,
      /blocks\[6\]: 26 elements/,
      /blocks\[7\]: unknown block type bogus/,
    ]) {
      expect(problems).toMatch(expected);
    }
  });

  it('reports broken limits of a hand-made modal', () => {
    const view: SlackView = {
      type: 'modal',
      callback_id: 'c',
      private_metadata: 'm'.repeat(3001),
      title: { type: 'plain_text', text: 't'.repeat(25) },
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'l' },
          element: {
            type: 'static_select',
            action_id: 'value',
            options: Array.from({ length: 101 }, (_, i) => ({
              text: { type: 'plain_text' as const, text: `o${i}` },
              value: i === 0 ? 'v'.repeat(151) : `v${i}`,
            })),
            initial_option: { text: { type: 'plain_text', text: 'x' }, value: 'missing' },
          },
        },
      ],
    };
    const problems = checkViewLimits(view).join('\n');
    for (const expected of [
      /title: 25 characters/,
      /private_metadata: 3001 characters/,
      /submit: required/,
      /101 options/,
      /options\[0\]\.value: 151 characters/,
      /initial_option is not one of the options/,
    ]) {
      expect(problems).toMatch(expected);
    }
  });
});

// ── Property: Slack always accepts what we render ────────────────────────────────────────────────

const japanese = fc.string({
  unit: fc.constantFrom(...'障害対応中の佐藤さん、確認済み。データベース遅延テスト漢字かなカナ'),
  maxLength: 80,
});
const markup = fc.string({
  unit: fc.constantFrom('&', '<', '>', '`', '*', '\n', ' ', 'a', '語'),
  maxLength: 60,
});
const anyText = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: japanese, weight: 3 },
  { arbitrary: markup, weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '\n', '　'), weight: 1 },
);
const longText = fc.oneof(
  fc.string({
    unit: fc.constantFrom('&', '<', '>', 'x', '\n', '漢'),
    minLength: 1900,
    maxLength: 7000,
    size: 'max',
  }),
  fc.string({ unit: 'binary', minLength: 1400, maxLength: 4000, size: 'max' }),
);
const text = fc.oneof({ arbitrary: anyText, weight: 30 }, { arbitrary: longText, weight: 1 });

const action: fc.Arbitrary<ReplyAction> = fc.record(
  {
    label: fc.oneof(
      { arbitrary: anyText, weight: 5 },
      { arbitrary: fc.string({ minLength: 70, maxLength: 300, size: 'max' }), weight: 1 },
    ),
    command: fc.oneof(
      { arbitrary: anyText, weight: 10 },
      {
        arbitrary: fc.string({
          unit: fc.constantFrom('/', 'a', ' ', '漢', '😀'),
          minLength: 1900,
          maxLength: 2600,
          size: 'max',
        }),
        weight: 1,
      },
    ),
    style: fc.constantFrom('primary' as const, 'danger' as const),
  },
  { requiredKeys: ['label', 'command'] },
);

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('header' as const), text }),
  fc.record({ type: fc.constant('text' as const), text }),
  fc.record({
    type: fc.constant('fields' as const),
    fields: fc.array(fc.record({ label: text, value: text }), { maxLength: 25 }),
  }),
  fc.record(
    { type: fc.constant('list' as const), title: anyText, items: fc.array(text, { maxLength: 30 }) },
    { requiredKeys: ['type', 'items'] },
  ),
  fc.record({
    type: fc.constant('table' as const),
    columns: fc.array(anyText, { maxLength: 8 }),
    rows: fc.array(fc.array(anyText, { maxLength: 9 }), { maxLength: 40 }),
  }),
  // Wide tables of markup: lines long enough to need cutting once escaped.
  fc.record({
    type: fc.constant('table' as const),
    columns: fc.array(markup, { minLength: 20, maxLength: 80, size: 'max' }),
    rows: fc.array(fc.array(markup, { maxLength: 80, size: 'max' }), { maxLength: 20 }),
  }),
  fc.record({ type: fc.constant('context' as const), text }),
  fc.constant({ type: 'divider' as const }),
  fc.record({ type: fc.constant('actions' as const), actions: fc.array(action, { maxLength: 40 }) }),
);

const anyReply: fc.Arbitrary<Reply> = fc
  .record({
    summary: text,
    blocks: fc.oneof(
      { arbitrary: fc.array(block, { maxLength: 30 }), weight: 3 },
      { arbitrary: fc.array(block, { minLength: 40, maxLength: 200, size: 'max' }), weight: 1 },
    ),
  })
  .map(({ summary, blocks }) => reply(summary, blocks));

const optionValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcxyz0189-_'), minLength: 1, maxLength: 8 }),
  fc.string({ unit: fc.constantFrom(...'abcxyz0189-_'), minLength: 140, maxLength: 150 }),
);

const anyForm: fc.Arbitrary<Form> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_-]{0,40}$/), { minLength: 1, maxLength: 12 })
  .chain((names) =>
    fc.record({
      title: text,
      submitLabel: anyText,
      command: fc.constant('/x'),
      fields: fc.tuple(
        ...names.map((name) =>
          fc.record(
            {
              name: fc.constant(name),
              label: text,
              kind: fc.constantFrom(
                'text' as const,
                'textarea' as const,
                'choice' as const,
                'multichoice' as const,
              ),
              required: fc.boolean(),
              options: fc.uniqueArray(fc.record({ value: optionValue, label: anyText }), {
                selector: (o) => o.value,
                maxLength: 110,
              }),
              initial: fc.oneof(text, fc.array(fc.stringMatching(/^[a-z0-9]{1,4}$/), { maxLength: 3 })),
              placeholder: anyText,
              hint: text,
            },
            { requiredKeys: ['name', 'label', 'kind', 'required'] },
          ),
        ),
      ),
    }),
  );

/** Shrinking replies of 200 blocks can take long; stop (still reporting a failure found) in time. */
const bounded = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  plugins: [fc.interruptAfterTimeLimit(40_000)],
});

describe('property: every rendered message and view is within Slack limits', () => {
  it('messages', () => {
    fc.assert(
      fc.property(anyReply, fc.constantFrom('ja' as const, 'en' as const), (r, locale) => {
        for (const message of renderMessages(r, { locale })) {
          expect(checkMessageLimits(message)).toEqual([]);
          const ids = buttons(message.blocks).map((b) => b.action_id);
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
      bounded(100),
    );
  });

  it('home views', () => {
    fc.assert(
      fc.property(fc.array(anyReply, { maxLength: 4 }), (replies) => {
        expect(checkViewLimits(renderHomeView(replies))).toEqual([]);
      }),
      bounded(25),
    );
  });

  it('modals, and their answers round-trip', () => {
    fc.assert(
      fc.property(anyForm, fc.string({ maxLength: 3000 }), (f, metadata) => {
        const view = renderModal(f, { callbackId: 'tsunagi.form', privateMetadata: metadata });
        expect(checkViewLimits(view)).toEqual([]);
        const answers: Record<string, string | string[]> = {};
        for (const input of ofType(view.blocks, 'input')) {
          const field = f.fields.find((x) => x.name === input.block_id)!;
          const e = input.element;
          if (e.type === 'plain_text_input') {
            answers[field.name] =
              field.kind === 'multichoice' ? [`answer ${field.name}`] : `answer ${field.name}`;
          } else if (e.type === 'static_select') answers[field.name] = e.options.at(-1)!.value;
          else answers[field.name] = e.options.slice(0, 3).map((o) => o.value);
        }
        expect(readModalValues(f, fabricateState(view, answers))).toEqual(answers);
      }),
      bounded(60),
    );
  });
});
