// /incident timeline: what happened, who did it, when.
import { incidentTimeline } from '../../src/core/views/incident-timeline.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';

export const timeline = defineSubcommand({
  name: 'timeline',
  aliases: ['log'],
  summary: { ja: 'タイムラインを表示する', en: 'Show the timeline' },
  permission: 'participant',
  positionals: { incident: incidentArg },
  options: {
    limit: option(types.count, {
      defaultValue: 50,
      help: { ja: '表示する件数（最新から）', en: 'How many entries (latest first)' },
    }),
  },
  examples: ['/incident timeline INC-1', '/incident timeline INC-1 --limit 200'],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const incident = ctx.core.incidents.get(actor, args.incident);
    const entries = await ctx.core.incidents.timeline(actor, args.incident);
    return incidentTimeline(ctx.view, incident, entries, args.limit);
  },
});
