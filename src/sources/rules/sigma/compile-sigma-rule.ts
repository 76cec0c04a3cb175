// One parsed Sigma rule document into a CompiledRule: metadata checked and carried over (author and
// references kept, as the Detection Rule License asks), the logsource resolved to an audit source
// and field mapping, the detection compiled. Throws SigmaRuleError for anything it cannot honour.
import type { Bilingual } from '../../../core/i18n/locale.js';
import type { CompiledRule, RuleReference, RuleSeverity } from '../rule.js';
import { compileDetection } from './compile-detection.js';
import { mappingFor } from './field-mapping.js';
import type { Logsource } from './source-mapping.js';
import { invalid, unsupported } from './sigma-rule-error.js';

const SEVERITY: Record<string, RuleSeverity> = {
  informational: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

/** A Sigma `id` is a UUID; accept any token that is safe inside our `sigma-<id>` rule id. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The rule id as written, for problem reports, when the document has a usable one. */
export function sigmaRuleId(doc: unknown): string | undefined {
  const id = isMap(doc) ? doc['id'] : undefined;
  return typeof id === 'string' && ID.test(id) ? `sigma-${id}` : undefined;
}

export function compileSigmaRule(doc: unknown, file: string): CompiledRule {
  if (!isMap(doc)) {
    throw invalid({ ja: 'ルールはマップでなければなりません', en: 'a rule must be a map' }, []);
  }
  rejectNonDetectionDocuments(doc);
  const title = text(doc, 'title', true)!;
  const id = text(doc, 'id', true)!;
  if (!ID.test(id)) {
    throw invalid({ ja: `id「${id}」は UUID であるべきです`, en: `id "${id}" should be a UUID` }, ['id']);
  }
  const status = text(doc, 'status', false);
  if (status === 'deprecated' || status === 'unsupported') {
    throw unsupported({ ja: `status: ${status} のルール`, en: `a rule with status "${status}"` }, ['status']);
  }
  const levelText = text(doc, 'level', false)?.toLowerCase();
  const severity = levelText === undefined ? 'medium' : SEVERITY[levelText];
  if (!severity) {
    throw invalid({ ja: `level「${levelText}」は不明です`, en: `unknown level "${levelText}"` }, ['level']);
  }
  const description = text(doc, 'description', false) ?? title;
  const author = text(doc, 'author', false);
  const references = readReferences(doc['references']);

  const mapping = mappingFor(readLogsource(doc['logsource']));
  if ('unsupported' in mapping) throw unsupported(mapping.unsupported, ['logsource']);
  const { test, need } = compileDetection(doc['detection'], mapping);
  const { scopes, implied, indexField } = mapping;

  return {
    id: `sigma-${id}`,
    title: { en: title, ja: `${title}（Sigma・未翻訳）` },
    description: untranslated(description, mapping.label),
    severity,
    sources: [mapping.source],
    references,
    origin: { kind: 'sigma', file, ...(author ? { author } : {}) },
    ...(need && indexField ? { index: { field: indexField, values: need } } : {}),
    matches(record: unknown): boolean {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
      try {
        if (implied && !implied(record)) return false;
        if (!scopes) return test(record, record);
        return scopes(record).some((scope) => test(record, scope));
      } catch {
        // Only a record that is not plain JSON (a throwing getter, a revoked proxy) gets here:
        // evaluation never throws, and such a record matches nothing.
        return false;
      }
    },
  };
}

function untranslated(description: string, label: Bilingual): Bilingual {
  return {
    en: description,
    ja: `${label.ja}向けの Sigma ルールです（説明は英語の原文のまま・未翻訳）: ${description}`,
  };
}

/** Sigma correlation and filter documents look like rules but are not single-event detections. */
function rejectNonDetectionDocuments(doc: Record<string, unknown>): void {
  for (const key of ['correlation', 'filter', 'action']) {
    if (Object.hasOwn(doc, key)) {
      throw unsupported(
        {
          ja: `Sigma の ${key}（相関・フィルター・ルール集）`,
          en: `Sigma "${key}" (correlation, filter or rule collection)`,
        },
        [key],
        true,
      );
    }
  }
}

function text(doc: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const value = doc[key];
  if (value === undefined || value === null) {
    if (required) throw invalid({ ja: `${key} がありません`, en: `${key} is missing` }, [key]);
    return undefined;
  }
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    throw invalid({ ja: `${key} は空でない文字列です`, en: `${key} must be a non-empty string` }, [key]);
  }
  return value.trim();
}

function readReferences(value: unknown): RuleReference[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : undefined;
  if (!list || !list.every((r): r is string => typeof r === 'string')) {
    throw invalid({ ja: 'references は文字列のリストです', en: 'references must be a list of strings' }, [
      'references',
    ]);
  }
  return list.map((title) => (/^https?:\/\/\S+$/i.test(title) ? { title, url: title } : { title }));
}

function readLogsource(value: unknown): Logsource {
  if (!isMap(value)) {
    throw invalid({ ja: 'logsource がありません', en: 'logsource is missing' }, ['logsource']);
  }
  const out: { product?: string; service?: string; category?: string } = {};
  for (const key of ['product', 'service', 'category'] as const) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      throw invalid({ ja: `logsource.${key} は文字列です`, en: `logsource.${key} must be a string` }, [
        'logsource',
        key,
      ]);
    }
    out[key] = v;
  }
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
