// /incident invite: add people to an incident.
import { TsunagiError } from '../../src/core/errors.js';
import { textReply } from '../../src/core/reply.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, positional } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';

export const invite = defineSubcommand({
  name: 'invite',
  aliases: ['add'],
  summary: { ja: '参加者を追加する', en: 'Add people to the incident' },
  description: {
    ja: '追加された SIer・クラウド事業者の人は、このインシデントを見て対応できるようになります（内部メモは見えません）。他組織の人を追加できるのは利用者組織の人と対応責任者です。',
    en: "Added people of an SIer or provider can then see and work on this incident (never its internal notes). Only the customer's people and the commander can add people of another party.",
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    people: positional(types.person, {
      required: true,
      variadic: true,
      help: { ja: '追加する人（複数可）', en: 'People to add' },
    }),
  },
  options: {},
  examples: ['/incident invite INC-1 suzuki', '/incident invite INC-1 suzuki tanaka clark'],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const lines: string[] = [];
    let tone: 'success' | 'warning' = 'success';
    // Each person is added on their own: one refusal (already taking part, not allowed) does not
    // stop the others, and the reply says what happened to each.
    for (const person of args.people) {
      const who = ctx.view.personWithParty(person);
      try {
        await ctx.core.incidents.invite(actor, args.incident, person);
        lines.push(
          ctx.t({
            ja: `👤 ${who}を ${args.incident} に追加しました。`,
            en: `👤 Added ${who} to ${args.incident}.`,
          }),
        );
      } catch (error) {
        if (!(error instanceof TsunagiError) || error.code === 'internal' || error.code === 'storage')
          throw error;
        tone = 'warning';
        lines.push(`✗ ${who}: ${ctx.t(error.userMessage)}`);
      }
    }
    return textReply(lines.join('\n'), tone, 'channel');
  },
});
