// The help pages reached from /tsunagi help and /help: all commands, or one command or subcommand.
import { UserInputError } from '../core/errors.js';
import type { Locale } from '../core/i18n/locale.js';
import { reply, type Reply } from '../core/reply.js';
import { suggest } from '../core/text/suggest.js';
import type { CommandSpec } from './command-spec.js';
import { findByName } from './find-by-name.js';
import { commandHelp, subcommandHelp } from './usage.js';

export function helpOverview(commands: readonly CommandSpec[], locale: Locale): Reply {
  const t = (ja: string, en: string): string => (locale === 'ja' ? ja : en);
  return reply(
    t('つなぎ（Tsunagi）のコマンド', 'Tsunagi commands'),
    [
      { type: 'header', text: t('つなぎ（Tsunagi）のコマンド', 'Tsunagi commands') },
      {
        type: 'table',
        columns: [t('コマンド', 'Command'), t('説明', 'What it does')],
        rows: commands.map((c) => [`/${c.name}`, c.summary[locale]]),
      },
      {
        type: 'context',
        text: t(
          '詳しくは /help <コマンド> または /<コマンド> <サブコマンド> --help（例: /incident declare --help）',
          'More: /help <command> or /<command> <subcommand> --help (e.g. /incident declare --help)',
        ),
      },
    ],
    { visibility: 'ephemeral' },
  );
}

/** Help for "incident" or "incident declare"; an unknown topic is a user error with a suggestion. */
export function helpTopic(commands: readonly CommandSpec[], topic: string, locale: Locale): Reply {
  const [name = '', subName] = topic.replace(/^\//, '').split(/\s+/u);
  const command = findByName(commands, name);
  if (!command) {
    const hint = suggest(
      name,
      commands.map((c) => c.name),
    );
    throw new UserInputError({
      ja: `「${name}」というコマンドはありません。${hint ? `/${hint} ではありませんか。` : ''}一覧: /help`,
      en: `There is no command "${name}".${hint ? ` Did you mean /${hint}?` : ''} List: /help`,
    });
  }
  if (subName) {
    const sub = findByName(command.subcommands, subName);
    if (sub) return subcommandHelp(command, sub, locale);
  }
  return commandHelp(command, locale);
}
