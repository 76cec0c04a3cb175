// How a chat command declares itself: name, subcommands, typed arguments, permission and bilingual
// help. The router parses, checks and documents commands from these declarations alone.
import type { Bilingual } from '../core/i18n/locale.js';
import type { FormField, Reply } from '../core/reply.js';
import type { CommandContext, ParseContext } from './context.js';

/** A kind of value: how it is written in usage lines and how typed text becomes a value. */
export interface ArgType<T> {
  /** Placeholder in usage lines, e.g. "person" → <person>. */
  readonly placeholder: string;
  /** Throws a Bilingual-carrying error (see ArgValueError) when the text is not a valid value. */
  parse(raw: string, ctx: ParseContext): T;
  /** Fixed choices, listed in help. */
  readonly choices?: readonly string[];
}

export interface ArgSpec<
  T = unknown,
  Required extends boolean = boolean,
  Multiple extends boolean = boolean,
> {
  readonly type: ArgType<T>;
  readonly help: Bilingual;
  readonly required: Required;
  /** Options: may be repeated or comma-separated. Positionals: takes every remaining word as a value. */
  readonly multiple: Multiple;
  /** Positional only: takes all remaining words, so free text needs no quotes. */
  readonly rest?: boolean;
  /** Positional only: may be left out inside the incident's own channel. */
  readonly fromChannel?: boolean;
  /** Option only: a switch that takes no value. */
  readonly flag?: boolean;
  readonly defaultValue?: T;
}

type AnyArg = ArgSpec<any, boolean, boolean>; // eslint-disable-line @typescript-eslint/no-explicit-any -- type-level container for any value type

export type ArgValue<S> =
  S extends ArgSpec<infer T, infer R, infer M>
    ? M extends true
      ? T[]
      : R extends true
        ? T
        : T | undefined
    : never;

export type ArgValues<S extends Record<string, AnyArg>> = { [K in keyof S]: ArgValue<S[K]> };

/** Who may run a subcommand, checked before it runs. Incident-level rules are enforced by the core. */
export type Permission =
  /** Anyone, including people not in tsunagi.yaml (help, whoami). */
  | 'anyone'
  /** Any person listed in tsunagi.yaml. */
  | 'member'
  /** People of the customer or an SIer (declaring incidents). */
  | 'responder'
  /** The customer's people, and people added to the incident named by the `incident` argument. */
  | 'participant'
  /** The incident's commander, and the customer's accountable people (closing). */
  | 'closer';

export type CommandResult = Reply | readonly Reply[];

export interface SubcommandSpec<P extends Record<string, AnyArg>, O extends Record<string, AnyArg>> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: Bilingual;
  /** Longer help: rules, what happens, who else is told. */
  readonly description?: Bilingual;
  readonly permission: Permission;
  readonly positionals: P;
  readonly options: O;
  readonly examples?: readonly string[];
  /** Asked as a form on platforms that show forms, when the command is given without arguments. */
  readonly form?: FormSpec;
  run(ctx: CommandContext, args: ArgValues<P> & ArgValues<O>): CommandResult | Promise<CommandResult>;
}

export interface FormSpec {
  readonly submit: Bilingual;
  /** The questions, in the asker's language; names are the subcommand's option or positional names. */
  fields(ctx: CommandContext): FormField[];
}

export interface AnySubcommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: Bilingual;
  readonly description?: Bilingual;
  readonly permission: Permission;
  readonly positionals: Record<string, AnyArg>;
  readonly options: Record<string, AnyArg>;
  readonly examples?: readonly string[];
  readonly form?: FormSpec;
  run(ctx: CommandContext, args: Record<string, unknown>): CommandResult | Promise<CommandResult>;
}

export interface CommandSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: Bilingual;
  readonly subcommands: readonly AnySubcommand[];
  /** Runs when the command is given without a subcommand name (e.g. `/help topic`). */
  readonly defaultSubcommand?: string;
  /**
   * False for names not registered as Slack slash commands (e.g. /help, too generic to claim in a
   * workspace; /tsunagi help is the same). They still work as typed text in Teams and the console.
   */
  readonly slashCommand?: boolean;
}

export function defineSubcommand<P extends Record<string, AnyArg>, O extends Record<string, AnyArg>>(
  spec: SubcommandSpec<P, O>,
): AnySubcommand {
  return spec as unknown as AnySubcommand; // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion -- erases the argument types for the registry
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

interface ArgOptions<T> {
  readonly help: Bilingual;
  readonly defaultValue?: T;
}

export function positional<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { required: boolean; variadic: true },
): ArgSpec<T, true, true>;
export function positional<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { required: true; rest?: boolean; fromChannel?: boolean },
): ArgSpec<T, true, false>;
export function positional<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { required?: false; rest?: boolean },
): ArgSpec<T, false, false>;
export function positional<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { required?: boolean; rest?: boolean; fromChannel?: boolean; variadic?: boolean },
): ArgSpec<T, boolean, boolean> {
  const { variadic, ...rest } = options;
  return { type, required: options.required ?? false, multiple: variadic ?? false, ...rest };
}

export function option<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { multiple: true },
): ArgSpec<T, false, true>;
export function option<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { defaultValue: T },
): ArgSpec<T, true, false>;
export function option<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { required: true },
): ArgSpec<T, true, false>;
export function option<T>(type: ArgType<T>, options: ArgOptions<T>): ArgSpec<T, false, false>;
export function option<T>(
  type: ArgType<T>,
  options: ArgOptions<T> & { multiple?: boolean; required?: boolean },
): ArgSpec<T, boolean, boolean> {
  return {
    type,
    ...options,
    required: options.required ?? options.defaultValue !== undefined,
    multiple: options.multiple ?? false,
  };
}

const booleanType: ArgType<boolean> = { placeholder: '', parse: () => true };

export function flag(options: { help: Bilingual }): ArgSpec<boolean, true, false> {
  return {
    type: booleanType,
    help: options.help,
    required: true,
    multiple: false,
    flag: true,
    defaultValue: false,
  };
}
