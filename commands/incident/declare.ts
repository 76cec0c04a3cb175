// /incident declare: open an incident and show who to involve.
import { DEFAULT_SEVERITY, SEVERITY_DEFINITIONS } from '../../src/core/incidents/severity.js';
import { incidentCard } from '../../src/core/views/incident-card.js';
import { partiesToInvolveBlocks } from '../../src/core/views/parties-to-involve.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option, positional } from '../../src/router/command-spec.js';
import { withNotice } from './masked-notice.js';
import { commanderField, freeTextField, servicesField, severityField } from './form-fields.js';

export const declare = defineSubcommand({
  name: 'declare',
  aliases: ['new', '宣言'],
  summary: { ja: 'インシデントを宣言する', en: 'Declare an incident' },
  description: {
    ja: '新しいインシデントを起票し、対象サービスの責任分担表から関与すべき組織と連絡先を示します。重大度を省略すると SEV3 になります。',
    en: 'Opens a new incident and lists, from the responsibility matrix of the affected services, the parties to involve and how to reach them. Severity defaults to SEV3.',
  },
  permission: 'responder',
  positionals: {
    title: positional(types.text, {
      required: true,
      rest: true,
      help: { ja: 'タイトル（何が起きているか）', en: "Title (what's happening)" },
    }),
  },
  options: {
    sev: option(types.severity, {
      help: { ja: '重大度 1〜4（1が最も重大）', en: 'Severity 1-4 (1 is the most severe)' },
    }),
    service: option(types.service, {
      multiple: true,
      help: { ja: '影響を受けるサービス', en: 'Affected service' },
    }),
    commander: option(types.person, {
      help: { ja: '対応責任者（IC）。me で自分', en: 'Incident commander; "me" for yourself' },
    }),
    summary: option(types.text, { help: { ja: '状況の概要', en: 'Summary of the situation' } }),
    began: option(types.duration, {
      help: {
        ja: '事象が始まったのは何分（何時間）前か。検知までの時間に使います（例: 2h）',
        en: 'How long ago the problem began, if known; used for time to detect (e.g. 2h)',
      },
    }),
  },
  examples: [
    '/incident declare "Portal exposed" --sev 2 --service portal',
    '/incident declare 「職員メールの不審なログイン」 --sev 2 --service mail --commander me',
  ],
  form: {
    submit: { ja: '宣言する', en: 'Declare' },
    fields: (ctx) => [
      freeTextField(
        ctx,
        'title',
        { ja: 'タイトル（何が起きているか）', en: "Title (what's happening)" },
        {
          required: true,
          positional: true,
        },
      ),
      severityField(ctx, 'sev', false),
      servicesField(ctx),
      commanderField(ctx),
      freeTextField(
        ctx,
        'summary',
        { ja: '状況の概要', en: 'Summary of the situation' },
        { multiline: true },
      ),
    ],
  },
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const result = await ctx.core.incidents.declare(actor, {
      title: args.title,
      severity: args.sev ?? DEFAULT_SEVERITY,
      services: args.service.map((s) => s.id),
      ...(args.summary ? { summary: args.summary } : {}),
      ...(args.commander ? { commander: args.commander } : {}),
      ...(args.began ? { startedBeforeMs: args.began } : {}),
    });
    const { incident } = result;
    const v = ctx.view;
    const card = incidentCard(
      v,
      incident,
      ctx.t({ ja: `🚨 ${incident.id} を宣言しました。`, en: `🚨 Declared ${incident.id}.` }),
    );
    const notes: string[] = [];
    if (args.sev === undefined) {
      notes.push(
        ctx.t({
          ja: `重大度が指定されていないため ${SEVERITY_DEFINITIONS[DEFAULT_SEVERITY].label.ja} としました。変更: /incident sev ${incident.id} <1-4>`,
          en: `No severity given, so it is ${SEVERITY_DEFINITIONS[DEFAULT_SEVERITY].label.en}. Change it: /incident sev ${incident.id} <1-4>`,
        }),
      );
    }
    const next = [
      !incident.roles.commander
        ? ctx.t({
            ja: `対応責任者を決める: /incident role ${incident.id} commander me`,
            en: `Name a commander: /incident role ${incident.id} commander me`,
          })
        : undefined,
      ctx.t({
        ja: `関係者を追加する: /incident invite ${incident.id} <person>`,
        en: `Add people: /incident invite ${incident.id} <person>`,
      }),
      ctx.t({
        ja: `第一報を送る: /incident update ${incident.id} "状況…"`,
        en: `Send the first update: /incident update ${incident.id} "What we know…"`,
      }),
    ].filter((x): x is string => x !== undefined);
    const services = args.service;
    const blocks = [
      ...card.blocks.filter((b) => b.type !== 'actions'),
      ...(services.length
        ? partiesToInvolveBlocks(v, services)
        : [
            {
              type: 'context' as const,
              text: ctx.t({
                ja: '対象サービスを --service で指定すると、関与すべき組織と連絡先を表示します。',
                en: 'Name the affected services with --service to see the parties to involve and their contacts.',
              }),
            },
          ]),
      { type: 'list' as const, title: ctx.t({ ja: '次にすること', en: 'Next steps' }), items: next },
      ...notes.map((text) => ({ type: 'context' as const, text })),
      ...card.blocks.filter((b) => b.type === 'actions'),
    ];
    return withNotice(ctx, { ...card, blocks }, result);
  },
});
