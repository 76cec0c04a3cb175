// Forms instead of arguments: a platform that can show a form (a Slack modal, a Teams card) asks
// for the arguments of a command given without them, and the answers come back as an ordinary
// command line, so parsing, permissions and errors are exactly those of typed commands.
import type { Form } from '../core/reply.js';
import { parseIncidentId } from '../core/incidents/incident-id.js';
import type { AnySubcommand, CommandSpec } from './command-spec.js';
import type { CommandContext } from './context.js';
import type { Token } from './tokenize.js';

/**
 * The form for a subcommand typed without arguments (or with only the incident id, which then
 * stays part of the command), or undefined when the arguments should be parsed as usual.
 */
export function formFor(
  command: CommandSpec,
  sub: AnySubcommand,
  rest: readonly Token[],
  ctx: CommandContext,
): Form | undefined {
  if (!sub.form || !ctx.event.capabilities?.forms) return undefined;
  const incident = rest.length === 1 ? parseIncidentId(rest[0]!.text) : undefined;
  if (rest.length > 1 || (rest.length === 1 && !incident)) return undefined;
  return {
    title: ctx.t(sub.summary),
    submitLabel: ctx.t(sub.form.submit),
    command: `/${command.name} ${sub.name}${incident ? ` ${incident}` : ''}`,
    fields: sub.form.fields(ctx),
  };
}

/** Quotes a value so the tokenizer gives it back unchanged, whatever it contains. */
export function quoteArgument(value: string): string {
  return `"${value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`;
}

/** The command line a submitted form stands for; empty answers are left out. */
export function formToCommand(
  form: Form,
  answers: Readonly<Record<string, string | readonly string[]>>,
): string {
  const parts = [form.command];
  for (const field of form.fields) {
    const answer = answers[field.name];
    const values = (typeof answer === 'string' ? [answer] : (answer ?? [])).filter((v) => v.trim() !== '');
    for (const value of values) {
      parts.push(field.positional ? quoteArgument(value) : `--${field.name} ${quoteArgument(value)}`);
    }
  }
  return parts.join(' ');
}
