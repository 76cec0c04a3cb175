// /playbook: browse the guided playbooks (list, show) and run them (run, status and the step
// actions in playbook/run-commands.ts).
import { NotFoundError } from '../src/core/errors.js';
import { playbookDetail, playbookList } from '../src/core/views/playbook-views.js';
import * as types from '../src/router/arg-types.js';
import { defineCommand, defineSubcommand, positional } from '../src/router/command-spec.js';
import type { CommandContext } from '../src/router/context.js';
import { runSubcommands } from './playbook/run-commands.js';

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

export const playbookCommand = defineCommand({
  name: 'playbook',
  aliases: ['pb', 'プレイブック'],
  summary: { ja: 'ガイド付きプレイブック', en: 'Guided playbooks' },
  subcommands: [list, show, ...runSubcommands],
});
