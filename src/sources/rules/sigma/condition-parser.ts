// The Sigma `condition` expression: search identifiers joined by `and`, `or`, `not` and parentheses,
// with `1 of X` / `all of X` over identifiers matching a `*` pattern or `them` (all identifiers not
// starting with `_`). Precedence, loosest first: or, and, not, `x of`, parentheses — as the Sigma
// specification lists it. Aggregations (`| count() by …`) and `near` belong to correlation and are
// reported as unsupported, never ignored.
import type { YamlPath } from '../../../core/yaml/yaml-source.js';
import { invalid, unsupported } from './sigma-rule-error.js';

export type ConditionNode =
  | { readonly kind: 'and' | 'or'; readonly items: readonly ConditionNode[] }
  | { readonly kind: 'not'; readonly item: ConditionNode }
  | { readonly kind: 'ref'; readonly name: string }
  /** `pattern` is an identifier pattern with `*`, or the word `them`. */
  | { readonly kind: 'of'; readonly quantifier: 'one' | 'all'; readonly pattern: string };

/** Deeper nesting than this is not a rule a person wrote. */
const MAX_NESTING = 64;

/** Parses one condition; `path` locates it in the rule for the problem report. */
export function parseCondition(text: string, path: YamlPath): ConditionNode {
  if (text.includes('|')) {
    throw unsupported(
      {
        ja: `条件「${text}」の集計（相関ルールの機能）`,
        en: `aggregation in condition "${text}" (a correlation feature)`,
      },
      path,
    );
  }
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.length === 0) throw invalid({ ja: '条件が空です', en: 'the condition is empty' }, path);
  const parser = new Parser(tokens, text, path);
  const node = parser.parseOr(0);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: readonly string[],
    private readonly text: string,
    private readonly path: YamlPath,
  ) {}

  parseOr(depth: number): ConditionNode {
    const items = [this.parseAnd(depth)];
    while (this.peekWord() === 'or') {
      this.index++;
      items.push(this.parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  expectEnd(): void {
    const rest = this.tokens[this.index];
    if (rest !== undefined) this.fail(`「${rest}」が余分です`, `unexpected "${rest}"`);
  }

  private parseAnd(depth: number): ConditionNode {
    const items = [this.parseNot(depth)];
    while (this.peekWord() === 'and') {
      this.index++;
      items.push(this.parseNot(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseNot(depth: number): ConditionNode {
    if (this.peekWord() === 'not') {
      this.index++;
      return { kind: 'not', item: this.parseNot(this.deeper(depth)) };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): ConditionNode {
    const token = this.tokens[this.index];
    if (token === undefined) return this.fail('条件が途中で終わっています', 'the condition ends too early');
    if (token === '(') {
      this.index++;
      const inner = this.parseOr(this.deeper(depth));
      if (this.tokens[this.index] !== ')') this.fail('「)」が足りません', 'missing ")"');
      this.index++;
      return inner;
    }
    const lower = token.toLowerCase();
    if (token === ')' || ['and', 'or', 'not', 'of', 'them'].includes(lower)) {
      return this.fail(`「${token}」の位置が正しくありません`, `"${token}" is out of place`);
    }
    this.index++;
    if (this.peekWord() === 'of') return this.parseOf(token);
    if (lower === 'near') {
      throw unsupported({ ja: '条件の near 演算子', en: 'the near operator in the condition' }, this.path);
    }
    return { kind: 'ref', name: token };
  }

  private parseOf(quantifierToken: string): ConditionNode {
    this.index++;
    const target = this.tokens[this.index];
    if (target === undefined || target === '(' || target === ')') {
      return this.fail(
        '「of」の後に識別子のパターンか them が必要です',
        '"of" needs an identifier pattern or "them"',
      );
    }
    this.index++;
    const q = quantifierToken.toLowerCase();
    const quantifier = q === '1' || q === 'any' ? 'one' : q === 'all' ? 'all' : undefined;
    if (!quantifier) {
      if (/^\d+$/.test(q)) {
        throw unsupported(
          {
            ja: `「${quantifierToken} of」（1 of と all of のみ対応）`,
            en: `"${quantifierToken} of" (only "1 of" and "all of")`,
          },
          this.path,
        );
      }
      this.fail(`「${quantifierToken} of」は正しくありません`, `"${quantifierToken} of" is not valid`);
    }
    return { kind: 'of', quantifier, pattern: target.toLowerCase() === 'them' ? 'them' : target };
  }

  private peekWord(): string | undefined {
    return this.tokens[this.index]?.toLowerCase();
  }

  private deeper(depth: number): number {
    if (depth + 1 > MAX_NESTING) this.fail('入れ子が深すぎます', 'nested too deeply');
    return depth + 1;
  }

  private fail(ja: string, en: string): never {
    throw invalid({ ja: `条件「${this.text}」: ${ja}`, en: `condition "${this.text}": ${en}` }, this.path);
  }
}
