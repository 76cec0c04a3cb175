// /tsunagi: help, who is responsible for what, who you are, and the severity scale.
import { LAYER_LABELS } from '../src/core/parties/layers.js';
import { SEVERITIES, SEVERITY_DEFINITIONS } from '../src/core/incidents/severity.js';
import { reply, textReply } from '../src/core/reply.js';
import { PARTY_ROLE_LABELS } from '../src/core/parties/party-roles.js';
import { whois as whoisView } from '../src/core/views/whois.js';
import * as types from '../src/router/arg-types.js';
import { defineCommand, defineSubcommand, positional } from '../src/router/command-spec.js';
import { helpOverview, helpTopic } from '../src/router/help-overview.js';

export const help = defineSubcommand({
  name: 'help',
  summary: { ja: 'コマンドの使い方を表示する', en: 'Show how to use the commands' },
  permission: 'anyone',
  positionals: {
    topic: positional(types.text, {
      rest: true,
      help: { ja: 'コマンド名（例: incident declare）', en: 'A command (e.g. incident declare)' },
    }),
  },
  options: {},
  examples: ['/tsunagi help', '/tsunagi help incident declare'],
  run(ctx, args) {
    return args.topic
      ? helpTopic(ctx.commands, args.topic, ctx.locale)
      : helpOverview(ctx.commands, ctx.locale);
  },
});

const whois = defineSubcommand({
  name: 'whois',
  aliases: ['who', '責任'],
  summary: {
    ja: 'サービスの責任分担（誰が何に責任を持つか）',
    en: 'Who is responsible for a service, layer by layer',
  },
  description: {
    ja: 'tsunagi.yaml の責任分担表（実施責任と最終責任）と連絡先を表示します。レイヤ: data, accounts, endpoints, application, runtime, middleware, os, network, virtualisation, hardware, facility',
    en: 'Shows the responsibility matrix from tsunagi.yaml (responsible and accountable party) and contacts. Layers: data, accounts, endpoints, application, runtime, middleware, os, network, virtualisation, hardware, facility',
  },
  permission: 'member',
  positionals: {
    service: positional(types.service, { required: true, help: { ja: 'サービス', en: 'Service' } }),
    layer: positional(types.layer, {
      help: { ja: 'レイヤ（省略時は全レイヤ）', en: 'Layer (all when left out)' },
    }),
  },
  options: {},
  examples: ['/tsunagi whois portal', '/tsunagi whois portal os', '/tsunagi whois mail accounts'],
  run(ctx, args) {
    ctx.requireActor();
    return whoisView(ctx.view, args.service, args.layer);
  },
});

const whoami = defineSubcommand({
  name: 'whoami',
  summary: { ja: '自分の登録内容を表示する', en: 'Show who Tsunagi thinks you are' },
  permission: 'anyone',
  positionals: {},
  options: {},
  run(ctx) {
    const actor = ctx.actor;
    if (!actor) {
      return textReply(
        ctx.t({
          ja: `あなた（${ctx.event.platform} ID: ${ctx.event.user.id}）は tsunagi.yaml に登録されていません。管理者に people への追加を依頼してください（chat.${ctx.event.platform} にこの ID を記載）。`,
          en: `You (${ctx.event.platform} id ${ctx.event.user.id}) are not listed in tsunagi.yaml. Ask an administrator to add you under people (with this id under chat.${ctx.event.platform}).`,
        }),
        'warning',
      );
    }
    const party = ctx.directory.partyOf(actor);
    return reply(
      ctx.t(actor.name),
      [
        { type: 'header', text: ctx.view.personWithParty(actor) },
        {
          type: 'fields',
          fields: [
            { label: 'ID', value: actor.id },
            {
              label: ctx.t({ ja: '組織の立場', en: 'Party role' }),
              value: ctx.t(PARTY_ROLE_LABELS[party.role]),
            },
            ...(actor.title
              ? [{ label: ctx.t({ ja: '役職', en: 'Title' }), value: ctx.t(actor.title) }]
              : []),
            { label: ctx.t({ ja: '言語', en: 'Language' }), value: ctx.locale },
            {
              label: ctx.t({ ja: '最終責任者', en: 'Accountable' }),
              value: actor.accountable
                ? ctx.t({ ja: 'はい（インシデントをクローズできます）', en: 'yes (may close incidents)' })
                : ctx.t({ ja: 'いいえ', en: 'no' }),
            },
          ],
        },
      ],
      { visibility: 'ephemeral' },
    );
  },
});

const severities = defineSubcommand({
  name: 'severities',
  aliases: ['sev', 'severity'],
  summary: { ja: '重大度（SEV1〜SEV4）の定義', en: 'What SEV1 to SEV4 mean' },
  permission: 'anyone',
  positionals: {},
  options: {},
  run(ctx) {
    return reply(
      ctx.t({ ja: '重大度の定義', en: 'Severity levels' }),
      [
        { type: 'header', text: ctx.t({ ja: '重大度の定義', en: 'Severity levels' }) },
        {
          type: 'list',
          items: SEVERITIES.map(
            (level) =>
              `${ctx.t(SEVERITY_DEFINITIONS[level].label)}: ${ctx.t(SEVERITY_DEFINITIONS[level].definition)}`,
          ),
        },
      ],
      { visibility: 'ephemeral' },
    );
  },
});

const layers = defineSubcommand({
  name: 'layers',
  summary: { ja: '責任分担のレイヤ一覧', en: 'The layers of the responsibility matrix' },
  permission: 'anyone',
  positionals: {},
  options: {},
  run(ctx) {
    return reply(
      ctx.t({ ja: 'レイヤ', en: 'Layers' }),
      [{ type: 'list', items: Object.entries(LAYER_LABELS).map(([id, label]) => `${id} — ${ctx.t(label)}`) }],
      { visibility: 'ephemeral' },
    );
  },
});

const board = defineSubcommand({
  name: 'board',
  aliases: ['ボード'],
  summary: {
    ja: 'インシデントボード（ブラウザ・Teams タブ）を開く個人用リンク',
    en: 'Your personal link to the incident board (browser, Teams tab)',
  },
  description: {
    ja: 'あなたの組織が見られるインシデントだけを表示するボードへの、8 時間有効なリンクを返します（本人にだけ表示）。リンクは他の人に渡さないでください。期限が切れたら、もう一度 /tsunagi board で新しいリンクを受け取ってください。',
    en: 'Replies (to you only) with a link, valid for 8 hours, to a board showing only the incidents your organisation may see. Do not pass the link on. When it expires, ask again with /tsunagi board.',
  },
  permission: 'member',
  positionals: {},
  options: {},
  examples: ['/tsunagi board'],
  run(ctx) {
    const actor = ctx.requireActor();
    const links = ctx.core.boardLinks;
    if (!links) {
      return textReply(
        ctx.t({
          ja: 'インシデントボードは HTTP サーバーで提供されますが、このボットは HTTP ポートを開いていません。環境変数 PORT を設定して（例: PORT=3000）、公開 URL があれば TSUNAGI_PUBLIC_URL も設定して再起動してください。',
          en: 'The incident board is served over HTTP, but this bot has no HTTP port open. Set the PORT environment variable (e.g. PORT=3000), and TSUNAGI_PUBLIC_URL if the bot has a public address, then restart.',
        }),
        'warning',
      );
    }
    const link = links.create(actor, ctx.core.now());
    const expires = ctx.view.dateTime(link.expiresAt);
    const left = ctx.view.relative(link.expiresAt.toISOString());
    return reply(
      ctx.t({ ja: 'インシデントボードへのリンク', en: 'Your incident board link' }),
      [
        { type: 'header', text: ctx.t({ ja: 'インシデントボード', en: 'Incident board' }) },
        { type: 'text', text: link.url },
        {
          type: 'context',
          text: ctx.t({
            ja: `有効期限: ${expires}（${left}）。あなた専用のリンクです。他の人に渡さないでください。期限切れの後は /tsunagi board で新しいリンクを受け取れます。`,
            en: `Valid until ${expires} (${left}). This link is yours alone: do not pass it on. Afterwards, ask for a new one with /tsunagi board.`,
          }),
        },
      ],
      { visibility: 'ephemeral' },
    );
  },
});

export const tsunagiCommand = defineCommand({
  name: 'tsunagi',
  aliases: ['つなぎ'],
  summary: { ja: 'ヘルプ、責任分担、自分の情報', en: 'Help, responsibilities, and who you are' },
  defaultSubcommand: 'help',
  subcommands: [help, whois, whoami, severities, layers, board],
});
