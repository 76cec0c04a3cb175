// Turns the words after a subcommand into typed arguments, following the subcommand's declaration:
// `--name value`, `--name=value`, switches, repeated or comma-separated options, positionals in
// order, a trailing free-text positional, and an incident id that may be left out in its channel.
import { UserInputError } from '../core/errors.js';
import { looksLikeIncidentId } from '../core/incidents/incident-id.js';
import type { Bilingual } from '../core/i18n/locale.js';
import type { AnySubcommand, ArgSpec } from './command-spec.js';
import type { ParseContext } from './context.js';
import { InvalidValue } from './arg-types.js';
import type { Token } from './tokenize.js';

export interface ParseInput {
  readonly tokens: readonly Token[];
  readonly ctx: ParseContext;
  /** The incident whose channel the command was typed in, if any. */
  readonly channelIncident?: string;
  /** The usage line shown with every error. */
  readonly usage: string;
}

export type ParseOutcome =
  { readonly help: true } | { readonly help: false; readonly args: Record<string, unknown> };

/** Phones turn "--" into a dash: accept "—sev" and "–sev" as "--sev". */
function optionName(token: Token): string | undefined {
  if (token.quoted) return undefined;
  const match = /^(?:--|—|–)([^\s=]*)(?:=(.*))?$/su.exec(token.text.normalize('NFKC').replace(/^－－/, '--'));
  if (!match || match[1] === '') return undefined;
  return match[1]!.toLowerCase();
}

export function parseArguments(spec: AnySubcommand, input: ParseInput): ParseOutcome {
  const { tokens, ctx, usage } = input;
  const fail = (message: Bilingual): never => {
    throw new UserInputError(message, usage);
  };
  const convert = (name: string, arg: ArgSpec, raw: string): unknown => {
    try {
      return arg.type.parse(raw, ctx);
    } catch (error) {
      if (error instanceof InvalidValue) {
        return fail({ ja: `${name}: ${error.reason.ja}`, en: `${name}: ${error.reason.en}` });
      }
      throw error;
    }
  };

  const args: Record<string, unknown> = {};
  const words: Token[] = [];
  const optionByName = new Map(Object.entries(spec.options));

  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (
      !token.quoted &&
      (token.text === '-h' || token.text === '--help' || token.text === '？' || token.text === '?')
    ) {
      return { help: true };
    }
    const name = optionName(token);
    if (name === undefined) {
      words.push(token);
      continue;
    }
    const inlineValue = /=(.*)$/su.exec(token.text)?.[1];
    const arg = optionByName.get(name);
    if (!arg) {
      const known = [...optionByName.keys()].map((k) => `--${k}`).join(', ');
      fail({
        ja: `不明なオプション --${name} です。${known ? `使えるオプション: ${known}` : 'このコマンドにオプションはありません。'}`,
        en: `Unknown option --${name}. ${known ? `Options: ${known}` : 'This command takes no options.'}`,
      });
    }
    const label = `--${name}`;
    if (arg!.flag) {
      if (inlineValue !== undefined) {
        fail({ ja: `${label} は値を取りません`, en: `${label} takes no value` });
      }
      args[name] = true;
      continue;
    }
    let raw = inlineValue;
    if (raw === undefined) {
      const next = tokens[i + 1];
      if (!next || optionName(next) !== undefined) {
        fail({
          ja: `${label} の後に値（<${arg!.type.placeholder}>）を指定してください`,
          en: `${label} needs a value (<${arg!.type.placeholder}>)`,
        });
      }
      raw = next!.text;
      i += 1;
    }
    if (arg!.multiple) {
      const parts = raw
        .split(/[,、]/u)
        .map((p) => p.trim())
        .filter((p) => p !== '');
      const values = (args[name] as unknown[] | undefined) ?? [];
      for (const part of parts) {
        const value = convert(label, arg!, part);
        if (!values.includes(value)) values.push(value);
      }
      args[name] = values;
    } else {
      if (args[name] !== undefined) {
        fail({ ja: `${label} が2回指定されています`, en: `${label} is given twice` });
      }
      args[name] = convert(label, arg!, raw);
    }
  }

  const positionals = Object.entries(spec.positionals);
  let w = 0;
  for (const [name, arg] of positionals) {
    const label = `<${name}>`;
    if (arg.fromChannel) {
      const word = words[w];
      if (word && looksLikeIncidentId(word.text)) {
        args[name] = convert(label, arg, word.text);
        w += 1;
      } else if (input.channelIncident) {
        args[name] = input.channelIncident;
      } else if (arg.required) {
        fail({
          ja: `${label} を指定してください（例: INC-1）。インシデント専用チャンネルの中では省略できます。`,
          en: `${label} is required (for example INC-1); it may be left out inside the incident's own channel.`,
        });
      }
      continue;
    }
    if (arg.multiple) {
      const values: unknown[] = [];
      for (const word of words.slice(w)) {
        for (const part of word.text.split(/[,、]/u).filter((p) => p.trim() !== '')) {
          const value = convert(label, arg, part);
          if (!values.includes(value)) values.push(value);
        }
      }
      w = words.length;
      args[name] = values;
      if (values.length === 0 && arg.required) {
        fail({
          ja: `${label} を1つ以上指定してください（${arg.help.ja}）`,
          en: `${label} needs at least one value (${arg.help.en})`,
        });
      }
      continue;
    }
    if (arg.rest) {
      const rest = words.slice(w);
      w = words.length;
      if (rest.length > 0) args[name] = convert(label, arg, rest.map((t) => t.text).join(' '));
    } else if (words[w]) {
      args[name] = convert(label, arg, words[w]!.text);
      w += 1;
    }
    if (args[name] === undefined && arg.required) {
      fail({
        ja: `${label} を指定してください（${arg.help.ja}）`,
        en: `${label} is required (${arg.help.en})`,
      });
    }
  }
  if (w < words.length) {
    const extra = words
      .slice(w)
      .map((t) => t.text)
      .join(' ');
    fail({
      ja: `余分な引数があります: 「${extra}」。空白を含む文字列は "…" で囲んでください。`,
      en: `Unexpected extra words: "${extra}". Put text that contains spaces in "quotes".`,
    });
  }

  for (const [name, arg] of optionByName) {
    if (args[name] !== undefined) continue;
    if (arg.multiple) args[name] = [];
    else if (arg.defaultValue !== undefined) args[name] = arg.defaultValue;
    else if (arg.required) {
      fail({
        ja: `--${name} を指定してください（${arg.help.ja}）`,
        en: `--${name} is required (${arg.help.en})`,
      });
    }
  }
  return { help: false, args };
}
