// Sigma string values: `*` (any run of characters) and `?` (exactly one) are wildcards; a backslash
// escapes `*`, `?` and itself, and is a plain backslash before anything else (`C:\Windows` stays as
// written), as the Sigma specification's "Escaping" section and pySigma read it. Matching is
// case-insensitive unless the rule says `cased`. The common shapes (equals, starts with, ends with,
// contains) compile to plain string operations; anything else to a linear-scan glob matcher, never a
// backtracking regular expression.

export type PatternPart =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'star' | 'one' };

export type StringTest = (text: string) => boolean;

const STAR: PatternPart = { kind: 'star' };
const ONE: PatternPart = { kind: 'one' };

/** Reads a Sigma value into literal text and wildcards, honouring the escapes. */
export function parseSigmaString(value: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\') {
      const next = value[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        text += next;
        i++;
      } else {
        text += char;
      }
    } else if (char === '*' || char === '?') {
      flush();
      parts.push(char === '*' ? STAR : ONE);
    } else {
      text += char;
    }
  }
  flush();
  return parts;
}

/** The pattern with `*` added where `contains`, `startswith` or `endswith` ask for it. */
export function withAnchors(
  parts: readonly PatternPart[],
  how: 'contains' | 'startswith' | 'endswith',
): PatternPart[] {
  const before = how === 'contains' || how === 'endswith' ? [STAR] : [];
  const after = how === 'contains' || how === 'startswith' ? [STAR] : [];
  return [...before, ...parts, ...after];
}

/** True when the pattern is literal text only (no wildcard left after escapes). */
export function literalText(parts: readonly PatternPart[]): string | undefined {
  if (parts.length === 0) return '';
  if (parts.length === 1 && parts[0]!.kind === 'text') return parts[0]!.text;
  return undefined;
}

/** Compiles a pattern into a test of one string. */
export function compilePattern(parts: readonly PatternPart[], cased: boolean): StringTest {
  const norm = normalise(parts, cased);
  const only = norm.length === 1 ? norm[0]! : undefined;
  const [first, middle, last] = [norm[0], norm[1], norm[2]];
  if (norm.length === 0) return (text) => text === '';
  if (only?.kind === 'text') return equalsTest(only.text, cased);
  if (only?.kind === 'star') return () => true;
  const fold = (text: string): string => (cased ? text : text.toLowerCase());
  if (norm.length === 2 && first?.kind === 'text' && middle?.kind === 'star') {
    const prefix = first.text;
    return (text) => fold(text).startsWith(prefix);
  }
  if (norm.length === 2 && first?.kind === 'star' && middle?.kind === 'text') {
    const suffix = middle.text;
    return (text) => fold(text).endsWith(suffix);
  }
  if (norm.length === 3 && first?.kind === 'star' && middle?.kind === 'text' && last?.kind === 'star') {
    const inner = middle.text;
    return (text) => fold(text).includes(inner);
  }
  const tokens = toTokens(norm);
  return (text) => globMatch(tokens, fold(text));
}

/** Case-folded literal equality; an ASCII literal cannot equal a string of another length. */
export function equalsTest(literal: string, cased: boolean): StringTest {
  if (cased) return (text) => text === literal;
  const lower = literal.toLowerCase();
  const ascii = isAscii(lower);
  return (text) => {
    if (ascii && text.length !== lower.length) return false;
    return text === lower || text.toLowerCase() === lower;
  };
}

/** Only U+0130 lowercases to a longer string, and its lowercase is not ASCII: see `equalsTest`. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Merges neighbouring text, collapses runs of `*`, and folds case when matching is insensitive. */
function normalise(parts: readonly PatternPart[], cased: boolean): PatternPart[] {
  const out: PatternPart[] = [];
  for (const part of parts) {
    const prev = out[out.length - 1];
    if (part.kind === 'text') {
      const text = cased ? part.text : part.text.toLowerCase();
      if (prev?.kind === 'text') out[out.length - 1] = { kind: 'text', text: prev.text + text };
      else if (text) out.push({ kind: 'text', text });
    } else if (!(part.kind === 'star' && prev?.kind === 'star')) {
      out.push(part);
    }
  }
  return out;
}

const T_STAR = -1;
const T_ONE = -2;

function toTokens(parts: readonly PatternPart[]): Int32Array {
  const codes: number[] = [];
  for (const part of parts) {
    if (part.kind === 'text') for (let i = 0; i < part.text.length; i++) codes.push(part.text.charCodeAt(i));
    else codes.push(part.kind === 'star' ? T_STAR : T_ONE);
  }
  return Int32Array.from(codes);
}

/** Wildcard match in at most O(pattern × text) steps: on a mismatch, resume after the last `*`. */
function globMatch(pattern: Int32Array, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const token = p < pattern.length ? pattern[p]! : undefined;
    if (token === T_ONE || token === text.charCodeAt(t)) {
      p++;
      t++;
    } else if (token === T_STAR) {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === T_STAR) p++;
  return p === pattern.length;
}
