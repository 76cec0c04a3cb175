// The kinds of values commands take, each turning typed text into a checked value or a reason
// that the router shows next to the argument's name. Text is NFKC-normalised first, so full-width
// digits and letters from Japanese input work ("ＳＥＶ２", "２").
import type { Bilingual } from '../core/i18n/locale.js';
import { isSeverity, type Severity } from '../core/incidents/severity.js';
import { parseIncidentId } from '../core/incidents/incident-id.js';
import { parseLayer, LAYERS, type Layer } from '../core/parties/layers.js';
import type { Person, Service } from '../core/parties/model.js';
import { parseDuration } from '../core/text/duration.js';
import { suggest } from '../core/text/suggest.js';
import type { ArgType } from './command-spec.js';

/** Thrown by a parse function; the router adds the argument's name and the usage. */
export class InvalidValue extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
  }
}

const normalise = (raw: string): string => raw.normalize('NFKC').trim();

export const text: ArgType<string> = {
  placeholder: 'text',
  parse(raw) {
    const value = raw.trim();
    if (value === '') throw new InvalidValue({ ja: '空にはできません', en: 'must not be empty' });
    return value;
  },
};

export function choice<T extends string>(
  placeholder: string,
  values: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): ArgType<T> {
  return {
    placeholder,
    choices: values,
    parse(raw) {
      const key = normalise(raw).toLowerCase();
      const found = (values as readonly string[]).includes(key) ? (key as T) : aliases[key];
      if (found) return found;
      const hint = suggest(key, values);
      throw new InvalidValue({
        ja: `「${raw}」は指定できません。${hint ? `「${hint}」ではありませんか。` : ''}指定できる値: ${values.join(', ')}`,
        en: `"${raw}" is not allowed.${hint ? ` Did you mean "${hint}"?` : ''} Allowed: ${values.join(', ')}`,
      });
    },
  };
}

export const severity: ArgType<Severity> = {
  placeholder: '1-4',
  choices: ['1', '2', '3', '4'],
  parse(raw) {
    const match = /^(?:sev|s|p)?-?([1-4])$/i.exec(normalise(raw));
    const value = match ? Number(match[1]) : NaN;
    if (isSeverity(value)) return value;
    throw new InvalidValue({
      ja: `重大度「${raw}」は不明です。1〜4（または SEV1〜SEV4）で指定してください`,
      en: `unknown severity "${raw}"; use 1 to 4 (or SEV1 to SEV4)`,
    });
  },
};

export const duration: ArgType<number> = {
  placeholder: 'duration',
  parse(raw) {
    const ms = parseDuration(raw);
    if (ms !== undefined) return ms;
    throw new InvalidValue({
      ja: `期間「${raw}」を解釈できません。30m、2h、1h30m、90分 のように指定してください`,
      en: `cannot read the duration "${raw}"; write it like 30m, 2h, 1h30m`,
    });
  },
};

export const incidentId: ArgType<string> = {
  placeholder: 'INC-n',
  parse(raw) {
    const id = parseIncidentId(raw);
    if (id) return id;
    throw new InvalidValue({
      ja: `「${raw}」はインシデントIDではありません。INC-1 のように指定してください`,
      en: `"${raw}" is not an incident id; write it like INC-1`,
    });
  },
};

/** A person from tsunagi.yaml: their id, @id, a chat mention, their full name, or "me". */
export const person: ArgType<Person> = {
  placeholder: 'person',
  parse(raw, ctx) {
    const key = normalise(raw).toLowerCase();
    if ((key === 'me' || key === '自分' || key === 'わたし' || key === '私') && ctx.actor) return ctx.actor;
    const found = ctx.directory.resolvePerson(raw, ctx.platform);
    if (found) return found;
    const ids = ctx.directory.people.map((p) => p.id);
    const hint = suggest(key.replace(/^@/, ''), ids);
    throw new InvalidValue({
      ja: `「${raw}」という人は tsunagi.yaml にいません。${hint ? `「${hint}」ではありませんか。` : ''}登録済み: ${ids.join(', ')}`,
      en: `nobody called "${raw}" is in tsunagi.yaml.${hint ? ` Did you mean "${hint}"?` : ''} Known: ${ids.join(', ')}`,
    });
  },
};

export const service: ArgType<Service> = {
  placeholder: 'service',
  parse(raw, ctx) {
    const key = normalise(raw).toLowerCase();
    const found = ctx.directory.service(key);
    if (found) return found;
    const ids = ctx.directory.services.map((s) => s.id);
    const hint = suggest(key, ids);
    throw new InvalidValue({
      ja: `サービス「${raw}」は tsunagi.yaml に定義されていません。${hint ? `「${hint}」ではありませんか。` : ''}定義済み: ${ids.join(', ')}`,
      en: `service "${raw}" is not defined in tsunagi.yaml.${hint ? ` Did you mean "${hint}"?` : ''} Defined: ${ids.join(', ')}`,
    });
  },
};

export const layer: ArgType<Layer> = {
  placeholder: 'layer',
  choices: LAYERS,
  parse(raw) {
    const found = parseLayer(raw);
    if (found) return found;
    const hint = suggest(normalise(raw).toLowerCase(), LAYERS);
    throw new InvalidValue({
      ja: `レイヤ「${raw}」は不明です。${hint ? `「${hint}」ではありませんか。` : ''}指定できる値: ${LAYERS.join(', ')}`,
      en: `unknown layer "${raw}".${hint ? ` Did you mean "${hint}"?` : ''} Allowed: ${LAYERS.join(', ')}`,
    });
  },
};

export const count: ArgType<number> = {
  placeholder: 'n',
  parse(raw) {
    const value = Number(normalise(raw));
    if (Number.isInteger(value) && value > 0 && value <= 1000) return value;
    throw new InvalidValue({
      ja: '1〜1000 の整数で指定してください',
      en: 'use a whole number from 1 to 1000',
    });
  },
};
