// The syntax of CloudWatch Logs JSON filter patterns (`{ ($.a = "x*") && ($.b NOT EXISTS) || … }`),
// parsed into a small tree that metric-filter.ts compiles. `&&` binds tighter than `||`; parentheses
// group. Errors name the 1-based column and what was expected there, in both languages.
import { UserInputError } from '../../core/errors.js';

/** A pattern that is not valid filter syntax; `position` is the 1-based column of the problem. */
export class FilterPatternError extends UserInputError {
  constructor(
    readonly pattern: string,
    readonly position: number,
    detail: { ja: string; en: string },
  ) {
    super({
      ja: `フィルターパターンの ${position} 文字目: ${detail.ja}（${pattern}）`,
      en: `Filter pattern, column ${position}: ${detail.en} (${pattern})`,
    });
  }
}

export type Step = string | number;
export type Node =
  | { kind: 'or' | 'and'; items: Node[] }
  | { kind: 'compare'; path: Step[]; op: '=' | '!='; value: string; quoted: boolean }
  | { kind: 'numeric'; path: Step[]; op: '<' | '>' | '<=' | '>='; value: number }
  | { kind: 'test'; path: Step[]; test: 'not-exists' | 'null' | 'true' | 'false' };

/** Parses a whole pattern; throws FilterPatternError at the first syntax error. */
export function parseMetricFilter(pattern: string): Node {
  return new Parser(pattern).parsePattern();
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parsePattern(): Node {
    this.space();
    this.expect('{', { ja: '「{」で始めてください', en: "a JSON filter pattern starts with '{'" });
    const node = this.parseOr();
    this.space();
    this.expect('}', { ja: '「}」で閉じてください', en: "expected '&&', '||' or the closing '}'" });
    this.space();
    if (this.at < this.text.length)
      this.fail({ ja: '「}」の後に余分な文字があります', en: "unexpected text after '}'" });
    return node;
  }

  private parseOr(): Node {
    const items = [this.parseAnd()];
    while (this.take('||')) items.push(this.parseAnd());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private parseAnd(): Node {
    const items = [this.parseUnary()];
    while (this.take('&&')) items.push(this.parseUnary());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseUnary(): Node {
    this.space();
    if (this.take('(')) {
      const inner = this.parseOr();
      this.space();
      this.expect(')', { ja: '「)」が閉じていません', en: "expected ')'" });
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Node {
    this.space();
    const path = this.parseSelector();
    this.space();
    if (this.takeWord('NOT')) {
      this.space();
      if (!this.takeWord('EXISTS'))
        this.fail({ ja: 'NOT の後は EXISTS です', en: "expected 'EXISTS' after 'NOT'" });
      return { kind: 'test', path, test: 'not-exists' };
    }
    if (this.takeWord('IS')) {
      this.space();
      if (this.takeWord('NULL')) return { kind: 'test', path, test: 'null' };
      if (this.takeWord('TRUE')) return { kind: 'test', path, test: 'true' };
      if (this.takeWord('FALSE')) return { kind: 'test', path, test: 'false' };
      this.fail({
        ja: 'IS の後は NULL、TRUE、FALSE のいずれかです',
        en: "expected NULL, TRUE or FALSE after 'IS'",
      });
    }
    for (const op of ['!=', '<=', '>=', '=', '<', '>'] as const) {
      if (!this.take(op)) continue;
      this.space();
      const valueAt = this.at;
      const { value, quoted } = this.parseValue();
      if (op === '=' || op === '!=') return { kind: 'compare', path, op, value, quoted };
      const number = Number(value);
      if (quoted || value === '' || !Number.isFinite(number)) {
        this.at = valueAt;
        this.fail({ ja: `${op} の右辺は数値です`, en: `'${op}' compares numbers` });
      }
      return { kind: 'numeric', path, op, value: number };
    }
    return this.fail({
      ja: '比較演算子（=、!=、NOT EXISTS、IS NULL など）が必要です',
      en: 'expected a comparison (=, !=, NOT EXISTS, IS NULL, …)',
    });
  }

  private parseSelector(): Step[] {
    if (!this.take('$'))
      this.fail({ ja: '項目は $. で始めてください', en: "expected a selector such as '$.eventName'" });
    const steps: Step[] = [];
    for (;;) {
      if (this.take('.')) {
        const start = this.at;
        while (this.at < this.text.length && /[A-Za-z0-9_\-@:]/.test(this.text[this.at]!)) this.at++;
        if (this.at === start)
          this.fail({ ja: '「.」の後に項目名が必要です', en: "expected a field name after '.'" });
        steps.push(this.text.slice(start, this.at));
      } else if (this.take('[')) {
        const start = this.at;
        while (this.at < this.text.length && /[0-9]/.test(this.text[this.at]!)) this.at++;
        if (this.at === start)
          this.fail({ ja: '[ ] の中は番号です', en: "expected an array index inside '[ ]'" });
        const index = Number(this.text.slice(start, this.at));
        this.expect(']', { ja: '「]」が閉じていません', en: "expected ']'" });
        steps.push(index);
      } else break;
    }
    if (steps.length === 0) this.fail({ ja: '$ の後に項目名が必要です', en: "expected '.field' after '$'" });
    return steps;
  }

  private parseValue(): { value: string; quoted: boolean } {
    if (this.take('"')) {
      let value = '';
      while (this.at < this.text.length && this.text[this.at] !== '"') {
        if (this.text[this.at] === '\\' && this.at + 1 < this.text.length) this.at++;
        value += this.text[this.at++];
      }
      this.expect('"', { ja: '「"」が閉じていません', en: 'unterminated quoted value' });
      return { value, quoted: true };
    }
    const start = this.at;
    while (this.at < this.text.length && !/[\s()}&|]/.test(this.text[this.at]!)) this.at++;
    if (this.at === start) this.fail({ ja: '比較する値が必要です', en: 'expected a value to compare with' });
    return { value: this.text.slice(start, this.at), quoted: false };
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private take(token: string): boolean {
    this.space();
    if (!this.text.startsWith(token, this.at)) return false;
    this.at += token.length;
    return true;
  }

  private takeWord(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    const next = this.text[this.at + word.length];
    if (next !== undefined && /[A-Za-z0-9_]/.test(next)) return false;
    this.at += word.length;
    return true;
  }

  private expect(token: string, message: { ja: string; en: string }): void {
    if (!this.take(token)) this.fail(message);
  }

  private fail(message: { ja: string; en: string }): never {
    throw new FilterPatternError(this.text, this.at + 1, message);
  }
}
