// /notices show and /notices recent: one notice's card, and the latest notices.
import { noticeCard } from '../../src/core/views/notice-card.js';
import { recentNotices } from '../../src/core/views/notice-lists.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option } from '../../src/router/command-spec.js';
import { noticeIdArg, noticesOf } from './arguments.js';

export const show = defineSubcommand({
  name: 'show',
  aliases: ['詳細'],
  summary: { ja: '通知の内容を表示する', en: 'Show a notice' },
  permission: 'member',
  positionals: { notice: noticeIdArg },
  options: {},
  examples: ['/notices show m365:MC123456'],
  async run(ctx, args) {
    const card = noticeCard(ctx.view, await noticesOf(ctx).post(args.notice));
    return { ...card, visibility: 'ephemeral' as const };
  },
});

export const recent = defineSubcommand({
  name: 'recent',
  aliases: ['最近'],
  summary: { ja: '最近届いた通知を表示する', en: 'List the latest notices' },
  permission: 'member',
  positionals: {},
  options: {
    limit: option(types.count, { help: { ja: '件数（既定 20）', en: 'How many (default 20)' } }),
  },
  examples: ['/notices recent', '/notices recent --limit 50'],
  run(ctx, args) {
    return recentNotices(ctx.view, noticesOf(ctx).recent(args.limit ?? 20));
  },
});
