// Checks a parsed playbook document against playbooks/playbook.schema.json (JSON Schema draft-07)
// and turns each schema error into a bilingual sentence at a path in the document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../../app/paths.js';
import type { Bilingual } from '../i18n/locale.js';

export const PLAYBOOK_SCHEMA_FILE = path.join(PACKAGE_ROOT, 'playbooks', 'playbook.schema.json');

/** A problem at a path in a document; `atKey` points at the key rather than its value. */
export interface PathProblem {
  readonly path: readonly (string | number)[];
  readonly message: Bilingual;
  readonly atKey?: boolean;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(PLAYBOOK_SCHEMA_FILE, 'utf8')) as object;
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

/** Schema problems of a document (empty when it conforms). */
export function checkPlaybookSchema(data: unknown): PathProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = describeError(error, data);
    if (!problem) continue;
    const key = `${problem.path.join('/')}|${problem.message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function valueAt(data: unknown, at: readonly (string | number)[]): unknown {
  let node = data;
  for (const key of at) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { ja: '文字列', en: 'a string' },
  number: { ja: '数値', en: 'a number' },
  integer: { ja: '整数', en: 'a whole number' },
  boolean: { ja: 'true または false', en: 'true or false' },
  array: { ja: 'リスト（- で始まる項目）', en: 'a list (items starting with -)' },
  object: { ja: 'キーと値の組（マップ）', en: 'a mapping of keys to values' },
  null: { ja: '空の値', en: 'an empty value' },
};

function typeName(name: string): Bilingual {
  return TYPE_NAMES[name] ?? { ja: name, en: name };
}

function receivedType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const PATTERN_MESSAGES: [RegExp, Bilingual][] = [
  [
    /^\^P\(\?!\$\)/,
    {
      ja: 'ISO 8601 の期間で書いてください（例: PT30M, PT1H, P1D）',
      en: 'write an ISO 8601 duration (for example: PT30M, PT1H, P1D)',
    },
  ],
  [
    /^\^\[a-z\]\[a-z0-9_\]\*\$$/,
    {
      ja: '英小文字で始まる英小文字・数字・「_」の名前にしてください（例: contain_access）',
      en: 'use lower-case snake_case: a letter, then letters, digits and "_" (for example: contain_access)',
    },
  ],
  [
    /^\^\[a-z\]\[a-z0-9_-\]\*\$$/,
    {
      ja: '英小文字で始まる英小文字・数字・「_」「-」の名前にしてください',
      en: 'use a lower-case letter, then letters, digits, "_" and "-"',
    },
  ],
  [
    /^\^\[a-z0-9\]\+\(-/,
    {
      ja: '英小文字・数字を「-」でつないだ名前にしてください（例: compromised-admin-credential）',
      en: 'use lower-case kebab-case (for example: compromised-admin-credential)',
    },
  ],
  [
    /^\^\(0\|/,
    {
      ja: 'セマンティックバージョンで書いてください（例: 1.0.0）',
      en: 'write a semantic version (for example: 1.0.0)',
    },
  ],
  [/^\\S$/, { ja: '空にはできません', en: 'must not be empty' }],
  [
    /^\^https\?/,
    { ja: 'http(s):// で始まる URL を書いてください', en: 'write a URL starting with http(s)://' },
  ],
  [
    /^\^playbook--/,
    { ja: 'playbook--<UUID> の形で書いてください', en: 'write playbook--<UUID> (a lower-case UUID)' },
  ],
  [/^\^\[1-4\]\$$/, { ja: '重大度 1〜4 を指定してください', en: 'use a severity from 1 to 4' }],
];

const NO_NEXT_KINDS: Record<string, Bilingual> = {
  decision: {
    ja: 'decision には next を書きません。各選択肢（options）の next で行き先を指定してください',
    en: 'a decision step has no next: give each of its options a next',
  },
  approval: {
    ja: 'approval には next を書きません。on_approve と on_reject で行き先を指定してください',
    en: 'an approval step has no next: use on_approve and on_reject',
  },
  parallel: {
    ja: 'parallel には next を書きません。全分岐の終了後に進む手順を join で指定してください',
    en: 'a parallel step has no next: join names the step reached when all branches end',
  },
};

function describeError(error: ErrorObject, data: unknown): PathProblem | undefined {
  const at = pathOf(error.instancePath);
  // The audience's "exactly one of role or party" is reported once, by its oneOf error.
  if (error.schemaPath.includes('/oneOf/')) return undefined;
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    // A key of a map (role, input, template, cadence) breaks the naming rule.
    const message = describeError({ ...error, propertyName: undefined }, data)?.message;
    return message ? { path: [...at, error.propertyName], message, atKey: true } : undefined;
  }
  switch (error.keyword) {
    case 'if':
    case 'propertyNames': // reported by the error of the rule the key breaks
      return undefined;
    case 'required':
      return {
        path: [...at, String(params.missingProperty)],
        message: { ja: 'この項目は必須です（値がありません）', en: 'this field is required and is missing' },
      };
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const kind = valueAt(data, [...at, 'kind']);
      const noNext =
        key === 'next' && at.length === 2 && at[0] === 'steps' && typeof kind === 'string'
          ? NO_NEXT_KINDS[kind]
          : undefined;
      return {
        path: [...at, key],
        atKey: true,
        message: noNext ?? {
          ja: `不明な項目です: ${key}（綴りと、この種類で使える項目か確認してください）`,
          en: `unknown field: ${key} (check the spelling, and that it belongs here)`,
        },
      };
    }
    case 'type': {
      const expected = [params.type].flat().map((name) => typeName(String(name)));
      const got = typeName(receivedType(valueAt(data, at)));
      return {
        path: at,
        message: {
          ja: `${expected.map((e) => e.ja).join('、')}を指定してください（${got.ja}が書かれています）`,
          en: `expected ${expected.map((e) => e.en).join(' or ')}, found ${got.en}`,
        },
      };
    }
    case 'enum': {
      const values = (params.allowedValues as unknown[]).map(String).join(', ');
      return {
        path: at,
        message: { ja: `次のいずれかを指定してください: ${values}`, en: `must be one of: ${values}` },
      };
    }
    case 'const':
      return {
        path: at,
        message: {
          ja: `${String(params.allowedValue)} と書いてください`,
          en: `must be ${String(params.allowedValue)}`,
        },
      };
    case 'pattern': {
      const pattern = String(params.pattern);
      const known = PATTERN_MESSAGES.find(([test]) => test.test(pattern))?.[1];
      return {
        path: at,
        message: known ?? { ja: `形式が正しくありません（${pattern}）`, en: `does not match ${pattern}` },
      };
    }
    case 'minItems':
      return {
        path: at,
        message: {
          ja: `${String(params.limit)}件以上必要です`,
          en: `needs at least ${String(params.limit)} item(s)`,
        },
      };
    case 'minProperties':
      return {
        path: at,
        message: {
          ja: `${String(params.limit)}件以上必要です`,
          en: `needs at least ${String(params.limit)} entry(ies)`,
        },
      };
    case 'minLength':
      return { path: at, message: { ja: '空にはできません', en: 'must not be empty' } };
    case 'minimum':
      return {
        path: at,
        message: {
          ja: `${String(params.limit)}以上にしてください`,
          en: `must be at least ${String(params.limit)}`,
        },
      };
    case 'maximum':
      return {
        path: at,
        message: {
          ja: `${String(params.limit)}以下にしてください`,
          en: `must be at most ${String(params.limit)}`,
        },
      };
    case 'uniqueItems':
      return {
        path: at,
        message: { ja: '同じ値が重複しています', en: 'contains the same value twice' },
      };
    case 'oneOf':
      return {
        path: at,
        message: {
          ja: 'role と party のどちらか一方だけを指定してください',
          en: 'give exactly one of role or party',
        },
      };
    case 'not':
      return {
        path: [...at, 'values'],
        atKey: true,
        message: {
          ja: 'values は type: enum の入力にだけ書けます',
          en: 'values is only for inputs of type: enum',
        },
      };
    default:
      return {
        path: at,
        message: { ja: error.message ?? error.keyword, en: error.message ?? error.keyword },
      };
  }
}
