// How a Sigma field name finds values in a raw JSON record. `userIdentity.type` walks nested objects;
// an array met on the way is searched element by element (`targetResources.type` is the type of any
// target), and an object or array at the end is searched down to its scalar leaves (so
// `requestParameters|contains: 'Suspended'` looks inside the whole request). Depth and the number of
// values examined are bounded and only own properties are read, so a hostile, deeply nested or
// self-sharing record cannot throw, hang or reach the prototype chain: it simply does not match.

/** Called with each value found; returning true stops the walk and makes it answer true. */
export type Visit = (value: unknown) => boolean;

/** Deeper than this, a record is not an audit event worth searching: nothing there matches. */
export const MAX_DEPTH = 32;
/** At most this many values are examined per field per record (a large CloudTrail record has ~1,000). */
export const MAX_VALUES = 100_000;

interface Budget {
  left: number;
}

/** Splits `a.b.c` into its steps; an empty step (`a..b`, `.a`) makes it an invalid name. */
export function splitFieldPath(field: string): readonly string[] | undefined {
  const steps = field.split('.');
  return steps.every((step) => step.length > 0) ? steps : undefined;
}

/** Visits every value the path reaches from `root`; true as soon as a visit says so. */
export function visitPath(root: unknown, steps: readonly string[], visit: Visit): boolean {
  // The usual case, objects all the way down, without recursion; an array hands over to `walk`.
  let node = root;
  for (let i = 0; i < steps.length; i++) {
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node)) return walk(node, steps, i, visit, i, { left: MAX_VALUES });
    const key = steps[i]!;
    if (!Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return visit(node);
}

function walk(
  node: unknown,
  steps: readonly string[],
  index: number,
  visit: Visit,
  depth: number,
  budget: Budget,
): boolean {
  if (--budget.left < 0) return false;
  if (index === steps.length) return visit(node);
  if (depth >= MAX_DEPTH || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    for (const item of node as unknown[]) if (walk(item, steps, index, visit, depth + 1, budget)) return true;
    return false;
  }
  const key = steps[index]!;
  if (!Object.hasOwn(node, key)) return false;
  return walk((node as Record<string, unknown>)[key], steps, index + 1, visit, depth + 1, budget);
}

/** Each value of an array (or the value itself when it is not one): for lists like `parameters`. */
export function visitItems(value: unknown, visit: Visit): boolean {
  if (!Array.isArray(value)) return visit(value);
  for (const item of value as unknown[]) if (visit(item)) return true;
  return false;
}

/** The text a scalar compares as: numbers and booleans as JSON writes them; null and objects: none. */
export function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/** True when the test accepts the value, or (for an object or array) any scalar leaf inside it. */
export function anyLeaf(value: unknown, test: (text: string) => boolean): boolean {
  const text = scalarText(value);
  if (text !== undefined) return test(text);
  if (value === null || typeof value !== 'object') return false;
  return leaves(value, test, 0, { left: MAX_VALUES });
}

function leaves(value: unknown, test: (text: string) => boolean, depth: number, budget: Budget): boolean {
  if (--budget.left < 0) return false;
  const text = scalarText(value);
  if (text !== undefined) return test(text);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (leaves(item, test, depth + 1, budget)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if (leaves((value as Record<string, unknown>)[key], test, depth + 1, budget)) return true;
  }
  return false;
}

/** `field: null` in Sigma: the field is absent or JSON null wherever the path could lead. */
export function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}
