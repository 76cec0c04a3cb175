// The reading of CompiledRule.index in one place, so an engine bucketing rules by event name and
// the tests that prove the index never hides a match agree on what it means.
import type { CompiledRule } from '../rule.js';
import { scalarText } from './field-path.js';

/**
 * The key a record files under for an index on `field`: its lowercased text; `null` when the field
 * is absent or null (no indexed rule can match); undefined when it is an object or array (evaluate
 * every rule).
 */
export function indexKey(record: unknown, field: string): string | null | undefined {
  if (record === null || typeof record !== 'object' || !Object.hasOwn(record, field)) return null;
  const value = (record as Record<string, unknown>)[field];
  if (value === null || value === undefined) return null;
  const text = scalarText(value);
  return text === undefined ? undefined : text.toLowerCase();
}

/** False only when the rule's index rules the record out; `matches` decides the rest. */
export function mayMatch(rule: CompiledRule, record: unknown): boolean {
  if (!rule.index) return true;
  const key = indexKey(record, rule.index.field);
  return key === undefined || (key !== null && rule.index.values.has(key));
}
