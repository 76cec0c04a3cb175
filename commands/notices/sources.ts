// /notices sources and /notices poll: the configured sources' health, and polling them now.
import { noSourcesReply, pollSummaryReply, sourceHealthList } from '../../src/core/views/notice-sources.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, positional } from '../../src/router/command-spec.js';

export const sources = defineSubcommand({
  name: 'sources',
  aliases: ['通知元'],
  summary: { ja: '通知元と取得の状態を表示する', en: 'Show the notice sources and how polling goes' },
  permission: 'member',
  positionals: {},
  options: {},
  run(ctx) {
    const port = ctx.core.noticeSources;
    return port ? sourceHealthList(ctx.view, port.list()) : noSourcesReply(ctx.view);
  },
});

export const poll = defineSubcommand({
  name: 'poll',
  aliases: ['取得'],
  summary: { ja: '通知元を今すぐ取得する', en: 'Poll the notice sources now' },
  description: {
    ja: '予定を待たずに取得します。新しい通知と内容が変わった通知は、いつもどおり購読しているチャンネルに投稿されます。',
    en: 'Polls without waiting for the schedule; new and changed notices are posted to the subscribed channels as usual.',
  },
  permission: 'responder',
  positionals: {
    source: positional(types.text, {
      help: { ja: '通知元のID（省略するとすべて）', en: 'Source id (all sources when left out)' },
    }),
  },
  options: {},
  examples: ['/notices poll', '/notices poll m365-messages'],
  async run(ctx, args) {
    const port = ctx.core.noticeSources;
    if (!port || port.list().length === 0) return noSourcesReply(ctx.view);
    return pollSummaryReply(ctx.view, await port.pollNow(args.source));
  },
});
