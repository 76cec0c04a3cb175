// A run's inputs as people type them (`--input name=value`), checked against the playbook's declared
// inputs: known names, required ones, types and enum values. A sub-playbook's rendered inputs are
// checked the same way before its run starts.
import { UserInputError } from '../errors.js';
import type { Input, Playbook } from './playbook-types.js';

export type InputValue = string | number | boolean;

/** `name=value` pairs checked against the playbook's inputs: known names, required ones, types, enum values. */
export function parseInputs(playbook: Playbook, pairs: readonly string[]): Record<string, InputValue> {
  const defs: Readonly<Record<string, Input>> = playbook.inputs ?? {};
  const names = Object.keys(defs);
  const values: Record<string, InputValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!name) {
      throw new UserInputError({
        ja: `入力は 名前=値 の形で指定してください（「${pair}」）`,
        en: `Give inputs as name=value ("${pair}")`,
      });
    }
    const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
    if (!def) {
      throw new UserInputError({
        ja: `このプレイブックに入力「${name}」はありません。入力: ${names.join(', ') || '（なし）'}`,
        en: `This playbook has no input "${name}". Inputs: ${names.join(', ') || '(none)'}`,
      });
    }
    values[name] = convert(name, def, pair.slice(eq + 1).trim());
  }
  const missing = names.filter((n) => defs[n]?.required && !Object.hasOwn(values, n));
  if (missing.length > 0) {
    throw new UserInputError({
      ja: `必須の入力がありません: ${missing.join(', ')}（例: --input ${missing[0]}=…）`,
      en: `Required inputs missing: ${missing.join(', ')} (e.g. --input ${missing[0]}=…)`,
    });
  }
  return values;
}

function convert(name: string, def: Input, raw: string): InputValue {
  switch (def.type) {
    case 'enum':
      if (!def.values.includes(raw)) {
        throw new UserInputError({
          ja: `入力「${name}」の値「${raw}」は使えません。値: ${def.values.join(', ')}`,
          en: `Input "${name}" cannot be "${raw}". Values: ${def.values.join(', ')}`,
        });
      }
      return raw;
    case 'number': {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) {
        throw new UserInputError({
          ja: `入力「${name}」は数値です（「${raw}」）`,
          en: `Input "${name}" is a number ("${raw}")`,
        });
      }
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') {
        throw new UserInputError({
          ja: `入力「${name}」は true か false です（「${raw}」）`,
          en: `Input "${name}" is true or false ("${raw}")`,
        });
      }
      return raw === 'true';
    default:
      if (raw === '') {
        throw new UserInputError({ ja: `入力「${name}」が空です`, en: `Input "${name}" is empty` });
      }
      return raw;
  }
}
