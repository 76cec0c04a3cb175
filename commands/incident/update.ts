// /incident update: a numbered stakeholder update.
import type { IncidentEventData } from '../../src/core/incidents/ledger-events.js';
import { stakeholderUpdate } from '../../src/core/views/stakeholder-update.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option, positional } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';
import { freeTextField } from './form-fields.js';
import { withNotice } from './masked-notice.js';

export const update = defineSubcommand({
  name: 'update',
  summary: { ja: '関係者へ状況を報告する（第n報）', en: 'Post a status update to stakeholders' },
  description: {
    ja: '報告は第1報、第2報…と番号付きで記録・共有されます。次回報告の予定は重大度に応じて設定されます（SEV1: 30分、SEV2: 1時間、SEV3: 4時間、SEV4: 1日）。--next で変更できます。',
    en: 'Updates are numbered and recorded. The next one is due by severity (SEV1 30 min, SEV2 1 h, SEV3 4 h, SEV4 1 day); change it with --next.',
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    text: positional(types.text, { required: true, rest: true, help: { ja: '報告内容', en: 'The update' } }),
  },
  options: {
    next: option(types.duration, {
      help: { ja: '次回報告までの時間（例: 30m, 2h）', en: 'Time until the next update (e.g. 30m, 2h)' },
    }),
  },
  examples: ['/incident update INC-1 "WAFで遮断済み。影響範囲を調査中" --next 30m'],
  form: {
    submit: { ja: '報告する', en: 'Post update' },
    fields: (ctx) => [
      freeTextField(
        ctx,
        'text',
        { ja: '報告内容', en: 'The update' },
        {
          required: true,
          positional: true,
          multiline: true,
        },
      ),
      freeTextField(ctx, 'next', {
        ja: '次回報告までの時間（例: 30m, 2h）',
        en: 'Next update in (e.g. 30m, 2h)',
      }),
    ],
  },
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const result = await ctx.core.incidents.postUpdate(actor, args.incident, args.text, args.next);
    const data = result.entry.data as IncidentEventData['incident.update_posted'];
    const posted = stakeholderUpdate(ctx.view, result.incident, data, ctx.view.personWithParty(actor));
    return withNotice(ctx, posted, result);
  },
});
