// /incident action: an action item (再発防止策) with owner and due date, for the review.
import * as types from '../../src/router/arg-types.js';
import { textReply } from '../../src/core/reply.js';
import { defineSubcommand, option, positional } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';

export const action = defineSubcommand({
  name: 'action',
  aliases: ['再発防止策'],
  summary: {
    ja: '再発防止策を担当と期限つきで記録する',
    en: 'Record an action item with owner and due date',
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    text: positional(types.text, {
      required: true,
      rest: true,
      help: { ja: '対策の内容', en: 'The action' },
    }),
  },
  options: {
    owner: option(types.person, {
      required: true,
      help: { ja: '担当者（me で自分）', en: 'Owner ("me" for yourself)' },
    }),
    due: option(types.duration, {
      required: true,
      help: { ja: '期限（今からの期間。例: 14d）', en: 'Due in (e.g. 14d)' },
    }),
  },
  examples: ['/incident action INC-1 "管理者アカウントにMFAを必須化" --owner suzuki --due 14d'],
  async run(ctx, args) {
    const due = new Date(ctx.core.now().getTime() + args.due);
    const result = await ctx.core.incidents.addAction(
      ctx.requireActor(),
      args.incident,
      args.text,
      args.owner,
      due,
    );
    return textReply(
      ctx.t({
        ja: `✅ ${result.incident.id} の再発防止策を記録しました: 担当 ${ctx.view.person(args.owner.id)}、期限 ${ctx.view.dateTime(due)}（#${result.entry.seq}）`,
        en: `✅ Action item recorded on ${result.incident.id}: owner ${ctx.view.person(args.owner.id)}, due ${ctx.view.dateTime(due)} (#${result.entry.seq})`,
      }),
      'success',
    );
  },
});
