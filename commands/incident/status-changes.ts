// contain, resolve, close and reopen: status changes, validated by the core.
import type { Bilingual } from '../../src/core/i18n/locale.js';
import type { IncidentStatus } from '../../src/core/incidents/model.js';
import { incidentCard } from '../../src/core/views/incident-card.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, positional, type Permission } from '../../src/router/command-spec.js';
import { incidentArg, reasonArg } from './arguments.js';

export function statusChange(
  name: string,
  to: IncidentStatus,
  summary: Bilingual,
  done: (id: string) => Bilingual,
  options: { description?: Bilingual; reasonRequired?: boolean; permission?: Permission } = {},
) {
  return defineSubcommand({
    name,
    summary,
    ...(options.description ? { description: options.description } : {}),
    permission: options.permission ?? 'participant',
    positionals: {
      incident: incidentArg,
      reason: options.reasonRequired
        ? positional(types.text, { required: true, rest: true, help: { ja: '理由', en: 'Reason' } })
        : reasonArg,
    },
    options: {},
    examples: [`/incident ${name} INC-1${options.reasonRequired ? ' 再発を確認' : ''}`],
    async run(ctx, args) {
      const result = await ctx.core.incidents.transition(ctx.requireActor(), args.incident, to, args.reason);
      return incidentCard(ctx.view, result.incident, ctx.t(done(result.incident.id)));
    },
  });
}

export const contain = statusChange(
  'contain',
  'contained',
  { ja: '封じ込め済みにする', en: 'Mark the incident contained' },
  (id) => ({ ja: `🛡 ${id} を封じ込め済みにしました。`, en: `🛡 ${id} is contained.` }),
);

export const resolve = statusChange(
  'resolve',
  'resolved',
  { ja: '解決済みにする', en: 'Mark the incident resolved' },
  (id) => ({ ja: `✅ ${id} を解決済みにしました。`, en: `✅ ${id} is resolved.` }),
);

export const close = statusChange(
  'close',
  'closed',
  {
    ja: 'クローズする（対応責任者・責任者のみ）',
    en: 'Close the incident (commander or accountable people)',
  },
  (id) => ({ ja: `📁 ${id} をクローズしました。`, en: `📁 ${id} is closed.` }),
  {
    description: {
      ja: '解決済みのインシデントをクローズします。実行できるのは対応責任者（IC）と、利用者組織の責任者（accountable、またはサービスのシステム所管者）です。',
      en: "Closes a resolved incident. Only the incident commander or the customer's accountable people (accountable, or the service owner) may close.",
    },
    permission: 'closer',
  },
);

export const reopen = statusChange(
  'reopen',
  'investigating',
  { ja: '再開する（調査中に戻す）', en: 'Reopen (back to investigating)' },
  (id) => ({ ja: `🔁 ${id} を再開しました。`, en: `🔁 ${id} is reopened.` }),
  { reasonRequired: true },
);
