// /help: the same help as /tsunagi help, under the name people try first.
import { defineCommand } from '../src/router/command-spec.js';
import { help } from './tsunagi.js';

export const helpCommand = defineCommand({
  name: 'help',
  aliases: ['ヘルプ', '?'],
  summary: { ja: 'コマンドの使い方', en: 'How to use the commands' },
  defaultSubcommand: 'help',
  slashCommand: false,
  subcommands: [help],
});
