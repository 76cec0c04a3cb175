// /notices triage: what the notice card's buttons run. "Not relevant" needs a reason: platforms
// with forms ask for it, the terminal says how to give it.
import { UserInputError } from '../../src/core/errors.js';
import { reply } from '../../src/core/reply.js';
import { noticeArgument } from '../../src/core/views/notice-card.js';
import { triageReply } from '../../src/core/views/notice-triage.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option, positional } from '../../src/router/command-spec.js';
import { noticeIdArg, noticesOf, triageType } from './arguments.js';

export const triage = defineSubcommand({
  name: 'triage',
  aliases: ['対応'],
  summary: { ja: '通知への対応を決める', en: 'Decide what to do about a notice' },
  description: {
    ja: 'not-relevant: 関係なし（理由を記録）。review-settings: 該当サービスの設定（アカウント・アクセス設定のレイヤ）の担当組織に見直しを依頼。open-change: 通知を添えて変更の協議（CHG-n）を開始。決められるのは利用者組織の人と、該当サービスを運用する SIer の人です。',
    en: "not-relevant: record that it does not concern us, with the reason. review-settings: ask the party responsible for the settings (accounts and access layer) of each service concerned to review them. open-change: open a change discussion (CHG-n) with the notice attached. The customer's people and the SIer operating the services concerned decide.",
  },
  permission: 'member',
  positionals: {
    notice: noticeIdArg,
    action: positional(triageType, {
      required: true,
      help: {
        ja: 'not-relevant | review-settings | open-change',
        en: 'not-relevant | review-settings | open-change',
      },
    }),
  },
  options: {
    reason: option(types.text, { help: { ja: '関係なしとする理由', en: 'Why it is not relevant' } }),
  },
  examples: [
    '/notices triage m365:MC123456 not-relevant --reason "該当機能は利用していない"',
    '/notices triage m365:MC123456 review-settings',
    '/notices triage m365:MC123456 open-change',
  ],
  async run(ctx, args) {
    const notices = noticesOf(ctx);
    const actor = ctx.requireActor();
    const { id } = notices.get(args.notice);
    switch (args.action) {
      case 'not-relevant': {
        if (args.reason === undefined) {
          const command = `/notices triage ${noticeArgument(id)} not-relevant`;
          if (!ctx.event.capabilities?.forms) {
            throw new UserInputError(
              {
                ja: '関係なしとする理由を --reason で指定してください。',
                en: 'Give the reason it is not relevant with --reason.',
              },
              `${command} --reason "…"`,
            );
          }
          const title = ctx.t({ ja: `${id} を関係なしにする`, en: `Mark ${id} not relevant` });
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
                  placeholder: ctx.t({
                    ja: '例: 該当機能は利用していない',
                    en: 'e.g. we do not use this feature',
                  }),
                },
              ],
            },
          });
        }
        return triageReply(ctx.view, await notices.notRelevant(actor, id, args.reason));
      }
      case 'review-settings':
        return triageReply(ctx.view, await notices.reviewSettings(actor, id));
      case 'open-change':
        return triageReply(ctx.view, await notices.openChange(actor, id));
    }
  },
});
