import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { tokenize } from '../../src/router/tokenize.js';

const texts = (input: string): string[] => tokenize(input).map((t) => t.text);

describe('tokenize', () => {
  it('splits on ASCII and full-width spaces', () => {
    expect(texts('incident　declare  x')).toEqual(['incident', 'declare', 'x']);
  });

  it('groups ASCII, typographic and Japanese quotes', () => {
    expect(texts('declare "Portal exposed" “smart quotes” 「職員 メール」 『二重』')).toEqual([
      'declare',
      'Portal exposed',
      'smart quotes',
      '職員 メール',
      '二重',
    ]);
  });

  it('keeps apostrophes inside words literal', () => {
    expect(texts("note don't restart")).toEqual(['note', "don't", 'restart']);
  });

  it('unescapes \\" inside double quotes and marks quoted tokens', () => {
    const tokens = tokenize('note "say \\"hi\\"" --internal');
    expect(tokens[1]).toMatchObject({ text: 'say "hi"', quoted: true });
    expect(tokens[2]).toMatchObject({ text: '--internal', quoted: false });
  });

  it('keeps an empty quoted string as a token', () => {
    expect(texts('note ""')).toEqual(['note', '']);
  });

  it('reports an unclosed quote with where it opened', () => {
    expect(() => tokenize('note "oops')).toThrow(UserInputError);
    expect(() => tokenize('note 「oops')).toThrow(/character 6/);
  });
});
