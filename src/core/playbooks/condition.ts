// The `when` condition language of playbooks (FORMAT.md): names, quoted strings, numbers,
// true/false, comparisons (== != < <= > >=), `in [a, b]`, not, and, or, parentheses.
// Parsed by a tokenizer and a recursive-descent parser and evaluated by walking the tree: no eval,
// no Function, and names resolve only from the plain map given to `evaluate` (own properties only,
// so `__proto__` or `constructor` are just names that are not there).
import { UserInputError } from '../errors.js';

export type ConditionValue = string | number | boolean;
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type ConditionAst =
  | { readonly type: 'literal'; readonly value: ConditionValue }
  | { readonly type: 'name'; readonly name: string; readonly position: number }
  | { readonly type: 'not'; readonly operand: ConditionAst }
  | { readonly type: 'and' | 'or'; readonly left: ConditionAst; readonly right: ConditionAst }
  | {
      readonly type: 'compare';
      readonly operator: ComparisonOperator;
      readonly left: ConditionAst;
      readonly right: ConditionAst;
    }
  | { readonly type: 'in'; readonly value: ConditionAst; readonly list: readonly ConditionValue[] };

/** Values a condition may read by (dotted) name: inputs, `severity`, `incident.*`, `decision.<step>`. */
export type ConditionScope = Readonly<Record<string, ConditionValue | null | undefined>>;

/** A condition that does not parse; `position` is the 0-based character offset of the problem. */
export class ConditionSyntaxError extends UserInputError {
  constructor(
    readonly position: number,
    detail: { ja: string; en: string },
  ) {
    super({
      ja: `条件式の ${position + 1} 文字目: ${detail.ja}`,
      en: `condition, character ${position + 1}: ${detail.en}`,
    });
  }
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

type Token =
  | { readonly kind: 'name'; readonly text: string; readonly position: number }
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: 'op'; readonly text: string; readonly position: number }
  | { readonly kind: 'eof'; readonly position: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false']);
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', ','];
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new ConditionSyntaxError(start, {
            ja: '文字列の引用符が閉じていません',
            en: 'the quoted string is not closed',
          });
        }
        const c = text[i]!;
        if (c === ch) break;
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', value, position: start });
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && (ch !== '-' || /\d/.test(text[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', value: Number(number[0]), position: i });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], position: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, position: i });
      i += op.length;
      continue;
    }
    throw new ConditionSyntaxError(i, {
      ja: `使えない文字「${ch}」があります`,
      en: `unexpected character "${ch}"`,
    });
  }
  tokens.push({ kind: 'eof', position: text.length });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end';
    case 'string':
      return JSON.stringify(token.value);
    case 'number':
      return String(token.value);
    default:
      return token.text;
  }
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): ConditionAst {
    const ast = this.or();
    const rest = this.peek();
    if (rest.kind !== 'eof') this.fail(rest, { ja: '余分な記述があります', en: 'unexpected extra text' });
    return ast;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === word;
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === op;
  }

  private fail(token: Token, detail: { ja: string; en: string }): never {
    const found = describe(token);
    throw new ConditionSyntaxError(token.position, {
      ja: `${detail.ja}（「${found}」）`,
      en: `${detail.en} (found "${found}")`,
    });
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) this.fail(this.peek(), { ja: `「${op}」が必要です`, en: `expected "${op}"` });
    this.next();
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      this.fail(token, { ja: '入れ子が深すぎます', en: 'nested too deeply' });
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private or(): ConditionAst {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): ConditionAst {
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      left = { type: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): ConditionAst {
    if (this.isWord('not')) {
      const token = this.next();
      return this.nested(token, () => ({ type: 'not', operand: this.not() }));
    }
    return this.comparison();
  }

  private comparison(): ConditionAst {
    const left = this.primary();
    const token = this.peek();
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.next();
      return { type: 'compare', operator: token.text as ComparisonOperator, left, right: this.primary() };
    }
    if (this.isWord('in')) {
      this.next();
      return { type: 'in', value: left, list: this.list() };
    }
    return left;
  }

  /** `[a, b]`: quoted strings, numbers, true/false, or bare words (taken as strings, as in YAML). */
  private list(): ConditionValue[] {
    this.expectOp('[');
    const values: ConditionValue[] = [];
    if (this.isOp(']')) {
      this.next();
      return values;
    }
    for (;;) {
      const token = this.next();
      if (token.kind === 'string' || token.kind === 'number') values.push(token.value);
      else if (token.kind === 'name' && (token.text === 'true' || token.text === 'false'))
        values.push(token.text === 'true');
      else if (token.kind === 'name' && !KEYWORDS.has(token.text)) values.push(token.text);
      else this.fail(token, { ja: 'リストの値が必要です', en: 'expected a value in the list' });
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      this.expectOp(']');
      return values;
    }
  }

  private primary(): ConditionAst {
    const token = this.next();
    switch (token.kind) {
      case 'string':
      case 'number':
        return { type: 'literal', value: token.value };
      case 'name':
        if (token.text === 'true' || token.text === 'false') {
          return { type: 'literal', value: token.text === 'true' };
        }
        if (KEYWORDS.has(token.text)) break;
        return { type: 'name', name: token.text, position: token.position };
      case 'op':
        if (token.text !== '(') break;
        return this.nested(token, () => {
          const inner = this.or();
          this.expectOp(')');
          return inner;
        });
      case 'eof':
        break;
    }
    return this.fail(token, { ja: '値か名前が必要です', en: 'expected a value or a name' });
  }
}

/** Parses a condition; throws ConditionSyntaxError (with the position) when it does not parse. */
export function parseCondition(text: string): ConditionAst {
  if (text.length > MAX_LENGTH) {
    throw new ConditionSyntaxError(MAX_LENGTH, {
      ja: `条件式が長すぎます（${MAX_LENGTH} 文字まで）`,
      en: `the condition is too long (at most ${MAX_LENGTH} characters)`,
    });
  }
  if (text.trim() === '') {
    throw new ConditionSyntaxError(0, { ja: '条件式が空です', en: 'the condition is empty' });
  }
  return new Parser(tokenize(text)).parse();
}

/** Every name the condition reads, in order of first appearance, with its position. */
export function namesIn(ast: ConditionAst): { name: string; position: number }[] {
  const found = new Map<string, number>();
  const walk = (node: ConditionAst): void => {
    switch (node.type) {
      case 'name':
        if (!found.has(node.name)) found.set(node.name, node.position);
        return;
      case 'literal':
        return;
      case 'not':
        return walk(node.operand);
      case 'in':
        return walk(node.value);
      default:
        walk(node.left);
        walk(node.right);
    }
  };
  walk(ast);
  return [...found].map(([name, position]) => ({ name, position }));
}

type Value = ConditionValue | null | undefined;

function valueOf(node: ConditionAst, scope: ConditionScope): Value {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'name':
      return Object.hasOwn(scope, node.name) ? scope[node.name] : undefined;
    default:
      return truthOf(node, scope);
  }
}

function compare(operator: ComparisonOperator, a: Value, b: Value): boolean {
  if (operator === '==') return a === b;
  if (operator === '!=') return a !== b;
  // Ordering only between two numbers or two strings; anything else (a missing value) is false.
  if (!(
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string')
  )) {
    return false;
  }
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function truthOf(node: ConditionAst, scope: ConditionScope): boolean {
  switch (node.type) {
    case 'not':
      return !truthOf(node.operand, scope);
    case 'and':
      return truthOf(node.left, scope) && truthOf(node.right, scope);
    case 'or':
      return truthOf(node.left, scope) || truthOf(node.right, scope);
    case 'compare':
      return compare(node.operator, valueOf(node.left, scope), valueOf(node.right, scope));
    case 'in': {
      const value = valueOf(node.value, scope);
      return node.list.some((item) => item === value);
    }
    default: {
      // A bare value: true only for true, a non-zero number or a non-empty string.
      const value = valueOf(node, scope);
      return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
    }
  }
}

/**
 * Evaluates a parsed condition against `scope` (own properties only). A name missing from the
 * scope is absent: it equals nothing, orders against nothing, and is false on its own.
 */
export function evaluate(ast: ConditionAst, scope: ConditionScope): boolean {
  return truthOf(ast, scope);
}
