// The Adaptive Card renderer: structure (not snapshots) of reply cards and form cards, the form
// round trip, escaping, the size cap, and a property that whatever a reply holds, the card passes
// the official adaptivecards parser and stays under CARD_MAX_BYTES. Every card rendered here goes
// through expectValidCard.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Form, FormField, Reply, ReplyAction } from '../../src/core/reply.js';
import { reply } from '../../src/core/reply.js';
import type { FactSet, TextBlock } from '../../src/render/adaptive-types.js';
import {
  CARD_MAX_BYTES,
  COMMAND_VERB,
  FORM_VERB,
  escapeCardMarkdown,
  readFormValues,
  renderCard,
  renderFormCard,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../src/render/adaptive.js';
import { packFormMetadata, unpackFormMetadata } from '../../src/router/form-metadata.js';
import { cardProblems } from '../helpers/adaptive-card-check.js';

const bytes = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** The card is plain JSON, passes the official parser and fits CARD_MAX_BYTES. */
function expectValidCard(card: AdaptiveCard): AdaptiveCard {
  const json = JSON.parse(JSON.stringify(card)) as unknown;
  expect(json).toEqual(card);
  expect(cardProblems(json)).toEqual([]);
  expect(bytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
  return card;
}

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────────

const render = (r: Reply, locale: 'ja' | 'en' = 'en'): AdaptiveCard =>
  expectValidCard(renderCard(r, { locale }));
const ofType = <T extends CardElement['type']>(body: readonly CardElement[], type: T) =>
  body.filter((e): e is Extract<CardElement, { type: T }> => e.type === type);
const texts = (card: AdaptiveCard): string[] => ofType(card.body, 'TextBlock').map((t) => t.text);
const actionsOf = (card: AdaptiveCard): CardAction[] => [
  ...ofType(card.body, 'ActionSet').flatMap((s) => s.actions),
  ...(card.actions ?? []),
];

describe('the parser check', () => {
  it('reports what is wrong with hand-made bad cards, so it can fail', () => {
    const card = (extra: object): unknown => ({ type: 'AdaptiveCard', version: '1.5', body: [], ...extra });
    const bad: [unknown, RegExp][] = [
      [card({ body: [{ type: 'Foo' }] }), /Unknown element type "Foo"/],
      [card({ body: [{ type: 'TextBlock', text: 'x', size: 'Huge' }] }), /Invalid value "Huge"/],
      [card({ actions: [{ type: 'Action.Execute', title: 'Go' }] }), /has no verb/],
      [card({ actions: [{ type: 'Action.Execute', verb: 'v' }] }), /has no title/],
      [card({ actions: [{ type: 'Action.Execute', title: 'Go', verb: 'v' }] }), /no Action.Submit fallback/],
      [card({ actions: [{ type: 'Action.Bar', title: 'x' }] }), /Unknown action type/],
      [
        card({
          actions: [
            { type: 'Action.Execute', title: 'x', verb: 'v', fallback: { type: 'Action.Submit', title: '' } },
          ],
        }),
        /fallback of "x" has no title/,
      ],
      [
        card({
          actions: [
            { type: 'Action.Execute', title: 'x', verb: 'v', fallback: { type: 'Action.Nope', title: 'y' } },
          ],
        }),
        /fallback of "x": Unknown action type/,
      ],
      [
        card({
          actions: Array.from({ length: 6 }, () => ({ type: 'Action.Execute', title: 'a', verb: 'v' })),
        }),
        /Maximum number of actions/,
      ],
      [card({ body: [{ type: 'Input.Text', id: 'a', isRequired: true }] }), /should have a label/],
      [
        card({
          body: [
            { type: 'Input.Text', id: 'a' },
            { type: 'Input.Text', id: 'a' },
          ],
        }),
        /Duplicate Id/,
      ],
      [card({ body: [{ type: 'Input.ChoiceSet', id: 'a', choices: [] }] }), /at least one choice/],
      [{ type: 'Card', version: '1.5', body: [] }, /card type/],
    ];
    for (const [json, pattern] of bad) {
      const found = cardProblems(json);
      expect(found.length, JSON.stringify(json)).toBeGreaterThan(0);
      expect(found.join('\n')).toMatch(pattern);
    }
  });

  it('finds nothing wrong with a well-formed card using every element the renderer makes', () => {
    expect(
      cardProblems({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'TextBlock', text: 'x', wrap: true, size: 'Large', weight: 'Bolder', color: 'Attention' },
          { type: 'FactSet', facts: [{ title: 'a', value: 'b' }], separator: true },
          { type: 'Table', columns: [{ width: 1 }], rows: [], firstRowAsHeader: true },
          { type: 'Input.Text', id: 'a', label: 'A', isRequired: true, errorMessage: 'e' },
        ],
        actions: [
          { type: 'Action.Execute', title: 'x', verb: 'v', fallback: { type: 'Action.Submit', title: 'x' } },
        ],
      }),
    ).toEqual([]);
  });
});

// ── Reply cards ──────────────────────────────────────────────────────────────────────────────────

describe('renderCard: mapping', () => {
  it('is an Adaptive Card 1.5 at full width in Teams', () => {
    const card = render(reply('s', [{ type: 'text', text: 'hello' }]));
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      msteams: { width: 'Full' },
    });
    expect(card.actions).toBeUndefined();
    expect(card.body).toEqual([{ type: 'TextBlock', text: 'hello', wrap: true }]);
  });

  it('turns a header into a large bold TextBlock coloured by the tone', () => {
    const colors = (['info', 'success', 'warning', 'danger'] as const).map((tone) => {
      const [header] = render(reply('s', [{ type: 'header', text: '🔥 障害  INC-12\n' }], { tone })).body;
      expect(header).toMatchObject({
        type: 'TextBlock',
        text: '🔥 障害 INC-12',
        size: 'Large',
        weight: 'Bolder',
      });
      return (header as TextBlock).color;
    });
    expect(colors).toEqual([undefined, 'Good', 'Warning', 'Attention']);
  });

  it('turns fields into one FactSet of title/value, leaving out empty pairs', () => {
    const card = render(
      reply('s', [
        {
          type: 'fields',
          fields: [
            { label: '状態', value: '対応中' },
            { label: ' ', value: '' },
            { label: 'Owner', value: 'sato_k' },
          ],
        },
      ]),
    );
    expect(card.body).toEqual([
      {
        type: 'FactSet',
        facts: [
          { title: '状態', value: '対応中' },
          { title: 'Owner', value: 'sato\\_k' },
        ],
      },
    ]);
  });

  it('turns a list into a bold title and one TextBlock of "• " lines', () => {
    const card = render(
      reply('s', [{ type: 'list', title: 'Parties', items: ['顧客 A', 'SIer *B*\n  details', ' '] }]),
    );
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Parties', wrap: true, weight: 'Bolder' },
      {
        type: 'TextBlock',
        text: '• 顧客 A\n\n• SIer \\*B\\*\n\n\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0details',
        wrap: true,
        spacing: 'Small',
      },
    ]);
    expect(render(reply('s', [{ type: 'list', items: ['a', 'b'] }])).body).toEqual([
      { type: 'TextBlock', text: '• a\n\n• b', wrap: true },
    ]);
  });

  it('turns a table into Table elements with a header row, padding ragged rows', () => {
    const card = render(
      reply('s', [
        {
          type: 'table',
          columns: ['ID', 'Title'],
          rows: [['INC-1', 'DB *slow*'], ['INC-2'], ['a', 'b', 'c']],
        },
      ]),
    );
    const [table] = ofType(card.body, 'Table');
    expect(table!.firstRowAsHeader).toBe(true);
    expect(table!.columns).toEqual([{ width: 1 }, { width: 1 }, { width: 1 }]);
    const grid = table!.rows.map((row) => row.cells.map((c) => c.items.map((t) => t.text).join('')));
    expect(grid).toEqual([
      ['ID', 'Title', ''],
      ['INC-1', 'DB \\*slow\\*', ''],
      ['INC-2', '', ''],
      ['a', 'b', 'c'],
    ]);
  });

  it('splits a long table into tables of 20 rows, each repeating the header', () => {
    const rows = Array.from({ length: 45 }, (_, i) => [`r${i}`, `v${i}`]);
    const tables = ofType(render(reply('s', [{ type: 'table', columns: ['k', 'v'], rows }])).body, 'Table');
    expect(tables.map((t) => t.rows.length)).toEqual([21, 21, 6]);
    for (const t of tables) expect(t.rows[0]!.cells[0]!.items[0]!.text).toBe('k');
    const headerless = ofType(
      render(reply('s', [{ type: 'table', columns: [], rows: [['x']] }])).body,
      'Table',
    );
    expect(headerless[0]!.firstRowAsHeader).toBe(false);
  });

  it('turns context into small subtle text', () => {
    expect(render(reply('s', [{ type: 'context', text: 'updated 10:00' }])).body).toEqual([
      { type: 'TextBlock', text: 'updated 10:00', wrap: true, size: 'Small', isSubtle: true },
    ]);
  });

  it('draws a divider as a separator on the next element, and ignores one with nothing after it', () => {
    const card = render(
      reply('s', [
        { type: 'divider' },
        { type: 'text', text: 'a' },
        { type: 'divider' },
        { type: 'divider' },
        { type: 'text', text: ' ' },
        { type: 'fields', fields: [{ label: 'k', value: 'v' }] },
        { type: 'divider' },
      ]),
    );
    expect(card.body.map((e) => [e.type, e.separator ?? false])).toEqual([
      ['TextBlock', true],
      ['FactSet', true],
    ]);
  });

  it('shows the summary when the blocks show nothing', () => {
    expect(texts(render(reply('Done *now*', [{ type: 'text', text: '' }])))).toEqual(['Done \\*now\\*']);
    expect(texts(render(reply(' ', [])))).toEqual(['…']);
  });
});

describe('renderCard: actions', () => {
  const ack: ReplyAction = { label: 'Acknowledge', command: '/incident ack INC-1', style: 'primary' };
  const close: ReplyAction = { label: 'Close', command: '/incident close INC-1', style: 'danger' };
  const note: ReplyAction = { label: 'メモを追加', command: '/incident note INC-1', needsInput: true };

  it('makes Action.Execute buttons with the command verb and an Action.Submit fallback', () => {
    const card = render(
      reply('s', [
        { type: 'text', text: 'x' },
        { type: 'actions', actions: [ack, close, note] },
      ]),
    );
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock']);
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Acknowledge',
        verb: COMMAND_VERB,
        data: { command: '/incident ack INC-1' },
        style: 'positive',
        fallback: {
          type: 'Action.Submit',
          title: 'Acknowledge',
          data: { tsunagi: 'command', command: '/incident ack INC-1' },
        },
      },
      {
        type: 'Action.Execute',
        title: 'Close',
        verb: COMMAND_VERB,
        data: { command: '/incident close INC-1' },
        style: 'destructive',
        fallback: {
          type: 'Action.Submit',
          title: 'Close',
          data: { tsunagi: 'command', command: '/incident close INC-1' },
        },
      },
      {
        type: 'Action.Execute',
        title: 'メモを追加…',
        verb: COMMAND_VERB,
        data: { command: '/incident note INC-1' },
        fallback: {
          type: 'Action.Submit',
          title: 'メモを追加…',
          data: { tsunagi: 'command', command: '/incident note INC-1' },
        },
      },
    ]);
  });

  it('keeps buttons in place as ActionSets when more follows or a divider precedes them', () => {
    const middle = render(
      reply('s', [
        { type: 'actions', actions: [ack] },
        { type: 'text', text: 'after' },
      ]),
    );
    expect(middle.body.map((e) => e.type)).toEqual(['ActionSet', 'TextBlock']);
    expect(middle.actions).toBeUndefined();
    const divided = render(
      reply('s', [{ type: 'text', text: 'x' }, { type: 'divider' }, { type: 'actions', actions: [ack] }]),
    );
    expect(divided.body[1]).toMatchObject({ type: 'ActionSet', separator: true });
    expect(divided.actions).toBeUndefined();
  });

  it('splits many buttons into sets of five, in order, the last set at the foot of the card', () => {
    const actions = Array.from({ length: 12 }, (_, i) => ({ label: `b${i}`, command: `/x ${i}` }));
    const card = render(reply('s', [{ type: 'actions', actions }]));
    expect(ofType(card.body, 'ActionSet').map((s) => s.actions.length)).toEqual([5, 5]);
    expect(card.actions).toHaveLength(2);
    expect(actionsOf(card).map((a) => (a.data as { command: string }).command)).toEqual(
      actions.map((a) => a.command),
    );
  });

  it('shows a command too long for a button as text to type, and cuts long labels', () => {
    const long = `/incident note INC-1 ${'長'.repeat(600)}`;
    const card = render(
      reply('s', [
        {
          type: 'actions',
          actions: [
            { label: 'Huge', command: long },
            { label: 'L'.repeat(300), command: '/x' },
          ],
        },
      ]),
    );
    expect(actionsOf(card)).toHaveLength(1);
    expect(actionsOf(card)[0]!.title).toHaveLength(100);
    expect(actionsOf(card)[0]!.title.endsWith('…')).toBe(true);
    const typed = texts(card).find((t) => t.includes('Type this command'));
    expect(typed).toContain(long);
    expect(
      texts(
        renderCard(reply('s', [{ type: 'actions', actions: [{ label: 'x', command: long }] }]), {
          locale: 'ja',
        }),
      )[0],
    ).toMatch(/^次のコマンドを入力してください/);
  });
});

// ── Escaping ─────────────────────────────────────────────────────────────────────────────────────

/** What a CommonMark renderer shows for our output: escapes resolved, paragraph breaks as lines. */
const shown = (markdown: string): string =>
  markdown
    .split('\n\n')
    .map((line) =>
      line
        .replace(/\\([!-/:-@[-`{-~])/g, '$1')
        .replace(/\u00a0/g, ' ')
        .replace(/\u200b/g, ''),
    )
    .join('\n');

describe('escapeCardMarkdown', () => {
  it('escapes emphasis, links and list markers so they show literally', () => {
    const cases: [string, string][] = [
      ['**bold** and _it_', '\\*\\*bold\\*\\* and \\_it\\_'],
      ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
      ['- not a list', '\\- not a list'],
      ['+ plus', '\\+ plus'],
      ['  * star', '\u00a0\u00a0\\* star'],
      ['12. twelve', '12\\. twelve'],
      ['3) three', '3\\) three'],
      ['v1.2 - fine', 'v1.2 - fine'],
      ['C:\\Users\\sato', 'C:\\Users\\sato'],
      ['a \\* b', 'a \\\\\\* b'],
      ['ends \\', 'ends \\\\'],
      ['{{DATE(2017-02-14T06:00:00Z, SHORT)}}', '{\u200b{DATE(2017-02-14T06:00:00Z, SHORT)}}'],
      ['line1\nline2\r\nline3', 'line1\n\nline2\n\nline3'],
      ['障害 #12 > `code` & <b>', '障害 #12 > `code` & <b>'],
    ];
    for (const [text, expected] of cases) expect(escapeCardMarkdown(text), text).toBe(expected);
  });

  it('is shown as the original text (lines trimmed at the end), and leaves no markup unescaped', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '*',
            '_',
            '[',
            ']',
            '(',
            ')',
            '\\',
            '-',
            '+',
            '1',
            '.',
            ' ',
            '\n',
            'a',
            '語',
            '{',
            'D',
          ),
        }),
        (text) => {
          const out = escapeCardMarkdown(text);
          const expected = text
            .split('\n')
            .map((l) => l.trimEnd())
            .join('\n');
          expect(shown(out)).toBe(expected);
          // Every *, _, [ and ] is preceded by an odd run of backslashes.
          for (const match of out.matchAll(/(\\*)[*_[\]]/g)) expect(match[1]!.length % 2).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is applied to every text a reply card shows', () => {
    const card = render(
      reply('s', [
        { type: 'header', text: '*h*' },
        { type: 'text', text: '_t_' },
        { type: 'fields', fields: [{ label: '[l]', value: '*v*' }] },
        { type: 'context', text: '- c' },
      ]),
    );
    expect(texts(card)).toEqual(['\\*h\\*', '\\_t\\_', '\\- c']);
    expect(ofType(card.body, 'FactSet')[0]!.facts).toEqual([{ title: '\\[l\\]', value: '\\*v\\*' }]);
  });
});

// ── Size ─────────────────────────────────────────────────────────────────────────────────────────

describe('renderCard: size', () => {
  it('cuts one very long text at 5,000 characters with "…"', () => {
    const [block] = render(reply('s', [{ type: 'text', text: 'x'.repeat(9000) }])).body;
    expect((block as TextBlock).text).toHaveLength(5000);
    expect((block as TextBlock).text.endsWith('…')).toBe(true);
  });

  it('never cuts a character in two, combined ones included, nor an escape from what it escapes', () => {
    const cutText = (text: string): string => {
      const [block] = render(reply('s', [{ type: 'text', text }])).body;
      const out = (block as TextBlock).text;
      expect(out.endsWith('…')).toBe(true);
      return out.slice(0, -1);
    };
    for (const unit of ['カ\u3099', 'e\u0301', '👩‍💻', '🇯🇵']) {
      const kept = shown(cutText(unit.repeat(4000)));
      expect(kept.length % unit.length, unit).toBe(0);
      expect(kept).toBe(unit.repeat(kept.length / unit.length));
    }
    const escaped = cutText('\\*'.repeat(4000));
    expect(escaped.match(/\\*$/)![0].length % 2).toBe(0);
    expect('\\*'.repeat(4000).startsWith(shown(escaped))).toBe(true);
  });

  it('cuts the longest texts first to fit, keeping every element and the short texts whole', () => {
    const blocks: Block[] = [
      { type: 'text', text: 'short one' },
      ...Array.from({ length: 12 }, (_, i) => ({ type: 'text' as const, text: `${i}:${'障'.repeat(4000)}` })),
      { type: 'context', text: 'the end' },
    ];
    const card = render(reply('s', blocks));
    expect(card.body).toHaveLength(14);
    const all = texts(card);
    expect(all[0]).toBe('short one');
    expect(all[13]).toBe('the end');
    for (const text of all.slice(1, 13)) expect(text.endsWith('…')).toBe(true);
    expect(bytes(card)).toBeGreaterThan(CARD_MAX_BYTES * 0.9);
  });

  it('drops trailing elements behind a marker when cutting texts is not enough, keeping the card actions', () => {
    const blocks: Block[] = [
      ...Array.from({ length: 800 }, (_, i) => ({
        type: 'fields' as const,
        fields: [{ label: `k${i}`, value: `v${i}` }],
      })),
      { type: 'actions', actions: [{ label: 'Ack', command: '/incident ack INC-1' }] },
    ];
    const card = render(reply('s', blocks));
    const last = card.body[card.body.length - 1] as TextBlock;
    const dropped = 800 - (card.body.length - 1);
    expect(dropped).toBeGreaterThan(0);
    expect(last).toEqual({
      type: 'TextBlock',
      text: `… (+${dropped})`,
      wrap: true,
      size: 'Small',
      isSubtle: true,
    });
    expect((card.body[0] as FactSet).facts).toEqual([{ title: 'k0', value: 'v0' }]);
    expect(card.actions?.map((a) => a.title)).toEqual(['Ack']);
  });

  it('keeps the worst card-level actions, and the worst form submit, within the cap', () => {
    // Six JSON bytes a character: the costliest titles and commands a button can carry.
    const label = '\u0001'.repeat(500);
    const command = `/${'\u0001'.repeat(166)}`;
    const actions = Array.from({ length: 5 }, () => ({ label, command }));
    const blocks: Block[] = [
      { type: 'text', text: '語'.repeat(20000) },
      { type: 'actions', actions },
    ];
    expect(render(reply('s', blocks)).actions).toHaveLength(5);
    const fields: FormField[] = Array.from({ length: 60 }, (_, i) => ({
      name: `f${i}`,
      label: '語'.repeat(300),
      kind: 'choice',
      required: true,
      options: Array.from({ length: 100 }, (_, n) => ({ value: `v${n}`, label: '\u0001'.repeat(200) })),
      hint: '語'.repeat(500),
    }));
    const huge = { title: '\u0001'.repeat(400), submitLabel: label, command: '/x', fields };
    const card = expectValidCard(renderFormCard(huge, { metadata: '\u0001'.repeat(666) }));
    expect(card.actions).toHaveLength(1);
    expect(texts(card).at(-1)).toMatch(/^… \(\+\d+\)$/);
  });
});

// ── Forms ────────────────────────────────────────────────────────────────────────────────────────

const severity: FormField = {
  name: 'severity',
  label: '重大度',
  kind: 'choice',
  required: true,
  options: [
    { value: 'sev1', label: 'SEV1 (全面停止)' },
    { value: 'sev2', label: 'SEV2' },
  ],
  initial: 'sev2',
  hint: '迷ったら *SEV2*',
};
const form: Form = {
  title: '障害を宣言',
  submitLabel: '宣言する',
  command: '/incident declare',
  fields: [
    {
      name: 'title',
      label: '件名',
      kind: 'text',
      required: true,
      positional: true,
      placeholder: 'DB が遅い',
    },
    severity,
    { name: 'detail', label: 'Detail', kind: 'textarea', required: false, initial: 'line1\nline2' },
    {
      name: 'parties',
      label: 'Parties',
      kind: 'multichoice',
      required: false,
      options: [
        { value: 'customer', label: '顧客' },
        { value: 'sier', label: 'SIer' },
        { value: 'cloud', label: 'Cloud' },
      ],
      initial: ['sier', 'cloud', 'unknown'],
    },
    { name: 'free', label: 'No options', kind: 'choice', required: false },
  ],
};
const metadata = packFormMetadata(form, 'C123');
const renderForm = (f: Form, locale: 'ja' | 'en' = 'ja'): AdaptiveCard =>
  expectValidCard(renderFormCard(f, { locale, metadata: packFormMetadata(f, 'C123') }));

/** What Teams sends back for a submit: its data with every input merged in as a string. */
function submitted(
  card: AdaptiveCard,
  answers: Record<string, string>,
  fallback = false,
): Record<string, unknown> {
  const submit = card.actions![0]!;
  return { ...(fallback ? submit.fallback.data : submit.data), ...answers };
}

describe('renderFormCard', () => {
  it('has a title, one input per field with its hint below, and an Action.Execute submit', () => {
    const card = renderForm(form);
    expect(card.body.map((e) => [e.type, 'id' in e ? e.id : ''])).toEqual([
      ['TextBlock', ''],
      ['Input.Text', 'title'],
      ['Input.ChoiceSet', 'severity'],
      ['TextBlock', ''],
      ['Input.Text', 'detail'],
      ['Input.ChoiceSet', 'parties'],
      ['Input.Text', 'free'],
    ]);
    const [title, text, choice, hint, area, multi, free] = card.body;
    expect(title).toMatchObject({ type: 'TextBlock', text: '障害を宣言', size: 'Large', weight: 'Bolder' });
    expect(text).toEqual({
      type: 'Input.Text',
      id: 'title',
      label: '件名',
      isRequired: true,
      errorMessage: '「件名」は必須です',
      placeholder: 'DB が遅い',
    });
    expect(choice).toEqual({
      type: 'Input.ChoiceSet',
      id: 'severity',
      label: '重大度',
      isRequired: true,
      errorMessage: '「重大度」は必須です',
      style: 'compact',
      choices: [
        { title: 'SEV1 (全面停止)', value: 'sev1' },
        { title: 'SEV2', value: 'sev2' },
      ],
      value: 'sev2',
    });
    expect(hint).toEqual({
      type: 'TextBlock',
      text: '迷ったら \\*SEV2\\*',
      wrap: true,
      size: 'Small',
      isSubtle: true,
      spacing: 'Small',
    });
    expect(area).toEqual({
      type: 'Input.Text',
      id: 'detail',
      label: 'Detail',
      isMultiline: true,
      value: 'line1\nline2',
    });
    expect(multi).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      style: 'compact',
      value: 'sier,cloud',
    });
    expect(free).toEqual({ type: 'Input.Text', id: 'free', label: 'No options' });
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: '宣言する',
        verb: FORM_VERB,
        data: { tsunagiForm: metadata },
        associatedInputs: 'auto',
        fallback: {
          type: 'Action.Submit',
          title: '宣言する',
          data: { tsunagi: 'form', tsunagiForm: metadata },
          associatedInputs: 'auto',
        },
      },
    ]);
  });

  it('writes the error message of a required input in the locale', () => {
    const card = renderForm({ ...form, fields: [severity] }, 'en');
    expect(card.body[1]).toMatchObject({ errorMessage: '重大度 is required' });
  });

  it('shows the first 100 options of a long menu and says so', () => {
    const options = Array.from({ length: 130 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const card = renderForm({ ...form, fields: [{ ...severity, options, hint: undefined }] }, 'en');
    expect((card.body[1] as { choices: unknown[] }).choices).toHaveLength(100);
    expect(texts(card)[1]).toBe('(first 100 of 130 options shown)');
  });

  it('refuses forms it cannot carry: repeated or reserved names, commas in multi-select values, huge metadata', () => {
    const field = (f: Partial<FormField>): FormField => ({
      name: 'a',
      label: 'A',
      kind: 'text',
      required: false,
      ...f,
    });
    const tries: Form[] = [
      { ...form, fields: [field({}), field({})] },
      { ...form, fields: [field({ name: 'tsunagiForm' })] },
      { ...form, fields: [field({ kind: 'multichoice', options: [{ value: 'a,b', label: 'AB' }] })] },
      { ...form, fields: [field({ kind: 'choice', options: [{ value: ' ', label: 'blank' }] })] },
    ];
    for (const f of tries) expect(() => renderFormCard(f, { metadata: '{}' })).toThrow(/renderFormCard/);
    expect(() => renderFormCard(form, { metadata: 'x'.repeat(5000) })).toThrow(/metadata/);
  });
});

describe('readFormValues', () => {
  const answers = {
    title: 'DB 遅延 "本番"',
    severity: 'sev1',
    detail: 'a,b\nc',
    parties: 'customer,cloud',
    free: 'x',
  };

  it('gives the answers back from what Action.Execute and the Action.Submit fallback send', () => {
    const card = renderForm(form);
    const expected = { ...answers, parties: ['customer', 'cloud'] };
    expect(readFormValues(form, submitted(card, answers))).toEqual(expected);
    expect(readFormValues(form, submitted(card, answers, true))).toEqual(expected);
    // The router reads them with the form unpacked from the metadata the card carried.
    const data = submitted(card, answers);
    const unpacked = unpackFormMetadata(data.tsunagiForm as string)!;
    expect(unpacked.channelId).toBe('C123');
    expect(readFormValues(unpacked.form, data)).toEqual(expected);
  });

  it('leaves out empty answers, other keys and values that are not strings', () => {
    const data = {
      title: '  ',
      severity: '',
      parties: ',',
      detail: 42,
      other: 'x',
      tsunagi: 'form',
      free: ['', 'y'],
    };
    expect(readFormValues(form, data)).toEqual({ free: 'y' });
    expect(readFormValues(form, {})).toEqual({});
  });
});

// ── Properties ───────────────────────────────────────────────────────────────────────────────────

const japanese = fc.string({
  unit: fc.constantFrom(...'障害対応中の佐藤さん確認済みデータベース遅延漢字かなカナ、。「」'),
  maxLength: 60,
});
const markup = fc.string({
  unit: fc.constantFrom('*', '_', '[', ']', '\\', '-', '1.', '\n', ' ', '{{DATE(', '"', 'a'),
  maxLength: 40,
});
const shortText = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: japanese, weight: 3 },
  { arbitrary: markup, weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '\n', '　'), weight: 1 },
);
// Long texts are repeats, cheap to generate however long.
const longText = fc
  .tuple(fc.constantFrom('障', 'a', '"', '\u0001', '*\n', '😀', 'é'), fc.integer({ min: 500, max: 12000 }))
  .map(([unit, n]) => unit.repeat(n));
const text = fc.oneof({ arbitrary: shortText, weight: 20 }, { arbitrary: longText, weight: 1 });

const action: fc.Arbitrary<ReplyAction> = fc.record(
  {
    label: fc.oneof({ arbitrary: shortText, weight: 5 }, { arbitrary: longText, weight: 1 }),
    command: fc.oneof(
      { arbitrary: shortText.map((t) => `/incident ${t}`), weight: 8 },
      { arbitrary: longText, weight: 1 },
    ),
    style: fc.constantFrom('primary' as const, 'danger' as const),
    needsInput: fc.boolean(),
  },
  { requiredKeys: ['label', 'command'] },
);

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('header' as const), text }),
  fc.record({ type: fc.constant('text' as const), text }),
  fc.record({
    type: fc.constant('fields' as const),
    fields: fc.array(fc.record({ label: shortText, value: text }), { maxLength: 15 }),
  }),
  fc.record(
    { type: fc.constant('list' as const), title: shortText, items: fc.array(text, { maxLength: 20 }) },
    { requiredKeys: ['type', 'items'] },
  ),
  fc.record({
    type: fc.constant('table' as const),
    columns: fc.array(shortText, { maxLength: 6 }),
    rows: fc.array(fc.array(shortText, { maxLength: 7 }), { maxLength: 45 }),
  }),
  fc.record({ type: fc.constant('context' as const), text }),
  fc.constant({ type: 'divider' as const }),
  fc.record({ type: fc.constant('actions' as const), actions: fc.array(action, { maxLength: 14 }) }),
);

const anyReply: fc.Arbitrary<Reply> = fc
  .record({
    summary: shortText,
    blocks: fc.oneof(
      { arbitrary: fc.array(block, { maxLength: 25 }), weight: 3 },
      { arbitrary: fc.array(block, { minLength: 60, maxLength: 150, size: 'max' }), weight: 1 },
    ),
    tone: fc.constantFrom('info' as const, 'success' as const, 'warning' as const, 'danger' as const),
  })
  .map(({ summary, blocks, tone }) => reply(summary, blocks, { tone }));

const optionValue = fc.string({ unit: fc.constantFrom(...'abcxyz0189-_語'), minLength: 1, maxLength: 10 });
const anyForm: fc.Arbitrary<Form> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_-]{0,30}$/), { maxLength: 25 })
  .chain((names) =>
    fc.record({
      title: text,
      submitLabel: shortText,
      command: fc.constant('/incident declare'),
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
              options: fc.uniqueArray(fc.record({ value: optionValue, label: text }), {
                selector: (o) => o.value,
                maxLength: 120,
              }),
              initial: fc.oneof(shortText, fc.array(optionValue, { maxLength: 3 })),
              placeholder: shortText,
              hint: text,
            },
            { requiredKeys: ['name', 'label', 'kind', 'required'] },
          ),
        ),
      ),
    }),
  );

describe('properties', () => {
  it('every reply gives a card the official parser accepts, under CARD_MAX_BYTES', () => {
    fc.assert(
      fc.property(anyReply, fc.constantFrom('ja' as const, 'en' as const), (r, locale) => {
        const card = expectValidCard(renderCard(r, { locale }));
        for (const a of actionsOf(card)) {
          expect(a.verb).toBe(COMMAND_VERB);
          expect(a.fallback.data).toEqual({ tsunagi: 'command', ...a.data });
        }
        // A marker, if any, is the last element.
        const markers = texts(card).filter((t) => /^… \(\+\d+\)$/.test(t));
        if (markers.length > 0) expect((card.body[card.body.length - 1] as TextBlock).text).toBe(markers[0]);
      }),
      { numRuns: 80 },
    );
  });

  it('every form gives a valid card under the cap, and its answers come back', () => {
    fc.assert(
      fc.property(anyForm, (f) => {
        const card = renderForm(f);
        const inputs = card.body.filter((e) => e.type === 'Input.Text' || e.type === 'Input.ChoiceSet');
        // Pick an answer per input as Teams would send it: the first choice(s), or some text.
        const answers: Record<string, string> = {};
        for (const input of inputs) {
          answers[input.id] =
            input.type !== 'Input.ChoiceSet'
              ? `answer ${input.id}`
              : input.isMultiSelect
                ? input.choices
                    .slice(0, 2)
                    .map((c) => c.value)
                    .join(',')
                : input.choices[0]!.value;
        }
        const values = readFormValues(f, submitted(card, answers));
        for (const input of inputs) {
          const field = f.fields.find((x) => x.name === input.id)!;
          const expected =
            // A multichoice without options is asked as text, and still read as a list.
            field.kind === 'multichoice' ? answers[input.id]!.split(',') : answers[input.id];
          expect(values[input.id]).toEqual(expected);
        }
      }),
      { numRuns: 40 },
    );
  });
});
