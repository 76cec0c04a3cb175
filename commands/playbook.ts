// /playbook: browse the guided playbooks (list, show). Running them (run, status, next, skip,
// abort) needs the playbook engine, which is not in this version: those answer so, plainly.
import { NotFoundError } from '../src/core/errors.js';
import { textReply } from '../src/core/reply.js';
import { playbookDetail, playbookList } from '../src/core/views/playbook-views.js';
import * as types from '../src/router/arg-types.js';
import {
  defineCommand,
  defineSubcommand,
  option,
  positional,
  type AnySubcommand,
} from '../src/router/command-spec.js';
import type { CommandContext } from '../src/router/context.js';

function catalog(ctx: CommandContext) {
  const playbooks = ctx.core.playbooks;
  if (!playbooks) {
    throw new NotFoundError({ ja: 'プレイブックが読み込まれていません。', en: 'No playbooks are loaded.' });
  }
  return playbooks;
}

const list = defineSubcommand({
  name: 'list',
  aliases: ['ls', '一覧'],
  summary: { ja: 'プレイブックの一覧', en: 'List the playbooks' },
  permission: 'member',
  positionals: {},
  options: {},
  run: (ctx) => playbookList(ctx.view, catalog(ctx).list()),
});

const show = defineSubcommand({
  name: 'show',
  aliases: ['詳細'],
  summary: { ja: 'プレイブックの手順と担当を表示する', en: 'Show a playbook: its roles, inputs and steps' },
  permission: 'member',
  positionals: {
    id: positional(types.text, { required: true, help: { ja: 'プレイブックID', en: 'Playbook id' } }),
  },
  options: {},
  examples: ['/playbook show compromised-admin-credential'],
  run: (ctx, args) => playbookDetail(ctx.view, catalog(ctx).require(args.id)),
});

/** A subcommand of the guided runs, which need the engine of a later version. */
function notYet(name: string, summary: { ja: string; en: string }): AnySubcommand {
  return defineSubcommand({
    name,
    summary: { ja: `${summary.ja}（準備中）`, en: `${summary.en} (coming soon)` },
    permission: 'anyone',
    positionals: {
      rest: positional(types.text, {
        rest: true,
        help: { ja: '（まだ使えません）', en: '(not available yet)' },
      }),
    },
    // The options the guided runs will take, accepted so the answer is "not yet", not "bad option".
    options: {
      incident: option(types.text, { help: { ja: 'インシデントID', en: 'Incident id' } }),
      input: option(types.text, { multiple: true, help: { ja: '入力 名前=値', en: 'Input name=value' } }),
      reason: option(types.text, { help: { ja: '理由', en: 'Reason' } }),
    },
    run: (ctx) =>
      textReply(
        ctx.t({
          ja: `🚧 /playbook ${name} はこのバージョンではまだ使えません（ガイド付き実行は次の版です）。手順は /playbook show <ID> で確認できます。`,
          en: `🚧 /playbook ${name} is not available in this version yet (guided runs come next). See the steps with /playbook show <id>.`,
        }),
        'warning',
      ),
  });
}

export const playbookCommand = defineCommand({
  name: 'playbook',
  aliases: ['pb', 'プレイブック'],
  summary: { ja: 'ガイド付きプレイブック', en: 'Guided playbooks' },
  subcommands: [
    list,
    show,
    notYet('run', { ja: 'プレイブックを実行する', en: 'Run a playbook' }),
    notYet('status', { ja: '実行中のプレイブックの状況', en: 'Status of running playbooks' }),
    notYet('next', { ja: '次の手順へ進む', en: 'Go to the next step' }),
    notYet('skip', { ja: '手順を飛ばす', en: 'Skip a step' }),
    notYet('abort', { ja: '実行を中止する', en: 'Abort a run' }),
  ],
});
