// Commands that Slack's manifest and the help already list but whose features are still being
// built (change discussions, exercises). They answer
// clearly that the feature is not available yet, instead of "unknown command". Each is replaced by
// its own file when its feature lands.
import type { Bilingual } from '../src/core/i18n/locale.js';
import { textReply } from '../src/core/reply.js';
import * as types from '../src/router/arg-types.js';
import { defineCommand, defineSubcommand, positional, type CommandSpec } from '../src/router/command-spec.js';

function planned(name: string, summary: Bilingual, aliases: readonly string[] = []): CommandSpec {
  const notYet = defineSubcommand({
    name: 'planned',
    summary,
    permission: 'anyone',
    positionals: {
      anything: positional(types.text, {
        rest: true,
        help: { ja: '（まだ使えません）', en: '(not available yet)' },
      }),
    },
    options: {},
    run(ctx) {
      return textReply(
        ctx.t({
          ja: `🚧 /${name}（${summary.ja}）はこのバージョンではまだ使えません。いま使えるのは /incident、/playbook、/notices、/tsunagi です（一覧: /help）。`,
          en: `🚧 /${name} (${summary.en}) is not available in this version yet. Available now: /incident, /playbook, /notices and /tsunagi (list: /help).`,
        }),
        'warning',
      );
    },
  });
  return defineCommand({
    name,
    aliases,
    summary: { ja: `${summary.ja}（準備中）`, en: `${summary.en} (coming soon)` },
    defaultSubcommand: 'planned',
    subcommands: [notYet],
  });
}

export const plannedCommands: readonly CommandSpec[] = [
  planned('change', { ja: '変更の協議', en: 'Change discussions' }),
  planned('exercise', { ja: '机上演習', en: 'Tabletop exercises' }),
];
