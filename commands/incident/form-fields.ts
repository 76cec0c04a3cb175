// The questions /incident asks as a form (Slack modal, Teams card) when typed without arguments.
// Field names are the subcommand's own option and positional names, so answers parse as typed text.
import { DEFAULT_SEVERITY, SEVERITY_DEFINITIONS, SEVERITIES } from '../../src/core/incidents/severity.js';
import type { FormField } from '../../src/core/reply.js';
import type { CommandContext } from '../../src/router/context.js';

export function freeTextField(
  ctx: CommandContext,
  name: string,
  label: { ja: string; en: string },
  options: { multiline?: boolean; required?: boolean; positional?: boolean; placeholder?: string } = {},
): FormField {
  return {
    name,
    label: ctx.t(label),
    kind: options.multiline ? 'textarea' : 'text',
    required: options.required ?? false,
    ...(options.positional ? { positional: true } : {}),
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
  };
}

export function severityField(ctx: CommandContext, name: string, required: boolean): FormField {
  return {
    name,
    label: ctx.t({ ja: '重大度', en: 'Severity' }),
    kind: 'choice',
    required,
    ...(required ? { positional: true } : { initial: String(DEFAULT_SEVERITY) }),
    options: SEVERITIES.map((s) => ({ value: String(s), label: ctx.t(SEVERITY_DEFINITIONS[s].label) })),
    hint: ctx.t({
      ja: 'SEV1: 住民向けサービスの全面停止・情報漏えい／SEV2: 一部停止・不正アクセスの疑い／SEV3: 限定的／SEV4: 影響なし',
      en: 'SEV1: services down or data leaked / SEV2: partly down or suspected intrusion / SEV3: limited / SEV4: no impact',
    }),
  };
}

export function servicesField(ctx: CommandContext): FormField {
  return {
    name: 'service',
    label: ctx.t({ ja: '対象サービス', en: 'Affected services' }),
    kind: 'multichoice',
    required: false,
    options: ctx.directory.services.map((s) => ({ value: s.id, label: `${ctx.t(s.name)} (${s.id})` })),
    hint: ctx.t({
      ja: '責任分担表から関与すべき組織と連絡先を示します。',
      en: 'The responsibility matrix then shows the parties to involve and how to reach them.',
    }),
  };
}

export function commanderField(ctx: CommandContext): FormField {
  const responders = ctx.directory.people.filter((p) => ctx.directory.partyOf(p).role !== 'provider');
  return {
    name: 'commander',
    label: ctx.t({ ja: '対応責任者（IC）', en: 'Incident commander' }),
    kind: 'choice',
    required: false,
    options: [
      { value: 'me', label: ctx.t({ ja: '自分', en: 'Me' }) },
      ...responders.map((p) => ({ value: p.id, label: ctx.view.personWithParty(p) })),
    ],
  };
}
