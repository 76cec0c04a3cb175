// One `field|modifier…: value(s)` entry of a Sigma selection, compiled into a test of a record.
// The subset: plain values with wildcards, `contains`, `startswith`, `endswith`, `all`, `cased`,
// `re` (with its `i`, `m`, `s` flags) and `fieldref`; `null` for an absent field. Value lists are OR
// (AND with `all`). Regular expressions run on RE2 (re2js): linear time whatever the input, so a
// rule cannot hang the engine; patterns RE2 cannot run (backreferences, lookaround) are reported.
import { RE2JS } from 're2js';
import type { YamlPath } from '../../../core/yaml/yaml-source.js';
import { anyLeaf, isNullish, scalarText } from './field-path.js';
import type { FieldVisitor, SourceMapping } from './source-mapping.js';
import { readModifiers, type Modifiers } from './modifiers.js';
import { invalid, unsupported } from './sigma-rule-error.js';
import {
  compilePattern,
  equalsTest,
  isAscii,
  literalText,
  parseSigmaString,
  withAnchors,
  type StringTest,
} from './wildcard.js';

export type RecordTest = (record: unknown, scope: unknown) => boolean;

/** Compiles `key: value` (key = field plus modifiers) found at `path` in the rule. */
export function compileFieldCondition(
  key: string,
  value: unknown,
  mapping: SourceMapping,
  path: YamlPath,
): RecordTest {
  const [field = '', ...names] = key.split('|');
  if (field === '') {
    throw unsupported(
      { ja: `修飾子付きのキーワード検索（${key}）`, en: `keyword search with modifiers ("${key}")` },
      path,
      true,
    );
  }
  const modifiers = readModifiers(names, path);
  const mapped = mapping.field(field);
  if ('unmapped' in mapped) throw unsupported(mapped.unmapped, path, true);
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (values.length === 0) throw invalid({ ja: '値のリストが空です', en: 'the value list is empty' }, path);

  // Each value: null (the field is absent) or the text it compares as.
  const texts = values.map((item, i): string | null => {
    const at = Array.isArray(value) ? [...path, i] : path;
    if (item === null) {
      if (modifiers.anchor || modifiers.regex || modifiers.fieldref) {
        throw invalid({ ja: 'null には修飾子を付けられません', en: 'null cannot take a modifier' }, at);
      }
      return null;
    }
    const text = scalarText(item);
    if (text === undefined) {
      throw invalid(
        {
          ja: '値は文字列・数値・真偽値・null のいずれかです',
          en: 'a value must be a string, number, boolean or null',
        },
        at,
      );
    }
    const problem = mapped.checkValue?.(text);
    if (problem) throw unsupported(problem, at);
    return text;
  });

  const visit = mapped.visit;
  if (modifiers.fieldref) return fieldRefTest(texts as string[], visit, modifiers.cased, mapping, path);
  const present = (v: unknown): boolean => !isNullish(v);
  const isNull: RecordTest = (record, scope) => !visit(record, scope, present);
  const anyValue = (test: StringTest): RecordTest => {
    const leaf = (v: unknown): boolean => anyLeaf(v, test);
    return (record, scope) => visit(record, scope, leaf);
  };
  const tests = texts.map((text, i) =>
    text === null ? undefined : valueTest(text, modifiers, Array.isArray(value) ? [...path, i] : path),
  );

  if (modifiers.all) {
    const each = tests.map((test) => (test ? anyValue(test) : isNull));
    return (record, scope) => each.every((test) => test(record, scope));
  }
  const strings = orTest(texts, tests, modifiers);
  const someValue = strings ? anyValue(strings) : undefined;
  const wantsNull = texts.includes(null);
  if (!someValue) return isNull;
  return wantsNull ? (record, scope) => isNull(record, scope) || someValue(record, scope) : someValue;
}

/**
 * The lowercased texts a modifier-free `field: value(s)` entry accepts when they are all plain
 * literals (no wildcard, no null): the field must then equal one of them, case-insensitively.
 */
export function plainLiterals(value: unknown): string[] | undefined {
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  const out: string[] = [];
  for (const item of values) {
    const text = scalarText(item);
    const literal = text === undefined ? undefined : literalText(parseSigmaString(text));
    if (literal === undefined) return undefined;
    out.push(literal.toLowerCase());
  }
  return out.length > 0 ? out : undefined;
}

function valueTest(text: string, modifiers: Modifiers, path: YamlPath): StringTest {
  if (modifiers.regex) {
    let re: RE2JS;
    try {
      re = RE2JS.compile(text, modifiers.regex.flags);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw unsupported(
        {
          ja: `RE2 で実行できない正規表現（${detail}）`,
          en: `a regular expression RE2 cannot run (${detail})`,
        },
        path,
      );
    }
    return (input) => re.test(input);
  }
  const parts = parseSigmaString(text);
  return compilePattern(modifiers.anchor ? withAnchors(parts, modifiers.anchor) : parts, modifiers.cased);
}

/** OR of the non-null values; plain literals (the common eventName lists) go through one Set lookup. */
function orTest(
  texts: readonly (string | null)[],
  tests: readonly (StringTest | undefined)[],
  modifiers: Modifiers,
): StringTest | undefined {
  const literals: string[] = [];
  const others: StringTest[] = [];
  texts.forEach((text, i) => {
    if (text === null) return;
    const plain = modifiers.anchor || modifiers.regex || modifiers.cased;
    const literal = plain ? undefined : literalText(parseSigmaString(text));
    if (literal !== undefined) literals.push(literal.toLowerCase());
    else others.push(tests[i]!);
  });
  if (literals.length === 1) others.unshift(equalsTest(literals[0]!, false));
  else if (literals.length > 1) others.unshift(setTest(literals));
  if (others.length === 0) return undefined;
  if (others.length === 1) return others[0];
  return (text) => others.some((test) => test(text));
}

function setTest(lowerLiterals: readonly string[]): StringTest {
  const set = new Set(lowerLiterals);
  const lengths = lowerLiterals.every(isAscii) ? new Set(lowerLiterals.map((l) => l.length)) : undefined;
  return (text) => {
    if (lengths && !lengths.has(text.length)) return false;
    return set.has(text) || set.has(text.toLowerCase());
  };
}

/** `a|fieldref: b`: some value of field a equals some value of field b (case-insensitive unless cased). */
function fieldRefTest(
  names: readonly string[],
  visit: FieldVisitor,
  cased: boolean,
  mapping: SourceMapping,
  path: YamlPath,
): RecordTest {
  const others = names.map((name, i) => {
    const mapped = mapping.field(name);
    if ('unmapped' in mapped) throw unsupported(mapped.unmapped, names.length > 1 ? [...path, i] : path);
    return mapped.visit;
  });
  const fold = (text: string): string => (cased ? text : text.toLowerCase());
  return (record, scope) =>
    others.some((other) =>
      visit(record, scope, (mine) => {
        const a = scalarText(mine);
        if (a === undefined) return false;
        const folded = fold(a);
        return other(record, scope, (theirs) => {
          const b = scalarText(theirs);
          return b !== undefined && fold(b) === folded;
        });
      }),
    );
}
