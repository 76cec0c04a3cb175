// What an alert card's buttons run: acknowledge, open an incident, false positive (a reason is
// required: platforms with forms ask for it, the terminal says how to give it) and mute.
import { UserInputError } from '../../src/core/errors.js';
import { reply } from '../../src/core/reply.js';
import { actionReply } from '../../src/core/views/alert-lists.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option } from '../../src/router/command-spec.js';
import { alertIdArg, alertsOf } from './arguments.js';

export const ack = defineSubcommand({
  name: 'ack',
  aliases: ['acknowledge', '確認'],
  summary: { ja: 'アラートを確認済みにする', en: 'Acknowledge an alert' },
  permission: 'member',
  positionals: { alert: alertIdArg },
  options: {},
  examples: ['/alerts ack ALT-3'],
  async run(ctx, args) {
    return actionReply(ctx.view, await alertsOf(ctx).actions.acknowledge(ctx.requireActor(), args.alert));
  },
});

export const incident = defineSubcommand({
  name: 'incident',
  aliases: ['open-incident', 'インシデント'],
  summary: { ja: 'アラートからインシデントを開始する', en: 'Open an incident from an alert' },
  description: {
    ja: 'ルールの重要度から SEV を決めてインシデントを宣言し、アラートをタイムラインに記録して元イベントを証跡に加えます。',
    en: "Declares an incident with the SEV from the rule's severity, notes the alert on its timeline and adds the raw event as evidence.",
  },
  permission: 'member',
  positionals: { alert: alertIdArg },
  options: {},
  examples: ['/alerts incident ALT-3'],
  async run(ctx, args) {
    return actionReply(ctx.view, await alertsOf(ctx).actions.openIncident(ctx.requireActor(), args.alert));
  },
});

export const falsePositive = defineSubcommand({
  name: 'false-positive',
  aliases: ['fp', '誤検知'],
  summary: { ja: 'アラートを誤検知として記録する', en: 'Record an alert as a false positive' },
  permission: 'member',
  positionals: { alert: alertIdArg },
  options: {
    reason: option(types.text, { help: { ja: '誤検知とする理由', en: 'Why it is a false positive' } }),
  },
  examples: ['/alerts false-positive ALT-3 --reason "定期メンテナンスの作業"'],
  async run(ctx, args) {
    const { alerts, actions } = alertsOf(ctx);
    const actor = ctx.requireActor();
    if (args.reason === undefined) {
      const { id } = alerts.get(args.alert);
      const command = `/alerts false-positive ${id}`;
      if (!ctx.event.capabilities?.forms) {
        throw new UserInputError(
          {
            ja: '誤検知とする理由を --reason で指定してください。',
            en: 'Give the reason it is a false positive with --reason.',
          },
          `${command} --reason "…"`,
        );
      }
      const title = ctx.t({ ja: `${id} を誤検知にする`, en: `Mark ${id} a false positive` });
      return reply(title, [{ type: 'text', text: title }], {
        visibility: 'ephemeral',
        form: {
          title,
          submitLabel: ctx.t({ ja: '記録する', en: 'Record' }),
          command,
          fields: [
            {
              name: 'reason',
              label: ctx.t({ ja: '理由', en: 'Reason' }),
              kind: 'textarea',
              required: true,
              placeholder: ctx.t({ ja: '例: 定期メンテナンスの作業', en: 'e.g. scheduled maintenance' }),
            },
          ],
        },
      });
    }
    return actionReply(ctx.view, await actions.falsePositive(actor, args.alert, args.reason));
  },
});

export const mute = defineSubcommand({
  name: 'mute',
  aliases: ['ミュート'],
  summary: { ja: 'このルールをこの操作者についてミュートする', en: 'Mute the rule for this principal' },
  permission: 'member',
  positionals: { alert: alertIdArg },
  options: {
    for: option(types.text, {
      help: { ja: '期間（30m、2h、1d、PT1H。既定 1h）', en: 'How long (30m, 2h, 1d, PT1H; default 1h)' },
    }),
  },
  examples: ['/alerts mute ALT-3', '/alerts mute ALT-3 --for 2h'],
  async run(ctx, args) {
    return actionReply(ctx.view, await alertsOf(ctx).actions.mute(ctx.requireActor(), args.alert, args.for));
  },
});
