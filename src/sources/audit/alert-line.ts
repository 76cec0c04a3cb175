// One alert as `tsunagi audit replay` prints it (one JSON object per line): the rule that fired and
// the event's own fields. The alert pipeline builds its cards from the same shape.
import type { AuditSource, CompiledRule } from '../rules/rule.js';
import { alertFields, type AlertFields } from './alert-fields.js';

export interface AlertLine extends AlertFields {
  readonly rule_id: string;
  readonly rule_title: string;
  readonly severity: CompiledRule['severity'];
  readonly source: AuditSource;
  readonly playbook: string | null;
}

export function alertLine(rule: CompiledRule, source: AuditSource, fields: AlertFields): AlertLine {
  return {
    rule_id: rule.id,
    rule_title: rule.title.en,
    severity: rule.severity,
    ...fields,
    source,
    playbook: rule.playbook ?? null,
  };
}

/** The alerts one record raises: its fields are read once, however many rules matched. */
export function alertLines(
  rules: readonly CompiledRule[],
  source: AuditSource,
  record: unknown,
): AlertLine[] {
  if (rules.length === 0) return [];
  const fields = alertFields(source, record);
  return rules.map((rule) => alertLine(rule, source, fields));
}
