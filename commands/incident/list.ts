// /incident list: the incidents a person may see.
import { incidentList } from '../../src/core/views/incident-list.js';
import { defineSubcommand, flag, option } from '../../src/router/command-spec.js';
import { statusType } from './arguments.js';

export const list = defineSubcommand({
  name: 'list',
  aliases: ['ls'],
  summary: { ja: 'インシデントの一覧を表示する', en: 'List incidents' },
  description: {
    ja: 'SIer・クラウド事業者の方には、追加されたインシデントだけが表示されます。',
    en: 'People of an SIer or provider see only the incidents they were added to.',
  },
  permission: 'member',
  positionals: {},
  options: {
    all: flag({ help: { ja: 'クローズ済みも含める', en: 'Include closed incidents' } }),
    status: option(statusType, { help: { ja: 'この状態のものだけ', en: 'Only incidents in this status' } }),
  },
  examples: ['/incident list', '/incident list --all', '/incident list --status contained'],
  run(ctx, args) {
    const incidents = ctx.core.incidents.list(ctx.requireActor(), {
      includeClosed: args.all,
      ...(args.status ? { status: args.status } : {}),
    });
    return incidentList(ctx.view, incidents, args.all || args.status !== undefined);
  },
});
