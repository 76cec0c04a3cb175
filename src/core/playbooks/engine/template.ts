// `{{name}}` templates and the values conditions and templates may read. Names resolve only from a
// flat map built here from the run's inputs and the incident's fields (own properties only), so
// `{{constructor}}` or `{{__proto__}}` are just unknown names and stay visible as written.
import type { Bilingual } from '../../i18n/locale.js';
import type { ConditionScope } from '../condition.js';
import type { IncidentField } from '../playbook-types.js';

/** The incident fields a run may read (FORMAT.md: `incident.id`, `incident.title`, …). */
export type IncidentFacts = Readonly<Partial<Record<IncidentField, string | number>>>;

export type TemplateScope = Readonly<Record<string, string | number | boolean | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/** Replaces each `{{name}}` with its value from `scope`; unknown names are left as `{{name}}`. */
export function renderTemplate(text: string, scope: TemplateScope): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(scope, name)) return whole;
    const value = scope[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    return whole;
  });
}

export function renderBilingual(text: Bilingual, scope: TemplateScope): Bilingual {
  return { ja: renderTemplate(text.ja, scope), en: renderTemplate(text.en, scope) };
}

/** Inputs by name and incident fields as `incident.<field>` (own properties of both only). */
export function templateScope(
  inputs: Readonly<Record<string, string | number | boolean>>,
  incident: IncidentFacts | undefined,
): Record<string, string | number | boolean> {
  const scope: Record<string, string | number | boolean> = Object.create(null) as Record<
    string,
    string | number | boolean
  >;
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
  const scope = templateScope(inputs, incident);
  const severity = incident?.severity ?? severityDefault;
  if (severity !== undefined) scope['severity'] = typeof severity === 'number' ? severity : Number(severity);
  for (const step of Object.keys(decisions)) {
    const value = decisions[step];
    if (value !== undefined) scope[`decision.${step}`] = value;
  }
  return scope;
}
