// The modifiers of a Sigma field (`field|contains|all`): which we evaluate, which are valid Sigma we
// deliberately do not (reported as unsupported, so the rule is skipped), and which combinations make
// no sense (reported as invalid).
import { RE2JS } from 're2js';
import type { YamlPath } from '../../../core/yaml/yaml-source.js';
import { invalid, unsupported } from './sigma-rule-error.js';

const SUPPORTED = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'cased',
  're',
  'i',
  'm',
  's',
  'fieldref',
]);
/** Valid Sigma we deliberately do not evaluate; named so the report says "unsupported", not "invalid". */
const KNOWN_UNSUPPORTED = new Set([
  'windash',
  'base64',
  'base64offset',
  'utf16',
  'utf16le',
  'utf16be',
  'wide',
  'cidr',
  'expand',
  'exists',
  'lt',
  'lte',
  'gt',
  'gte',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'neq',
]);

export interface Modifiers {
  readonly anchor?: 'contains' | 'startswith' | 'endswith';
  readonly all: boolean;
  readonly cased: boolean;
  readonly regex?: { readonly flags: number };
  readonly fieldref: boolean;
}

export function readModifiers(names: readonly string[], path: YamlPath): Modifiers {
  let anchor: Modifiers['anchor'];
  let all = false;
  let cased = false;
  let regex = false;
  let fieldref = false;
  let flags = 0;
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (!SUPPORTED.has(name)) {
      const what = { ja: `修飾子 ${raw}`, en: `modifier "${raw}"` };
      if (KNOWN_UNSUPPORTED.has(name)) throw unsupported(what, path, true);
      throw invalid({ ja: `不明な${what.ja}`, en: `unknown ${what.en}` }, path, true);
    }
    if (name === 'contains' || name === 'startswith' || name === 'endswith') {
      if (anchor || regex) conflict(path);
      anchor = name;
    } else if (name === 'all') all = true;
    else if (name === 'cased') cased = true;
    else if (name === 'fieldref') fieldref = true;
    else if (name === 're') {
      if (anchor) conflict(path);
      regex = true;
    } else {
      if (!regex) {
        throw invalid(
          { ja: `${raw} は re の後にだけ付けられます`, en: `"${raw}" may only follow "re"` },
          path,
          true,
        );
      }
      flags |= name === 'i' ? RE2JS.CASE_INSENSITIVE : name === 'm' ? RE2JS.MULTILINE : RE2JS.DOTALL;
    }
  }
  if (fieldref && (anchor || regex || all)) {
    throw unsupported(
      { ja: 'fieldref と他の修飾子の組み合わせ', en: '"fieldref" combined with other modifiers' },
      path,
      true,
    );
  }
  return { ...(anchor ? { anchor } : {}), all, cased, ...(regex ? { regex: { flags } } : {}), fieldref };
}

function conflict(path: YamlPath): never {
  throw invalid(
    {
      ja: 'contains・startswith・endswith・re は一つだけ指定できます',
      en: 'contains, startswith, endswith and re exclude each other',
    },
    path,
    true,
  );
}
