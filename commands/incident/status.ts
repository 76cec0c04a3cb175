// /incident status: the incident card.
import { incidentCard } from '../../src/core/views/incident-card.js';
import { defineSubcommand } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';

export const status = defineSubcommand({
  name: 'status',
  aliases: ['show'],
  summary: { ja: 'インシデントの状況を表示する', en: "Show an incident's status" },
  permission: 'participant',
  positionals: { incident: incidentArg },
  options: {},
  examples: ['/incident status INC-1'],
  run(ctx, args) {
    const incident = ctx.core.incidents.get(ctx.requireActor(), args.incident);
    return { ...incidentCard(ctx.view, incident), visibility: 'ephemeral' as const };
  },
});
