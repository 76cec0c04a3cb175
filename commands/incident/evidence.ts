// /incident evidence: add evidence to the incident (text, a link, files attached to the message in
// chat, or in the console a local file), or with nothing after the id list the incident's evidence
// — a listing that is recorded as an access in the chain of custody.
import { reply, type Reply } from '../../src/core/reply.js';
import { chatFilesRecorded, evidenceAddedText, evidenceList } from '../../src/core/views/evidence-views.js';
import type { CommandContext } from '../../src/router/context.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, positional } from '../../src/router/command-spec.js';
import { evidenceInput, evidenceService, fileOption } from '../evidence-args.js';
import { incidentArg } from './arguments.js';

export const evidence = defineSubcommand({
  name: 'evidence',
  aliases: ['証跡'],
  summary: { ja: '証跡を追加する（省略時は一覧）', en: 'Add evidence (or list it)' },
  description: {
    ja: '内容は保管され、SHA-256 で台帳に記録されます。秘密情報らしき値は伏せ字にしてから保管します。ID だけを指定すると証跡の一覧を表示し、その閲覧も台帳に記録されます（SIer・クラウド事業者の方には自組織が追加したものだけが表示されます）。ファイルは、Teams ではボットとのチャットでこのコマンドに添付して、Slack ではインシデントのチャンネルでメッセージに 📌 を付けるか「タイムラインに追加」で記録できます。--file はコンソールでのみ使えます。書き出し: インシデントボード（/tsunagi board）または tsunagi evidence export INC-番号',
    en: 'The content is kept and recorded in the ledger by its SHA-256; secret-looking values are masked before it is kept. With only the id, lists the evidence, and that access is recorded in the ledger too (people of an SIer or provider see only what their own party added). To keep files: in Teams, attach them to this command in your chat with the bot; in Slack, react 📌 to the message in the incident channel or use "Add to incident timeline". --file works in the console only. Export: the incident board (/tsunagi board) or tsunagi evidence export INC-<n>',
  },
  permission: 'participant',
  positionals: {
    incident: incidentArg,
    content: positional(types.text, {
      rest: true,
      help: { ja: 'テキストまたは URL（省略時は一覧）', en: 'Text or a URL (a list when left out)' },
    }),
  },
  options: { file: fileOption },
  examples: [
    '/incident evidence INC-1 https://tickets.example.jp/SEC-1042',
    '/incident evidence INC-1 管理者ログインは 203.0.113.5 から',
    '/incident evidence INC-1 --file ./cloudtrail-export.json',
    '/incident evidence INC-1',
  ],
  async run(ctx, args) {
    const service = evidenceService(ctx);
    const actor = ctx.requireActor();
    const files = ctx.event.files ?? [];
    if (files.length > 0) {
      const { incident, outcomes } = await service.addChatFiles(actor, args.incident, files);
      const replies = [chatFilesRecorded(ctx.view, incident, outcomes)];
      // Text typed with the files is kept as an item of its own.
      if (args.content !== undefined) replies.push(await addOne(ctx, args.incident, args.content, undefined));
      return replies;
    }
    if (args.content === undefined && args.file === undefined) {
      const listing = await service.list(actor, args.incident);
      return evidenceList(ctx.view, listing.incident, listing.items, listing.access?.seq);
    }
    return addOne(ctx, args.incident, args.content, args.file);
  },
});

/** Records typed text, a link or (in the console) a local file, and says what was recorded. */
async function addOne(
  ctx: CommandContext,
  incident: string,
  content: string | undefined,
  file: string | undefined,
): Promise<Reply> {
  const input = await evidenceInput(ctx, incident, content, file);
  const { item, result } = await evidenceService(ctx).addToIncident(ctx.requireActor(), incident, input);
  const lines = [
    ctx.t({
      ja: `📎 ${item.id} を ${result.incident.id} に記録しました（#${result.entry.seq}）。`,
      en: `📎 ${item.id} recorded on ${result.incident.id} (#${result.entry.seq}).`,
    }),
    evidenceAddedText(ctx.view, item.record),
  ];
  if (item.record.masked) {
    lines.push(
      ctx.t({
        ja: `🔐 秘密情報らしき値を ${item.record.masked} 件、伏せ字にしてから保管しました。`,
        en: `🔐 ${item.record.masked} secret-looking value(s) were masked before the evidence was kept.`,
      }),
    );
  }
  const text = lines.join('\n');
  return reply(lines[0]!, [{ type: 'text', text }], { tone: 'success' });
}
