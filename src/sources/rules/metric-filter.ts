// A compiler for the CloudWatch Logs JSON filter patterns the CIS AWS Foundations 4.x metric filters
// are written in, so `cis-aws-4.x` fires on exactly the records the published pattern would count.
// Semantics follow the CloudWatch documentation: a selector that does not resolve never equals a
// value, and `!=` on an absent field does not match either ("Filter patterns only return the log
// events that contain the terms you define"; the fix AWS users are given is `|| ($.f NOT EXISTS)`).
// `&&` binds tighter than `||`; parentheses group. Compiled once into closures; never throws on a
// record (arrays, nulls, numbers where strings were expected simply do not match).
import { parseMetricFilter, type Node, type Step } from './metric-filter-syntax.js';

export { FilterPatternError } from './metric-filter-syntax.js';

export type RecordMatcher = (record: unknown) => boolean;

const MISSING = Symbol('missing');

/** Compiles `{ … }` into a matcher; throws FilterPatternError with the column of a syntax error. */
export function compileMetricFilter(pattern: string): RecordMatcher {
  const tree = parseMetricFilter(pattern);
  const matcher = compileNode(tree);
  return (record) => isObject(record) && matcher(record);
}

/**
 * The values a top-level `field` must have for the pattern to match (lowercased, for
 * CompiledRule.index), or undefined when the pattern does not pin the field to a list.
 */
export function requiredValues(pattern: string, field: string): ReadonlySet<string> | undefined {
  const values = required(parseMetricFilter(pattern), field);
  return values && new Set([...values].map((value) => value.toLowerCase()));
}

function required(node: Node, field: string): Set<string> | undefined {
  switch (node.kind) {
    case 'compare':
      return node.op === '=' && !node.value.includes('*') && node.path.length === 1 && node.path[0] === field
        ? new Set([node.value])
        : undefined;
    case 'or': {
      const union = new Set<string>();
      for (const item of node.items) {
        const values = required(item, field);
        if (!values) return undefined;
        for (const value of values) union.add(value);
      }
      return union;
    }
    case 'and':
      for (const item of node.items) {
        const values = required(item, field);
        if (values) return values;
      }
      return undefined;
    default:
      return undefined;
  }
}

function compileNode(node: Node): RecordMatcher {
  switch (node.kind) {
    case 'or':
      return compileOr(node.items);
    case 'and': {
      const items = node.items.map(compileNode);
      return (record) => {
        for (const item of items) if (!item(record)) return false;
        return true;
      };
    }
    case 'compare':
      return compileCompare(node.path, node.op, node.value);
    case 'numeric':
      return compileNumeric(node.path, node.op, node.value);
    case 'test':
      return compileTest(node.path, node.test);
  }
}

/** `($.eventName = A) || ($.eventName = B) || …` becomes one Set lookup: the CIS patterns are mostly that. */
function compileOr(items: Node[]): RecordMatcher {
  const exact = new Map<string, { path: Step[]; values: Set<string> }>();
  const rest: RecordMatcher[] = [];
  for (const item of items) {
    if (item.kind === 'compare' && item.op === '=' && !item.value.includes('*')) {
      const key = JSON.stringify(item.path);
      const group = exact.get(key) ?? { path: item.path, values: new Set<string>() };
      group.values.add(item.value);
      exact.set(key, group);
    } else rest.push(compileNode(item));
  }
  const lookups: RecordMatcher[] = [...exact.values()].map(({ path, values }) => {
    const read = reader(path);
    return (record) => {
      const value = read(record);
      return (typeof value === 'string' || typeof value === 'number') && values.has(String(value));
    };
  });
  const all = [...lookups, ...rest];
  if (all.length === 1) return all[0]!;
  return (record) => {
    for (const item of all) if (item(record)) return true;
    return false;
  };
}

function compileCompare(path: Step[], op: '=' | '!=', expected: string): RecordMatcher {
  const read = reader(path);
  const matchesText = wildcard(expected);
  const asNumber = expected.includes('*') || expected.trim() === '' ? NaN : Number(expected);
  const equal = (value: unknown): boolean | undefined => {
    if (typeof value === 'string') return matchesText(value);
    if (typeof value === 'number')
      return Number.isNaN(asNumber) ? matchesText(String(value)) : value === asNumber;
    // null, booleans, objects and arrays are no value `=`/`!=` can speak of: neither side matches.
    return undefined;
  };
  return op === '=' ? (record) => equal(read(record)) === true : (record) => equal(read(record)) === false;
}

function compileNumeric(path: Step[], op: '<' | '>' | '<=' | '>=', bound: number): RecordMatcher {
  const read = reader(path);
  const test =
    op === '<'
      ? (n: number) => n < bound
      : op === '>'
        ? (n: number) => n > bound
        : op === '<='
          ? (n: number) => n <= bound
          : (n: number) => n >= bound;
  return (record) => {
    const value = read(record);
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
    return Number.isFinite(n) && test(n);
  };
}

function compileTest(path: Step[], test: 'not-exists' | 'null' | 'true' | 'false'): RecordMatcher {
  const read = reader(path);
  switch (test) {
    case 'not-exists':
      return (record) => read(record) === MISSING;
    case 'null':
      return (record) => read(record) === null;
    case 'true':
      return (record) => read(record) === true;
    case 'false':
      return (record) => read(record) === false;
  }
}

/** `*` matches any run of characters (prefix, suffix, infix); everything else is literal and case-sensitive. */
function wildcard(pattern: string): (text: string) => boolean {
  if (!pattern.includes('*')) return (text) => text === pattern;
  const parts = pattern.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  if (middle.length === 0) {
    if (first === '') return (text) => text.endsWith(last);
    if (last === '') return (text) => text.startsWith(first);
    return (text) =>
      text.length >= first.length + last.length && text.startsWith(first) && text.endsWith(last);
  }
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last))
      return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found === -1 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

function reader(path: Step[]): (record: unknown) => unknown {
  if (path.length === 1 && typeof path[0] === 'string') {
    const key = path[0];
    return (record) =>
      Object.hasOwn(record as object, key) ? (record as Record<string, unknown>)[key] : MISSING;
  }
  return (record) => {
    let current: unknown = record;
    for (const step of path) {
      if (typeof step === 'number') {
        if (!Array.isArray(current) || step >= current.length) return MISSING;
        current = current[step] as unknown;
      } else {
        if (!isObject(current) || !Object.hasOwn(current, step)) return MISSING;
        current = current[step];
      }
    }
    return current;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
