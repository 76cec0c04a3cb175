// /incident role: assign or remove a role.
import { ROLE_LABELS } from '../../src/core/incidents/roles.js';
import { incidentCard } from '../../src/core/views/incident-card.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, flag, positional } from '../../src/router/command-spec.js';
import { incidentArg, roleType } from './arguments.js';

export const role = defineSubcommand({
  name: 'role',
  summary: { ja: '役割を割り当てる', en: 'Assign a role' },
  description: {
    ja: '役割: commander（対応責任者）、communications（広報・連絡担当）、scribe（記録係）、liaison（組織ごとの連絡窓口）。割り当てた人はインシデントに追加されます。割り当てられるのは利用者組織の人と対応責任者で、空いている役割は誰でも自分で引き受けられます。',
    en: "Roles: commander, communications, scribe, liaison (one per party). The person is added to the incident. The customer's people and the commander can assign; anyone may take a vacant role themselves.",
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    role: positional(roleType, { required: true, help: { ja: '役割', en: 'Role' } }),
    person: positional(types.person, {
      required: true,
      help: { ja: '担当者。me で自分', en: 'Person; "me" for yourself' },
    }),
  },
  options: { unassign: flag({ help: { ja: '役割を外す', en: 'Remove the role instead' } }) },
  examples: [
    '/incident role INC-1 commander me',
    '/incident role INC-1 liaison suzuki',
    '/incident role INC-1 scribe tanaka --unassign',
  ],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const service = ctx.core.incidents;
    const result = args.unassign
      ? await service.unassignRole(actor, args.incident, args.role, args.person)
      : await service.assignRole(actor, args.incident, args.role, args.person);
    const who = ctx.view.personWithParty(args.person);
    const roleName =
      args.role === 'liaison'
        ? `${ctx.t(ROLE_LABELS.liaison)}（${ctx.view.party(args.person.partyId)}）`
        : ctx.t(ROLE_LABELS[args.role]);
    const lead = args.unassign
      ? ctx.t({ ja: `👤 ${who}の${roleName}を解除しました。`, en: `👤 ${who} is no longer ${roleName}.` })
      : ctx.t({ ja: `👤 ${who}を${roleName}に割り当てました。`, en: `👤 ${who} is now ${roleName}.` });
    return incidentCard(ctx.view, result.incident, lead);
  },
});
