// /incident lesson: what went well or badly, for the post-incident review.
import * as types from '../../src/router/arg-types.js';
import { textReply } from '../../src/core/reply.js';
import { defineSubcommand, positional } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';

const kindType = types.choice('well|badly', ['well', 'badly'] as const, { 良かった: 'well', 課題: 'badly' });

export const lesson = defineSubcommand({
  name: 'lesson',
  aliases: ['教訓'],
  summary: { ja: '事後レビューに良かった点・課題を記録する', en: 'Record what went well or badly' },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    kind: positional(kindType, {
      required: true,
      help: { ja: 'well（良かった点）または badly（課題）', en: 'well or badly' },
    }),
    text: positional(types.text, { required: true, rest: true, help: { ja: '内容', en: 'What' } }),
  },
  options: {},
  examples: [
    '/incident lesson INC-1 well "SIer の夜間連絡網が機能した"',
    '/incident lesson INC-1 badly "第一報まで1時間かかった"',
  ],
  async run(ctx, args) {
    const result = await ctx.core.incidents.addLesson(
      ctx.requireActor(),
      args.incident,
      args.kind === 'well' ? 'went_well' : 'went_badly',
      args.text,
    );
    return textReply(
      ctx.t({
        ja: `💡 ${result.incident.id} の事後レビューに記録しました（#${result.entry.seq}）。`,
        en: `💡 Recorded for the review of ${result.incident.id} (#${result.entry.seq}).`,
      }),
      'success',
    );
  },
});
