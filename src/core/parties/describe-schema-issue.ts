// Turns a schema validation issue into a bilingual sentence an administrator can act on.
// Zod's own messages are English-only and read like a type checker; these say what to write.
import type { z } from 'zod';
import type { Bilingual } from '../i18n/locale.js';

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { ja: '文字列', en: 'a string' },
  number: { ja: '数値', en: 'a number' },
  boolean: { ja: 'true または false', en: 'true or false' },
  array: { ja: 'リスト（- で始まる項目）', en: 'a list (items starting with -)' },
  object: { ja: 'キーと値の組（マップ）', en: 'a mapping of keys to values' },
  undefined: { ja: '値なし', en: 'nothing' },
  null: { ja: '空の値', en: 'an empty value' },
};

function typeName(name: unknown): Bilingual {
  return TYPE_NAMES[String(name)] ?? { ja: String(name), en: String(name) };
}

function receivedType(input: unknown): string {
  if (input === undefined) return 'undefined';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

export function describeSchemaIssue(issue: z.core.$ZodIssue & { input?: unknown }): Bilingual {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) {
    return { ja: 'この項目は必須です（値がありません）', en: 'this field is required and is missing' };
  }
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      const got = typeName(receivedType(issue.input));
      return {
        ja: `${expected.ja}を指定してください（${got.ja}が書かれています）`,
        en: `expected ${expected.en}, found ${got.en}`,
      };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v)).join(', ');
      return {
        ja: `次のいずれかを指定してください: ${values}`,
        en: `must be one of: ${values}`,
      };
    }
    case 'unrecognized_keys': {
      const keys = issue.keys.join(', ');
      return {
        ja: `不明な項目です: ${keys}（綴りを確認してください）`,
        en: `unknown field: ${keys} (check the spelling)`,
      };
    }
    case 'too_small':
      if (issue.origin === 'array') {
        return {
          ja: `${String(issue.minimum)}件以上必要です`,
          en: `needs at least ${String(issue.minimum)} item(s)`,
        };
      }
      return { ja: '空にはできません', en: 'must not be empty' };
    case 'too_big':
      return {
        ja: `${String(issue.maximum)}以下にしてください`,
        en: `must be at most ${String(issue.maximum)}`,
      };
    case 'invalid_format':
      return {
        ja: '英小文字・数字・「-」「_」で書いてください（例: portal, city-ops）',
        en: 'use lower-case letters, digits, "-" and "_" (for example: portal, city-ops)',
      };
    case 'invalid_union':
      return {
        ja: '文字列か、ja と en の両方を持つマップを指定してください（例: {ja: 市公式ポータル, en: City portal}）',
        en: 'write a string, or a mapping with both ja and en (for example: {ja: 市公式ポータル, en: City portal})',
      };
    case 'invalid_key':
      return { ja: '使えないキーです', en: 'this key is not allowed here' };
    default:
      return { ja: issue.message, en: issue.message };
  }
}
