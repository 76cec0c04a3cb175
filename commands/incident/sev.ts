// /incident sev: change the severity.
import { SEVERITY_DEFINITIONS } from '../../src/core/incidents/severity.js';
import { incidentCard } from '../../src/core/views/incident-card.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option, positional } from '../../src/router/command-spec.js';
import { incidentArg } from './arguments.js';
import { freeTextField, severityField } from './form-fields.js';

export const sev = defineSubcommand({
  name: 'sev',
  aliases: ['severity'],
  summary: { ja: '重大度を変更する', en: 'Change the severity' },
  description: {
    ja: 'SEV1: 住民向けサービスの全面停止・情報漏えい／SEV2: 重要サービスの一部停止・不正アクセスの疑い／SEV3: 限定的な影響／SEV4: 影響なし（計画的に対処）',
    en: 'SEV1: resident services down or data leaked / SEV2: important service partly down or suspected intrusion / SEV3: limited impact / SEV4: no impact (planned work)',
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    severity: positional(types.severity, {
      required: true,
      help: { ja: '新しい重大度 1〜4', en: 'New severity 1-4' },
    }),
  },
  options: { reason: option(types.text, { help: { ja: '変更の理由', en: 'Why it changes' } }) },
  examples: ['/incident sev INC-1 1 --reason "個人情報の流出を確認"'],
  form: {
    submit: { ja: '変更する', en: 'Change' },
    fields: (ctx) => [
      severityField(ctx, 'severity', true),
      freeTextField(ctx, 'reason', { ja: '変更の理由', en: 'Why it changes' }),
    ],
  },
  async run(ctx, args) {
    const result = await ctx.core.incidents.setSeverity(
      ctx.requireActor(),
      args.incident,
      args.severity,
      args.reason,
    );
    const label = ctx.t(SEVERITY_DEFINITIONS[args.severity].label);
    return incidentCard(
      ctx.view,
      result.incident,
      ctx.t({
        ja: `⚖ ${result.incident.id} の重大度を ${label}に変更しました。`,
        en: `⚖ ${result.incident.id} is now ${label}.`,
      }),
    );
  },
});
