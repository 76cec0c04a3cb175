// /notices subscribe, list and unsubscribe: which provider notices a channel receives.
import { NotFoundError } from '../../src/core/errors.js';
import { textReply } from '../../src/core/reply.js';
import { suggest } from '../../src/core/text/suggest.js';
import { subscribedReply, subscriptionList } from '../../src/core/views/notice-lists.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, flag, option, positional } from '../../src/router/command-spec.js';
import type { CommandContext } from '../../src/router/context.js';
import { noticesOf, severityType, tagType } from './arguments.js';

/** The source as configured (exact id), `all`, or a clear error naming the configured ones. */
function checkedSource(ctx: CommandContext, raw: string): string {
  // Source ids are lower-case in tsunagi.yaml (its id rule), so any case names the same source.
  const text = raw.normalize('NFKC').trim().toLowerCase();
  if (text === 'all' || text === 'すべて') return 'all';
  const sources = ctx.core.noticeSources?.list();
  if (!sources) return text;
  const found =
    sources.find((s) => s.id === text) ?? sources.find((s) => s.id.toLowerCase() === text.toLowerCase());
  if (found) return found.id;
  const ids = sources.map((s) => s.id);
  if (ids.length === 0) {
    throw new NotFoundError({
      ja: `通知元「${raw}」はありません。通知元がまだ設定されていません。tsunagi.yaml の notices.sources に追加してください（記入例は tsunagi.example.yaml）。`,
      en: `There is no notice source "${raw}": none are configured yet. Add sources under notices.sources in tsunagi.yaml (tsunagi.example.yaml shows how).`,
    });
  }
  const hint = suggest(text, ids);
  throw new NotFoundError({
    ja: `通知元「${raw}」は tsunagi.yaml に設定されていません。${hint ? `「${hint}」ではありませんか。` : ''}設定済み: ${ids.join(', ')}（すべての通知元なら all）`,
    en: `No notice source "${raw}" is configured in tsunagi.yaml.${hint ? ` Did you mean "${hint}"?` : ''} Configured: ${ids.join(', ')} (or all for every source)`,
  });
}

export const subscribe = defineSubcommand({
  name: 'subscribe',
  aliases: ['sub', '購読'],
  summary: { ja: 'このチャンネルで通知を購読する', en: 'Subscribe this channel to notices' },
  description: {
    ja: '指定した通知元から、新しい通知と内容が変わった通知をこのチャンネルに一度ずつ投稿します。条件を複数指定するとすべてに合うものだけ、同じ条件に複数の値を書くといずれかに合うものが届きます。tsunagi.yaml のサービスが利用していない製品の通知は、--all を付けない限り届きません。',
    en: 'Posts every new notice from the source, and every notice whose content changes, to this channel once. Several filters must all match; several values of one filter, any of them. Notices about products no service in tsunagi.yaml uses are posted only with --all.',
  },
  permission: 'responder',
  positionals: {
    source: positional(types.text, {
      required: true,
      help: {
        ja: '通知元のID（/notices sources）、またはすべてなら all',
        en: 'Source id (/notices sources), or all',
      },
    }),
  },
  options: {
    service: option(types.service, {
      multiple: true,
      help: {
        ja: 'このサービスに関係する通知だけ（tsunagi.yaml の ID）',
        en: 'Only notices concerning this service (tsunagi.yaml id)',
      },
    }),
    product: option(types.text, {
      multiple: true,
      help: {
        ja: 'この製品の通知だけ（例: "Exchange Online"）',
        en: 'Only notices about this product (e.g. "Exchange Online")',
      },
    }),
    category: option(types.text, {
      multiple: true,
      help: { ja: '通知元の分類（例: planForChange）', en: "The source's category (e.g. planForChange)" },
    }),
    severity: option(severityType, { help: { ja: 'この重要度以上だけ', en: 'Only this severity or above' } }),
    keyword: option(types.text, {
      multiple: true,
      help: {
        ja: 'タイトルか本文にこの語を含むものだけ',
        en: 'Only notices with this word in the title or text',
      },
    }),
    tag: option(tagType, { multiple: true, help: { ja: '変更の種類', en: 'Kind of change' } }),
    all: flag({
      help: { ja: '利用していない製品の通知も受け取る', en: 'Also notices about products not in use' },
    }),
  },
  examples: [
    '/notices subscribe m365-messages --category planForChange --service mail',
    '/notices subscribe m365-messages --category planForChange --product "Exchange Online"',
    '/notices subscribe all --tag security --tag retirement',
    '/notices subscribe aws-whats-new --keyword EC2 --all',
  ],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const source = checkedSource(ctx, args.source);
    const subscription = await noticesOf(ctx).subscribe(
      actor,
      { platform: ctx.channel.platform, channel: ctx.channel.id },
      {
        source,
        services: args.service.map((s) => s.id),
        products: args.product,
        categories: args.category,
        ...(args.severity ? { severity: args.severity } : {}),
        keywords: args.keyword,
        tags: args.tag,
        all: args.all,
      },
    );
    const note = ctx.core.noticeSources
      ? undefined
      : ctx.t({
          ja: '通知元はまだ設定されていません。tsunagi.yaml の notices.sources に追加すると届き始めます。',
          en: 'No notice sources are configured yet; notices start arriving once sources are added under notices.sources in tsunagi.yaml.',
        });
    return subscribedReply(ctx.view, subscription, note);
  },
});

export const list = defineSubcommand({
  name: 'list',
  aliases: ['ls', '一覧'],
  summary: { ja: 'このチャンネルの購読を表示する', en: "List this channel's subscriptions" },
  permission: 'member',
  positionals: {},
  options: {},
  run(ctx) {
    const notices = noticesOf(ctx);
    const here = notices.subscriptions({ platform: ctx.channel.platform, channel: ctx.channel.id });
    return subscriptionList(ctx.view, here, notices.subscriptions().length - here.length);
  },
});

export const unsubscribe = defineSubcommand({
  name: 'unsubscribe',
  aliases: ['unsub', '解除'],
  summary: { ja: '購読を解除する', en: 'Remove a subscription' },
  description: {
    ja: '解除した購読の通知は、まだ投稿されていないものも含めて投稿されなくなります。',
    en: 'Nothing more is posted for the subscription, including notices not yet posted.',
  },
  permission: 'responder',
  positionals: {
    id: positional(types.text, {
      required: true,
      help: { ja: '購読のID（例: SUB-1）', en: 'Subscription id (e.g. SUB-1)' },
    }),
  },
  options: {},
  examples: ['/notices unsubscribe SUB-1'],
  async run(ctx, args) {
    const removed = await noticesOf(ctx).unsubscribe(ctx.requireActor(), args.id);
    const elsewhere = removed.platform !== ctx.channel.platform || removed.channel !== ctx.channel.id;
    return textReply(
      ctx.t({
        ja: `🔕 購読 ${removed.id}（${removed.source}）を解除しました。${elsewhere ? `（${removed.platform} のチャンネル ${removed.channel} の購読でした）` : ''}`,
        en: `🔕 Subscription ${removed.id} (${removed.source}) removed.${elsewhere ? ` (It was for ${removed.platform} channel ${removed.channel}.)` : ''}`,
      }),
      'success',
      'channel',
    );
  },
});
