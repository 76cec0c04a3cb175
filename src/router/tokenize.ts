// Splits a command line into tokens the way people type in chat: spaces (including the
// full-width space of Japanese input) separate, quotes group — ASCII, typographic (which Slack and
// phones substitute) and Japanese 「」『』. A quote opens only at the start of a token, so
// apostrophes in words ("don't") stay literal.
import { UserInputError } from '../core/errors.js';

export interface Token {
  readonly text: string;
  /** Quoted tokens are always values, never options. */
  readonly quoted: boolean;
  /** Character offset where the token starts, for error messages. */
  readonly start: number;
}

const CLOSERS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '”': '”',
  '‘': '’',
  '「': '」',
  '『': '』',
};

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const chars = [...input];
  let i = 0;
  let offset = 0;
  const advance = (): string => {
    const ch = chars[i]!;
    i += 1;
    offset += ch.length;
    return ch;
  };
  while (i < chars.length) {
    if (isSpace(chars[i]!)) {
      advance();
      continue;
    }
    const start = offset;
    let text = '';
    let quoted = false;
    while (i < chars.length && !isSpace(chars[i]!)) {
      const ch = chars[i]!;
      const closer = text === '' && !quoted ? CLOSERS[ch] : undefined;
      if (closer === undefined) {
        text += advance();
        continue;
      }
      const openedAt = offset;
      advance();
      quoted = true;
      let closed = false;
      while (i < chars.length) {
        const inner = advance();
        if (inner === '\\' && (ch === '"' || ch === '“') && i < chars.length) {
          const escaped = chars[i]!;
          if (escaped === '"' || escaped === '\\' || escaped === '”') {
            text += advance();
            continue;
          }
        }
        if (inner === closer) {
          closed = true;
          break;
        }
        text += inner;
      }
      if (!closed) {
        throw new UserInputError({
          ja: `${openedAt + 1}文字目で開いた引用符 ${ch} が閉じられていません。末尾に ${closer} を付けてください。`,
          en: `The quote ${ch} opened at character ${openedAt + 1} is not closed; add ${closer} at its end.`,
        });
      }
    }
    tokens.push({ text, quoted, start });
  }
  return tokens;
}
