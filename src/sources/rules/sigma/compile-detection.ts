// A Sigma `detection` block compiled into one test of a record: each search identifier (a map of
// fields = AND, a list of maps = OR, a list of plain values = keywords searched anywhere in the
// record) is compiled once, then the condition combines them. Anything outside the subset throws a
// SigmaRuleError naming where it is, so the whole rule is skipped rather than half-applied.
// Alongside the test it works out which values of the source's index field (CloudTrail `eventName`)
// the rule needs, so an engine can skip rules that cannot match a record (CompiledRule.index).
import type { YamlPath } from '../../../core/yaml/yaml-source.js';
import { parseCondition, type ConditionNode } from './condition-parser.js';
import { compileFieldCondition, plainLiterals, type RecordTest } from './field-condition.js';
import type { SourceMapping } from './source-mapping.js';
import { anyLeaf, scalarText } from './field-path.js';
import { invalid, unsupported } from './sigma-rule-error.js';
import { compilePattern, parseSigmaString, withAnchors } from './wildcard.js';

/** A compiled part, with the lowercased index-field values it requires (undefined: no such need). */
interface Part {
  readonly test: RecordTest;
  readonly need?: ReadonlySet<string>;
}

const DETECTION: YamlPath = ['detection'];

export function compileDetection(detection: unknown, mapping: SourceMapping): Part {
  if (!isMap(detection)) {
    throw invalid({ ja: 'detection はマップでなければなりません', en: 'detection must be a map' }, DETECTION);
  }
  if (Object.hasOwn(detection, 'timeframe')) {
    throw unsupported(
      { ja: 'detection の timeframe（時間窓）', en: 'detection timeframe' },
      [...DETECTION, 'timeframe'],
      true,
    );
  }
  const identifiers = new Map<string, Part>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition') continue;
    identifiers.set(name, compileSearch(body, mapping, [...DETECTION, name]));
  }
  const conditions = readConditions(detection['condition']);
  const parts = conditions.map((text, i) => {
    const path = conditions.length > 1 ? [...DETECTION, 'condition', i] : [...DETECTION, 'condition'];
    return compileCondition(parseCondition(text, path), identifiers, path);
  });
  // A list of conditions is OR (Sigma specification, "Condition").
  return anyOf(parts);
}

function readConditions(condition: unknown): string[] {
  const path = [...DETECTION, 'condition'];
  if (condition === undefined) {
    throw invalid({ ja: 'detection に condition がありません', en: 'detection has no condition' }, DETECTION);
  }
  const list = Array.isArray(condition) ? (condition as unknown[]) : [condition];
  if (list.length === 0 || !list.every((c): c is string => typeof c === 'string')) {
    throw invalid(
      {
        ja: 'condition は文字列（またはそのリスト）です',
        en: 'condition must be a string or a list of strings',
      },
      path,
    );
  }
  return list;
}

function compileSearch(body: unknown, mapping: SourceMapping, path: YamlPath): Part {
  if (isMap(body)) return compileMap(body, mapping, path);
  const items = Array.isArray(body) ? (body as unknown[]) : [body];
  if (items.length === 0) {
    throw invalid({ ja: '検索識別子が空です', en: 'the search identifier is empty' }, path);
  }
  if (items.every(isMap)) return anyOf(items.map((item, i) => compileMap(item, mapping, [...path, i])));
  const texts = items.map(scalarText);
  if (texts.every((t): t is string => t !== undefined)) return { test: keywordTest(texts) };
  throw invalid(
    {
      ja: '検索識別子はフィールドのマップ、マップのリスト、キーワードのリストのいずれかです',
      en: 'a search identifier is a map of fields, a list of maps, or a list of keywords',
    },
    path,
  );
}

function compileMap(map: Record<string, unknown>, mapping: SourceMapping, path: YamlPath): Part {
  const entries = Object.entries(map);
  if (entries.length === 0) {
    throw invalid({ ja: 'フィールドのマップが空です', en: 'the field map is empty' }, path);
  }
  // AND has no order; plain comparisons (the selective eventSource/eventName) run before the rest.
  const ordered = [...entries].sort(([a], [b]) => cost(a) - cost(b));
  return allOf(
    ordered.map(([key, value]) => {
      const test = compileFieldCondition(key, value, mapping, [...path, key]);
      const literals = key === mapping.indexField ? plainLiterals(value) : undefined;
      return literals ? { test, need: new Set(literals) } : { test };
    }),
  );
}

function cost(key: string): number {
  const modifiers = key
    .split('|')
    .slice(1)
    .map((m) => m.toLowerCase());
  if (modifiers.includes('re') || modifiers.includes('fieldref')) return 2;
  return modifiers.length > 0 ? 1 : 0;
}

/** Keywords: any scalar anywhere in the record (not only the examined part) contains one of them. */
function keywordTest(keywords: readonly string[]): RecordTest {
  const tests = keywords.map((k) => compilePattern(withAnchors(parseSigmaString(k), 'contains'), false));
  return (record) => anyLeaf(record, (text) => tests.some((test) => test(text)));
}

function compileCondition(node: ConditionNode, identifiers: ReadonlyMap<string, Part>, path: YamlPath): Part {
  switch (node.kind) {
    case 'ref': {
      const part = identifiers.get(node.name);
      if (!part) {
        throw invalid(
          {
            ja: `識別子「${node.name}」が定義されていません`,
            en: `identifier "${node.name}" is not defined`,
          },
          path,
        );
      }
      return part;
    }
    case 'not': {
      const inner = compileCondition(node.item, identifiers, path).test;
      return { test: (record, scope) => !inner(record, scope) };
    }
    case 'and':
      return allOf(node.items.map((item) => compileCondition(item, identifiers, path)));
    case 'or':
      return anyOf(node.items.map((item) => compileCondition(item, identifiers, path)));
    case 'of': {
      const chosen = select(node.pattern, identifiers);
      if (chosen.length === 0) {
        throw invalid(
          {
            ja: `「${node.pattern}」に当たる識別子がありません`,
            en: `no identifier matches "${node.pattern}"`,
          },
          path,
        );
      }
      return node.quantifier === 'all' ? allOf(chosen) : anyOf(chosen);
    }
  }
}

/** `them`: every identifier not starting with `_`; otherwise those matching the `*` pattern. */
function select(pattern: string, identifiers: ReadonlyMap<string, Part>): Part[] {
  const matches =
    pattern === 'them'
      ? (name: string) => !name.startsWith('_')
      : compilePattern(
          parseSigmaString(pattern).map((p) => (p.kind === 'one' ? { kind: 'text', text: '?' } : p)),
          true,
        );
  return [...identifiers].filter(([name]) => matches(name)).map(([, part]) => part);
}

/** AND: every part must hold, so any part's need is the whole's (the narrowest when several). */
function allOf(parts: readonly Part[]): Part {
  const needs = parts.flatMap((p) => (p.need ? [p.need] : []));
  const need = needs.reduce<ReadonlySet<string> | undefined>(
    (acc, n) => (acc === undefined ? n : new Set([...acc].filter((v) => n.has(v)))),
    undefined,
  );
  const tests = parts.map((p) => p.test);
  const [first, second] = tests;
  const test: RecordTest =
    tests.length === 1
      ? first!
      : tests.length === 2
        ? (record, scope) => first!(record, scope) && second!(record, scope)
        : (record, scope) => {
            for (const t of tests) if (!t(record, scope)) return false;
            return true;
          };
  return need ? { test, need } : { test };
}

/** OR: a need only when every alternative has one (their union). */
function anyOf(parts: readonly Part[]): Part {
  const need = parts.every((p) => p.need) ? new Set(parts.flatMap((p) => [...p.need!])) : undefined;
  const tests = parts.map((p) => p.test);
  const [first, second] = tests;
  const test: RecordTest =
    tests.length === 1
      ? first!
      : tests.length === 2
        ? (record, scope) => first!(record, scope) || second!(record, scope)
        : (record, scope) => {
            for (const t of tests) if (t(record, scope)) return true;
            return false;
          };
  return need ? { test, need } : { test };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
