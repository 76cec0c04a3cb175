// Guided playbook runs as people see them in chat: the step card (what is in progress, who does it,
// by when, which items are ticked, whether it waits for a second person's check) with buttons that
// run the next command, the list of runs, and the effects a run asks to show (prompts,
// notifications, reminders, escalations).
import { isUnassigned, type Effect, type Recipient, type RoleHolders } from '../playbooks/engine/engine.js';
import type { RunState } from '../playbooks/engine/run-projection.js';
import type { Playbook, Step } from '../playbooks/playbook-types.js';
import { reply, type Block, type Reply, type ReplyAction } from '../reply.js';
import type { ViewContext } from './view-context.js';

const STATUS = {
  running: { ja: '実行中', en: 'running' },
  finished: { ja: '完了', en: 'finished' },
  aborted: { ja: '中止', en: 'aborted' },
} as const;

function roleLabel(v: ViewContext, playbook: Playbook, roleId: string): string {
  const role = Object.hasOwn(playbook.roles, roleId) ? playbook.roles[roleId] : undefined;
  return role ? v.t(role.label) : roleId;
}

/** "CSIRT: 佐藤 花子（つばき市）" or "CSIRT: nobody yet". */
function roleWithHolders(v: ViewContext, playbook: Playbook, holders: RoleHolders, roleId: string): string {
  const people = Object.hasOwn(holders, roleId) ? (holders[roleId] ?? []) : [];
  const names = people.length
    ? people.map((p) => v.person(p)).join(', ')
    : v.t({ ja: '該当者なし', en: 'nobody yet' });
  return `${roleLabel(v, playbook, roleId)}: ${names}`;
}

function recipient(
  v: ViewContext,
  playbook: Playbook,
  holders: RoleHolders,
  to: Recipient | undefined,
): string {
  if (!to) return v.t({ ja: '対応責任者', en: 'the incident commander' });
  if ('role' in to) return roleWithHolders(v, playbook, holders, to.role);
  return v.t(
    {
      customer: { ja: '利用者組織', en: 'the customer' },
      sier: { ja: 'SIer', en: 'the SIer' },
      provider: { ja: 'クラウド事業者', en: 'the provider' },
    }[to.party],
  );
}

function findStep(playbook: Playbook, id: string): Step | undefined {
  return playbook.steps.find((s) => s.id === id);
}

function assigneeRole(step: Step): string | undefined {
  return step.kind === 'approval' ? step.approvers.role : step.assignee;
}

function buttons(v: ViewContext, run: RunState, step: Step): ReplyAction[] {
  const id = `${run.id} ${step.id}`;
  const state = run.steps[step.id];
  if (state?.status === 'performed') {
    return [
      { label: v.t({ ja: '確認する', en: 'Verify' }), command: `/playbook verify ${id}`, style: 'primary' },
    ];
  }
  switch (step.kind) {
    case 'checklist': {
      const open = step.items.flatMap((_, i) => (state?.checked.includes(i) ? [] : [i + 1]));
      return [
        ...open.slice(0, 3).map((n) => ({
          label: v.t({ ja: `項目${n}を完了`, en: `Tick ${n}` }),
          command: `/playbook check ${id} ${n}`,
        })),
        {
          label: v.t({ ja: '完了', en: 'Done' }),
          command: `/playbook done ${id}`,
          style: 'primary' as const,
        },
      ];
    }
    case 'instruction':
    case 'collect_evidence':
      return [{ label: v.t({ ja: '完了', en: 'Done' }), command: `/playbook done ${id}`, style: 'primary' }];
    case 'decision':
      return step.options.map((o) => ({
        label: v.t(o.label),
        command: `/playbook decide ${id} ${o.value}`,
      }));
    case 'subplaybook':
      return state?.subrun?.outcome === 'aborted'
        ? [
            {
              label: v.t({ ja: '飛ばす', en: 'Skip' }),
              command: `/playbook skip ${id} --reason`,
              needsInput: true,
            },
          ]
        : [];
    case 'approval':
      return [
        { label: v.t({ ja: '承認', en: 'Approve' }), command: `/playbook approve ${id}`, style: 'primary' },
        {
          label: v.t({ ja: '却下', en: 'Reject' }),
          command: `/playbook reject ${id} --reason`,
          style: 'danger',
          needsInput: true,
        },
      ];
    default:
      return [];
  }
}

/** One step in progress: what, who, by when, items, evidence, verification. */
function stepBlocks(
  v: ViewContext,
  run: RunState,
  playbook: Playbook,
  holders: RoleHolders,
  stepId: string,
): Block[] {
  const step = findStep(playbook, stepId);
  const state = run.steps[stepId];
  if (!step || !state) return [{ type: 'text', text: stepId }];
  const blocks: Block[] = [{ type: 'text', text: `▶ ${step.id}: ${v.t(step.title)} (${step.kind})` }];
  const fields: { label: string; value: string }[] = [];
  const role = assigneeRole(step);
  if (role)
    fields.push({
      label: v.t({ ja: '担当', en: 'Assignee' }),
      // Nobody holds the role: anyone taking part may do the step (see assignee-check.ts).
      value: isUnassigned(step, holders)
        ? `${roleLabel(v, playbook, role)}: ${v.t({ ja: '未割当（参加者の誰でも実施できます）', en: 'unassigned (anyone taking part may do it)' })}`
        : roleWithHolders(v, playbook, holders, role),
    });
  const due = Object.values(run.timers).find((t) => t.step === stepId && t.purpose !== 'ack');
  if (due) fields.push({ label: v.t({ ja: '期限', en: 'Due' }), value: v.dateTime(due.due) });
  if (step.kind === 'checklist' || step.kind === 'collect_evidence') {
    if (step.verify) {
      const value =
        state.status === 'performed'
          ? v.t({
              ja: `確認待ち（${step.verify.by.map((r) => roleLabel(v, playbook, r)).join('・')}、実施者以外）`,
              en: `waiting for a check by ${step.verify.by.map((r) => roleLabel(v, playbook, r)).join(' or ')} (not the performer)`,
            })
          : v.t({ ja: '完了後に別の人が確認', en: 'checked by someone else once done' });
      fields.push({ label: v.t({ ja: '確認', en: 'Verification' }), value });
    }
  }
  if (step.kind === 'wait') fields.push({ label: v.t({ ja: '待機', en: 'Wait' }), value: step.duration });
  if (step.kind === 'subplaybook') {
    const aborted = state.subrun?.outcome === 'aborted' ? state.subrun.run : undefined;
    fields.push({
      label: v.t({ ja: 'サブプレイブック', en: 'Sub-playbook' }),
      value: aborted
        ? v.t({
            ja: `${step.playbook}（${aborted} は中止されました。手順を飛ばすか、/playbook run で実行し直してから飛ばしてください）`,
            en: `${step.playbook} (${aborted} was aborted: skip this step, or run it again with /playbook run and then skip it)`,
          })
        : step.playbook,
    });
  }
  if (fields.length) blocks.push({ type: 'fields', fields });
  if (step.kind === 'checklist') {
    blocks.push({
      type: 'list',
      items: step.items.map((item, i) => `${state.checked.includes(i) ? '☑' : '☐'} ${i + 1}. ${v.t(item)}`),
    });
  }
  if (step.kind === 'collect_evidence') {
    blocks.push({
      type: 'list',
      items: step.fields.map((f) => {
        const got = state.evidence[f.id] ?? [];
        const mark = got.length ? '☑' : '☐';
        const hashes = got.map((e) => e.sha256.slice(0, 12)).join(', ');
        return `${mark} ${f.id}${f.required ? ' *' : ''}: ${v.t(f.label)}${hashes ? ` — sha256 ${hashes}` : ''}`;
      }),
    });
  }
  if (step.kind === 'decision') {
    blocks.push({ type: 'list', items: step.options.map((o) => `${o.value}: ${v.t(o.label)}`) });
  }
  const actions = buttons(v, run, step);
  if (actions.length) blocks.push({ type: 'actions', actions });
  return blocks;
}

/** The step card of one run. */
export function runCard(v: ViewContext, run: RunState, playbook: Playbook, holders: RoleHolders): Reply {
  const title = `${run.id} ${v.t(playbook.metadata.title)}`;
  const blocks: Block[] = [
    { type: 'header', text: title },
    {
      type: 'fields',
      fields: [
        { label: v.t({ ja: '状態', en: 'Status' }), value: v.t(STATUS[run.status]) },
        ...(run.incident
          ? [{ label: v.t({ ja: 'インシデント', en: 'Incident' }), value: run.incident }]
          : []),
        ...(run.parent
          ? [
              {
                label: v.t({ ja: '呼び出し元', en: 'Called by' }),
                value: `${run.parent.run} ${run.parent.step}`,
              },
            ]
          : []),
        {
          label: v.t({ ja: '開始', en: 'Started' }),
          value: `${v.dateTime(run.startedAt)} ${v.person(run.startedBy)}`,
        },
      ],
    },
  ];
  for (const stepId of run.active) {
    blocks.push({ type: 'divider' }, ...stepBlocks(v, run, playbook, holders, stepId));
  }
  if (run.status === 'aborted' && run.abortReason) {
    blocks.push({
      type: 'context',
      text: v.t({ ja: `中止理由: ${run.abortReason}`, en: `Aborted: ${run.abortReason}` }),
    });
  }
  return reply(`${title} (${v.t(STATUS[run.status])})`, blocks, { subject: run.id });
}

export function runList(
  v: ViewContext,
  runs: readonly RunState[],
  titleOf: (run: RunState) => string,
): Reply {
  const title = v.t({ ja: `プレイブックの実行（${runs.length}件）`, en: `Playbook runs (${runs.length})` });
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          v.t({ ja: 'ID', en: 'Id' }),
          v.t({ ja: 'プレイブック', en: 'Playbook' }),
          v.t({ ja: 'インシデント', en: 'Incident' }),
          v.t({ ja: '状態', en: 'Status' }),
          v.t({ ja: '実行中の手順', en: 'In progress' }),
        ],
        rows: runs.map((r) => [
          r.id,
          titleOf(r),
          r.incident ?? '—',
          v.t(STATUS[r.status]),
          r.active.join(', ') || '—',
        ]),
      },
      {
        type: 'context',
        text: v.t({ ja: '詳細: /playbook status RUN-番号', en: 'Details: /playbook status RUN-<n>' }),
      },
    ],
    { visibility: 'ephemeral' },
  );
}

/** One effect as a message for the incident's channel (or the reply of the command that caused it). */
export function effectReply(
  v: ViewContext,
  run: RunState,
  playbook: Playbook,
  holders: RoleHolders,
  effect: Effect,
): Reply | undefined {
  const step = 'step' in effect ? findStep(playbook, effect.step) : undefined;
  const stepName = step ? `${step.id}: ${v.t(step.title)}` : 'step' in effect ? effect.step : '';
  switch (effect.kind) {
    case 'prompt': {
      const text = v.t({ ja: `📋 ${run.id} 次の手順 ${stepName}`, en: `📋 ${run.id} next step ${stepName}` });
      return reply(text, [{ type: 'text', text }, ...stepBlocks(v, run, playbook, holders, effect.step)]);
    }
    case 'post': {
      const to = recipient(v, playbook, holders, effect.to);
      const text = v.t({ ja: `📣 ${run.id} 通知（宛先 ${to}）`, en: `📣 ${run.id} notification to ${to}` });
      const blocks: Block[] = [
        { type: 'text', text },
        { type: 'text', text: v.t(effect.text) },
      ];
      if (effect.ackKey) {
        if (effect.ackDue) {
          blocks.push({
            type: 'context',
            text: v.t({
              ja: `確認期限: ${v.dateTime(effect.ackDue)}`,
              en: `Acknowledge by ${v.dateTime(effect.ackDue)}`,
            }),
          });
        }
        blocks.push({
          type: 'actions',
          actions: [
            {
              label: v.t({ ja: '確認しました', en: 'Acknowledge' }),
              command: `/playbook ack ${run.id} ${effect.step} ${effect.audience + 1}`,
              style: 'primary',
            },
          ],
        });
      }
      return reply(text, blocks);
    }
    case 'remind': {
      const to = recipient(v, playbook, holders, effect.to);
      const text = effect.overdue
        ? v.t({
            ja: `⏰ ${run.id} ${stepName} の期限を過ぎています（${to}）`,
            en: `⏰ ${run.id} ${stepName} is overdue (${to})`,
          })
        : v.t({
            ja: `⏰ ${run.id} ${stepName} リマインド ${effect.n}（${to}）`,
            en: `⏰ ${run.id} ${stepName} reminder ${effect.n} (${to})`,
          });
      return reply(text, [{ type: 'text', text }], { tone: 'warning' });
    }
    case 'escalate': {
      const to = recipient(v, playbook, holders, effect.to);
      const why =
        effect.reason === 'approval_timeout'
          ? v.t({ ja: '承認が期限までにありません', en: 'no approval in time' })
          : v.t({
              ja: `通知 ${(effect.audience ?? 0) + 1} の確認が期限までにありません`,
              en: `notification ${(effect.audience ?? 0) + 1} not acknowledged in time`,
            });
      const text = v.t({
        ja: `🚨 ${run.id} ${stepName}: ${why} → ${to}`,
        en: `🚨 ${run.id} ${stepName}: ${why} → ${to}`,
      });
      const blocks: Block[] = [{ type: 'text', text }];
      if (effect.note) blocks.push({ type: 'text', text: v.t(effect.note) });
      return reply(text, blocks, { tone: 'danger' });
    }
    case 'inject': {
      const text = v.t({
        ja: `🎭 ${run.id} 演習の付与: ${v.t(effect.text)}`,
        en: `🎭 ${run.id} exercise inject: ${v.t(effect.text)}`,
      });
      return reply(text, [{ type: 'text', text }]);
    }
    case 'start-subplaybook': {
      if (effect.problem) {
        const text = v.t({
          ja: `⚠ ${run.id} ${stepName}: サブプレイブック ${effect.playbook} を開始できません: ${effect.problem.ja}`,
          en: `⚠ ${run.id} ${stepName}: cannot start the sub-playbook ${effect.playbook}: ${effect.problem.en}`,
        });
        const fix = v.t({
          ja: `/playbook run ${effect.playbook} で実行してから、この手順を飛ばしてください: /playbook skip ${run.id} ${effect.step} --reason …`,
          en: `Run it with /playbook run ${effect.playbook}, then skip this step: /playbook skip ${run.id} ${effect.step} --reason …`,
        });
        return reply(
          text,
          [
            { type: 'text', text },
            { type: 'context', text: fix },
          ],
          { tone: 'warning' },
        );
      }
      const text = effect.subrun
        ? v.t({
            ja: `▶ ${run.id} ${stepName}: サブプレイブック ${effect.playbook} を ${effect.subrun} として開始しました`,
            en: `▶ ${run.id} ${stepName}: started the sub-playbook ${effect.playbook} as ${effect.subrun}`,
          })
        : v.t({
            ja: `▶ ${run.id} ${stepName}: サブプレイブック ${effect.playbook} を別の実行として開始します`,
            en: `▶ ${run.id} ${stepName}: the sub-playbook ${effect.playbook} starts as a run of its own`,
          });
      const blocks: Block[] = [{ type: 'text', text }];
      if (effect.subrun) {
        blocks.push({
          type: 'context',
          text: v.t({
            ja: `状況: /playbook status ${effect.subrun}`,
            en: `Status: /playbook status ${effect.subrun}`,
          }),
        });
      }
      return reply(text, blocks);
    }
    case 'run-finished': {
      const text = v.t({ ja: `✅ ${run.id} が完了しました`, en: `✅ ${run.id} finished` });
      return reply(text, [{ type: 'text', text }], { tone: 'success' });
    }
  }
}

export function effectReplies(
  v: ViewContext,
  run: RunState,
  playbook: Playbook,
  holders: RoleHolders,
  effects: readonly Effect[],
): Reply[] {
  return effects.flatMap((e) => {
    const r = effectReply(v, run, playbook, holders, e);
    return r ? [r] : [];
  });
}
