// `{{name}}` templates and the values conditions and templates may read. Names resolve only from a
// flat map built here from the run's inputs and the incident's fields (own properties only), so
// `{{constructor}}` or `{{__proto__}}` are just unknown names and stay visible as written.
import type { Bilingual, Locale } from '../../i18n/locale.js';
import type { ConditionScope } from '../condition.js';
import type { IncidentField } from '../playbook-types.js';

/** A value in each language (a person's name, a time in words) or one for both. */
export type FactValue = string | number | Bilingual;

/** The incident fields a run may read (FORMAT.md: `incident.id`, `incident.title`, …). */
export type IncidentFacts = Readonly<
  Partial<Record<'id' | 'title' | 'status', string> & { severity: number } & Record<IncidentField, FactValue>>
>;

type ScopeValue = string | number | boolean | Bilingual;
export type TemplateScope = Readonly<Record<string, ScopeValue | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/**
 * Replaces each `{{name}}` with its value from `scope` (a bilingual value in `locale`); unknown
 * names are left as `{{name}}`.
 */
export function renderTemplate(text: string, scope: TemplateScope, locale: Locale = 'ja'): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(scope, name)) return whole;
    const value = scope[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    if (isBilingual(value)) return value[locale];
    return whole;
  });
}

export function renderBilingual(text: Bilingual, scope: TemplateScope): Bilingual {
  return { ja: renderTemplate(text.ja, scope, 'ja'), en: renderTemplate(text.en, scope, 'en') };
}

/**
 * A scope value as one plain value, for conditions and sub-playbook inputs: a bilingual fact in
 * Japanese, the organisation's working language.
 */
export function plainValue(value: ScopeValue): string | number | boolean {
  return isBilingual(value) ? value.ja : value;
}

function isBilingual(value: unknown): value is Bilingual {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Bilingual).ja === 'string' &&
    typeof (value as Bilingual).en === 'string'
  );
}

/** Inputs by name and incident fields as `incident.<field>` (own properties of both only). */
export function templateScope(
  inputs: Readonly<Record<string, string | number | boolean>>,
  incident: IncidentFacts | undefined,
): Record<string, ScopeValue> {
  const scope: Record<string, ScopeValue> = Object.create(null) as Record<string, ScopeValue>;
  for (const name of Object.keys(inputs)) {
    const value = inputs[name];
    if (value !== undefined) scope[name] = value;
  }
  if (incident) {
    for (const field of Object.keys(incident) as (keyof IncidentFacts)[]) {
      const value = incident[field];
      if (value !== undefined) scope[`incident.${field}`] = value;
    }
  }
  return scope;
}

/** The condition scope: inputs, `severity`, `incident.*`, and decisions as `decision.<step>`. */
export function conditionScope(
  inputs: Readonly<Record<string, string | number | boolean>>,
  incident: IncidentFacts | undefined,
  severityDefault: number | undefined,
  decisions: Readonly<Record<string, string>>,
): ConditionScope {
  const scope: Record<string, string | number | boolean> = Object.create(null) as Record<
    string,
    string | number | boolean
  >;
  for (const [name, value] of Object.entries(templateScope(inputs, incident)))
    scope[name] = plainValue(value);
  const severity = incident?.severity ?? severityDefault;
  if (severity !== undefined) scope['severity'] = typeof severity === 'number' ? severity : Number(severity);
  for (const step of Object.keys(decisions)) {
    const value = decisions[step];
    if (value !== undefined) scope[`decision.${step}`] = value;
  }
  return scope;
}
