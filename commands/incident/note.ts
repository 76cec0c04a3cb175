// /incident note: a note on the timeline, shared or internal.
import { textReply } from '../../src/core/reply.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, flag, positional } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';
import { freeTextField } from './form-fields.js';
import { maskedNotice } from './masked-notice.js';

export const note = defineSubcommand({
  name: 'note',
  summary: { ja: 'タイムラインにメモを残す', en: 'Add a note to the timeline' },
  description: {
    ja: '--internal を付けると利用者組織の人だけが見られる内部メモになります。秘密情報らしき値（トークン、パスワード等）は伏せ字で記録されます。',
    en: "With --internal only the customer's people can see the note. Secret-looking values (tokens, passwords) are masked before recording.",
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    text: positional(types.text, { required: true, rest: true, help: { ja: 'メモの内容', en: 'The note' } }),
  },
  options: {
    internal: flag({
      help: { ja: '利用者組織の内部メモにする', en: "Visible to the customer's people only" },
    }),
  },
  examples: [
    '/incident note INC-1 WAF で該当IPを遮断',
    '/incident note INC-1 "議会への説明は課長判断" --internal',
  ],
  form: {
    submit: { ja: '記録する', en: 'Add note' },
    fields: (ctx) => [
      freeTextField(
        ctx,
        'text',
        { ja: 'メモの内容', en: 'The note' },
        {
          required: true,
          positional: true,
          multiline: true,
        },
      ),
    ],
  },
  async run(ctx, args) {
    const result = await ctx.core.incidents.addNote(
      ctx.requireActor(),
      args.incident,
      args.text,
      args.internal,
    );
    const lead = args.internal
      ? ctx.t({
          ja: `🔒 ${result.incident.id} に内部メモを記録しました（#${result.entry.seq}）。`,
          en: `🔒 Internal note recorded on ${result.incident.id} (#${result.entry.seq}).`,
        })
      : ctx.t({
          ja: `📝 ${result.incident.id} にメモを記録しました（#${result.entry.seq}）。`,
          en: `📝 Note recorded on ${result.incident.id} (#${result.entry.seq}).`,
        });
    const notice = maskedNotice(ctx, result);
    return textReply(notice ? `${lead}\n${notice}` : lead, 'success');
  },
});
