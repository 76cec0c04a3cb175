// Help and usage, generated from the command declarations so they can never drift from what the
// parser accepts.
import type { Bilingual, Locale } from '../core/i18n/locale.js';
import { reply, type Block, type Reply } from '../core/reply.js';
import type { AnySubcommand, ArgSpec, CommandSpec, Permission } from './command-spec.js';

const PERMISSION_TEXT: Record<Permission, Bilingual> = {
  anyone: { ja: '誰でも', en: 'Anyone' },
  member: { ja: 'tsunagi.yaml に登録された人', en: 'People listed in tsunagi.yaml' },
  responder: { ja: '利用者組織または SIer の人', en: 'People of the customer or an SIer' },
  participant: {
    ja: '利用者組織の人と、このインシデントに追加された人',
    en: "The customer's people and people added to the incident",
  },
  closer: {
    ja: '対応責任者（IC）と、利用者組織の責任者（accountable の人・サービスのシステム所管者）',
    en: "The incident commander and the customer's accountable people (or the service owner)",
  },
};

function argUsage(name: string, arg: ArgSpec, isOption: boolean): string {
  if (!isOption) {
    const body = `<${name}>`;
    if (arg.fromChannel) return `[${arg.type.placeholder === 'INC-n' ? 'INC-n' : body}]`;
    if (arg.multiple) return arg.required ? `${body}…` : `[${body}…]`;
    return arg.required ? (arg.rest ? `${body}…` : body) : `[${body}]`;
  }
  const body = arg.flag ? `--${name}` : `--${name} <${arg.type.placeholder}>`;
  if (arg.multiple) return `[${body}]…`;
  return arg.required && arg.defaultValue === undefined ? body : `[${body}]`;
}

export function usageLine(command: CommandSpec, sub: AnySubcommand): string {
  const parts = [`/${command.name}`];
  if (sub.name !== command.defaultSubcommand || command.subcommands.length > 1) parts.push(sub.name);
  for (const [name, arg] of Object.entries(sub.positionals)) parts.push(argUsage(name, arg, false));
  for (const [name, arg] of Object.entries(sub.options)) parts.push(argUsage(name, arg, true));
  return parts.join(' ');
}

export function subcommandHelp(command: CommandSpec, sub: AnySubcommand, locale: Locale): Reply {
  const t = (b: Bilingual): string => b[locale];
  const blocks: Block[] = [
    { type: 'header', text: `/${command.name} ${sub.name} — ${t(sub.summary)}` },
    { type: 'text', text: usageLine(command, sub) },
  ];
  if (sub.description) blocks.push({ type: 'text', text: t(sub.description) });
  const args = [
    ...Object.entries(sub.positionals).map(([name, arg]) => describeArg(`<${name}>`, arg, locale)),
    ...Object.entries(sub.options).map(([name, arg]) =>
      describeArg(arg.flag ? `--${name}` : `--${name} <${arg.type.placeholder}>`, arg, locale),
    ),
  ];
  if (args.length > 0) blocks.push({ type: 'list', title: t({ ja: '引数', en: 'Arguments' }), items: args });
  blocks.push({
    type: 'fields',
    fields: [
      { label: t({ ja: '実行できる人', en: 'Who may run it' }), value: t(PERMISSION_TEXT[sub.permission]) },
    ],
  });
  if (sub.examples?.length) {
    blocks.push({ type: 'list', title: t({ ja: '例', en: 'Examples' }), items: sub.examples });
  }
  return reply(usageLine(command, sub), blocks, { visibility: 'ephemeral' });
}

function describeArg(label: string, arg: ArgSpec, locale: Locale): string {
  const notes: string[] = [];
  if (arg.type.choices && !arg.flag) notes.push(arg.type.choices.join(' | '));
  const fallback = arg.defaultValue;
  if ((typeof fallback === 'string' || typeof fallback === 'number') && !arg.flag) {
    notes.push(`${locale === 'ja' ? '既定' : 'default'}: ${fallback}`);
  }
  if (arg.multiple) notes.push(locale === 'ja' ? '複数可' : 'repeatable');
  return `${label} — ${arg.help[locale]}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function commandHelp(command: CommandSpec, locale: Locale): Reply {
  const t = (b: Bilingual): string => b[locale];
  return reply(
    `/${command.name} — ${t(command.summary)}`,
    [
      { type: 'header', text: `/${command.name} — ${t(command.summary)}` },
      {
        type: 'list',
        items: command.subcommands.map((sub) => `${usageLine(command, sub)}\n${t(sub.summary)}`),
      },
      {
        type: 'context',
        text: t({
          ja: `詳しくは /${command.name} <サブコマンド> --help`,
          en: `More: /${command.name} <subcommand> --help`,
        }),
      },
    ],
    { visibility: 'ephemeral' },
  );
}
