// /playbook run, status and the step actions (check, done, verify, decide, evidence, ack, approve,
// reject, next, skip, abort). The core checks who may act; the engine checks four-eyes, approvers
// and audiences, and says why when it refuses.
import { UserInputError } from '../../src/core/errors.js';
import { runCard, runList } from '../../src/core/views/playbook-run-views.js';
import * as types from '../../src/router/arg-types.js';
import { defineSubcommand, option, positional, type AnySubcommand } from '../../src/router/command-spec.js';
import { evidenceInput, evidenceService, fileOption } from '../evidence-args.js';
import { actionReplies, requireText, runId, runs } from './run-helpers.js';

const RUN = positional(runId, { required: true, help: { ja: '実行ID（RUN-番号）', en: 'Run id (RUN-<n>)' } });
const STEP = positional(types.text, { required: true, help: { ja: '手順ID', en: 'Step id' } });

export const run = defineSubcommand({
  name: 'run',
  aliases: ['start', '実行'],
  summary: { ja: 'プレイブックを実行する', en: 'Run a playbook' },
  description: {
    ja: 'インシデント対応のプレイブックには --incident が必要です。入力は --input 名前=値 で渡します（必須の入力、選択肢は /playbook show で確認）。',
    en: 'Incident playbooks need --incident. Give inputs as --input name=value (see /playbook show for required inputs and allowed values).',
  },
  permission: 'participant',
  positionals: {
    id: positional(types.text, { required: true, help: { ja: 'プレイブックID', en: 'Playbook id' } }),
  },
  options: {
    incident: option(types.incidentId, { help: { ja: 'インシデントID', en: 'Incident id' } }),
    input: option(types.text, { multiple: true, help: { ja: '入力 名前=値', en: 'Input name=value' } }),
  },
  examples: [
    '/playbook run compromised-admin-credential --incident INC-1 --input principal=admin --input credential_type=access_key',
  ],
  run: async (ctx, args) => {
    const result = await runs(ctx).start(ctx.requireActor(), args.id, {
      ...(args.incident === undefined ? {} : { incident: args.incident }),
      inputs: args.input,
    });
    return actionReplies(
      ctx,
      { ja: `${result.run.id} を開始しました（${args.id}）`, en: `Started ${result.run.id} (${args.id})` },
      result,
    );
  },
});

export const status = defineSubcommand({
  name: 'status',
  aliases: ['状況'],
  summary: { ja: '実行中のプレイブックの状況（手順カード）', en: 'Status of playbook runs (step card)' },
  permission: 'member',
  positionals: {
    run: positional(runId, { help: { ja: '実行ID（省略時は一覧）', en: 'Run id (a list when left out)' } }),
  },
  options: {},
  examples: ['/playbook status', '/playbook status RUN-1'],
  run: (ctx, args) => {
    const service = runs(ctx);
    const actor = ctx.requireActor();
    if (args.run === undefined) {
      return runList(ctx.view, service.list(actor), (r) => {
        const playbook = ctx.core.playbooks?.get(r.playbook);
        return playbook ? ctx.t(playbook.metadata.title) : r.playbook;
      });
    }
    const found = service.get(actor, args.run);
    return runCard(ctx.view, found, service.playbookOf(found), service.holdersOf(found));
  },
});

export const check = defineSubcommand({
  name: 'check',
  aliases: ['tick'],
  summary: { ja: 'チェックリストの項目を完了にする', en: 'Tick a checklist item' },
  permission: 'member',
  positionals: {
    run: RUN,
    step: STEP,
    item: positional(types.count, { required: true, help: { ja: '項目番号', en: 'Item number' } }),
  },
  options: {},
  examples: ['/playbook check RUN-1 triage 1'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      {
        ja: `${args.run} ${args.step} 項目${args.item} 完了`,
        en: `${args.run} ${args.step} item ${args.item} ticked`,
      },
      await runs(ctx).checkItem(ctx.requireActor(), args.run, args.step, args.item),
    ),
});

export const done = defineSubcommand({
  name: 'done',
  aliases: ['完了'],
  summary: { ja: '手順を完了する', en: 'Finish a step' },
  permission: 'member',
  positionals: { run: RUN, step: STEP },
  options: {},
  examples: ['/playbook done RUN-1 triage'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      { ja: `${args.run} ${args.step} を完了しました`, en: `${args.run} ${args.step} done` },
      await runs(ctx).complete(ctx.requireActor(), args.run, args.step),
    ),
});

export const next = defineSubcommand({
  name: 'next',
  aliases: ['次へ'],
  summary: {
    ja: '実行中の手順が1つだけのとき、それを完了する',
    en: 'Finish the one step in progress (when there is only one)',
  },
  permission: 'member',
  positionals: { run: RUN },
  options: {},
  examples: ['/playbook next RUN-1'],
  run: async (ctx, args) => {
    const service = runs(ctx);
    const actor = ctx.requireActor();
    const found = service.get(actor, args.run);
    const [only, ...others] = found.active;
    if (only === undefined || others.length > 0) {
      throw new UserInputError({
        ja: `実行中の手順が1つではありません（${found.active.join(', ') || 'なし'}）。/playbook done ${found.id} <手順ID> を使ってください`,
        en: `There is not exactly one step in progress (${found.active.join(', ') || 'none'}). Use /playbook done ${found.id} <step>`,
      });
    }
    return actionReplies(
      ctx,
      { ja: `${found.id} ${only} を完了しました`, en: `${found.id} ${only} done` },
      await service.complete(actor, found.id, only),
    );
  },
});

export const verify = defineSubcommand({
  name: 'verify',
  aliases: ['確認'],
  summary: { ja: '手順の結果を確認する（実施者以外）', en: "Verify a step's result (not its performer)" },
  permission: 'member',
  positionals: { run: RUN, step: STEP },
  options: {},
  examples: ['/playbook verify RUN-1 triage'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      { ja: `${args.run} ${args.step} を確認しました`, en: `${args.run} ${args.step} verified` },
      await runs(ctx).verify(ctx.requireActor(), args.run, args.step),
    ),
});

export const decide = defineSubcommand({
  name: 'decide',
  aliases: ['判断'],
  summary: { ja: '判断の手順で選ぶ', en: 'Choose an option of a decision step' },
  permission: 'member',
  positionals: {
    run: RUN,
    step: STEP,
    value: positional(types.text, { required: true, help: { ja: '選択肢', en: 'Option' } }),
  },
  options: {},
  examples: ['/playbook decide RUN-1 still_active stopped'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      {
        ja: `${args.run} ${args.step}: ${args.value} を選びました`,
        en: `${args.run} ${args.step}: chose ${args.value}`,
      },
      await runs(ctx).decide(ctx.requireActor(), args.run, args.step, args.value),
    ),
});

export const evidence = defineSubcommand({
  name: 'evidence',
  aliases: ['証跡'],
  summary: {
    ja: '証跡を記録する（テキスト、リンク、コンソールではファイル。内容を保管し SHA-256 で台帳に残す）',
    en: 'Record evidence (text, a link, or in the console a file; kept, and recorded by its SHA-256)',
  },
  permission: 'member',
  positionals: {
    run: RUN,
    step: STEP,
    field: positional(types.text, { required: true, help: { ja: '証跡の項目', en: 'Evidence field' } }),
    content: positional(types.text, {
      rest: true,
      help: {
        ja: 'テキストまたはリンク（--file のときは省略）',
        en: 'Text or a link (left out with --file)',
      },
    }),
  },
  options: { file: fileOption },
  examples: [
    '/playbook evidence RUN-1 preserve audit_log https://example.com/export.zip',
    '/playbook evidence RUN-1 preserve audit_log --file ./cloudtrail.json',
  ],
  run: async (ctx, args) => {
    const input = await evidenceInput(ctx, args.run, args.content, args.file);
    const { result, item, stored } = await evidenceService(ctx).addToRun(
      ctx.requireActor(),
      args.run,
      args.step,
      args.field,
      input,
    );
    const id = item ? ` ${item.id}` : '';
    const masked = stored.record.masked
      ? {
          ja: `、秘密情報らしき値 ${stored.record.masked} 件を伏せ字にして保管`,
          en: `; ${stored.record.masked} secret-looking value(s) masked before it was kept`,
        }
      : { ja: '', en: '' };
    return actionReplies(
      ctx,
      {
        ja: `${args.run} ${args.step} ${args.field} の証跡${id}を記録しました（sha256 ${stored.record.sha256}${masked.ja}）`,
        en: `${args.run} ${args.step} ${args.field} evidence${id} recorded (sha256 ${stored.record.sha256}${masked.en})`,
      },
      result,
    );
  },
});

export const ack = defineSubcommand({
  name: 'ack',
  aliases: ['受領'],
  summary: { ja: '通知を確認したことを伝える', en: 'Acknowledge a notification' },
  permission: 'member',
  positionals: {
    run: RUN,
    step: STEP,
    audience: positional(types.count, {
      required: true,
      help: { ja: '通知の番号', en: 'Notification number' },
    }),
  },
  options: {},
  examples: ['/playbook ack RUN-1 first_report 1'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      {
        ja: `${args.run} ${args.step} 通知${args.audience} を確認しました`,
        en: `${args.run} ${args.step} notification ${args.audience} acknowledged`,
      },
      await runs(ctx).acknowledge(ctx.requireActor(), args.run, args.step, args.audience),
    ),
});

export const approve = defineSubcommand({
  name: 'approve',
  aliases: ['承認'],
  summary: { ja: '承認の手順で承認する', en: 'Approve an approval step' },
  permission: 'member',
  positionals: { run: RUN, step: STEP },
  options: {},
  examples: ['/playbook approve RUN-1 approve_disable'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      { ja: `${args.run} ${args.step} を承認しました`, en: `${args.run} ${args.step} approved` },
      await runs(ctx).approve(ctx.requireActor(), args.run, args.step),
    ),
});

const REASON = option(types.text, { help: { ja: '理由', en: 'Reason' } });

export const reject = defineSubcommand({
  name: 'reject',
  aliases: ['却下'],
  summary: { ja: '承認の手順で却下する', en: 'Reject an approval step' },
  permission: 'member',
  positionals: { run: RUN, step: STEP },
  options: { reason: REASON },
  examples: ['/playbook reject RUN-1 approve_disable --reason "not yet preserved"'],
  run: async (ctx, args) => {
    requireText(args.reason, { ja: '理由（--reason）', en: 'reason (--reason)' });
    return actionReplies(
      ctx,
      { ja: `${args.run} ${args.step} を却下しました`, en: `${args.run} ${args.step} rejected` },
      await runs(ctx).reject(ctx.requireActor(), args.run, args.step),
    );
  },
});

export const skip = defineSubcommand({
  name: 'skip',
  aliases: ['飛ばす'],
  summary: { ja: '手順を飛ばす（理由を記録）', en: 'Skip a step (with a reason)' },
  permission: 'member',
  positionals: { run: RUN, step: STEP },
  options: { reason: REASON },
  examples: ['/playbook skip RUN-1 watch --reason "already confirmed"'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      { ja: `${args.run} ${args.step} を飛ばしました`, en: `${args.run} ${args.step} skipped` },
      await runs(ctx).skip(
        ctx.requireActor(),
        args.run,
        args.step,
        requireText(args.reason, { ja: '理由（--reason）', en: 'reason (--reason)' }),
      ),
    ),
});

export const abort = defineSubcommand({
  name: 'abort',
  aliases: ['中止'],
  summary: { ja: '実行を中止する（理由を記録）', en: 'Abort a run (with a reason)' },
  permission: 'member',
  positionals: { run: RUN },
  options: { reason: REASON },
  examples: ['/playbook abort RUN-1 --reason "false alarm"'],
  run: async (ctx, args) =>
    actionReplies(
      ctx,
      { ja: `${args.run} を中止しました`, en: `${args.run} aborted` },
      await runs(ctx).abort(
        ctx.requireActor(),
        args.run,
        requireText(args.reason, { ja: '理由（--reason）', en: 'reason (--reason)' }),
      ),
    ),
});

export const runSubcommands: AnySubcommand[] = [
  run,
  status,
  check,
  done,
  next,
  verify,
  decide,
  evidence,
  ack,
  approve,
  reject,
  skip,
  abort,
];
