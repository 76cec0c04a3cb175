// Playbooks as people browse them in chat: the list, and one playbook's roles, inputs and steps
// with who does each (by party, the way the shared-responsibility model splits the work).
import { PARTY_ROLE_LABELS } from '../parties/party-roles.js';
import type { Playbook, Step } from '../playbooks/playbook-types.js';
import { successorsOf } from '../playbooks/playbook-types.js';
import { reply, type Reply } from '../reply.js';
import type { ViewContext } from './view-context.js';

const KIND_LABELS: Record<Step['kind'], { ja: string; en: string }> = {
  instruction: { ja: '指示', en: 'instruction' },
  checklist: { ja: 'チェックリスト', en: 'checklist' },
  decision: { ja: '判断', en: 'decision' },
  collect_evidence: { ja: '証跡保全', en: 'evidence' },
  notify: { ja: '通知', en: 'notify' },
  approval: { ja: '承認', en: 'approval' },
  wait: { ja: '待機', en: 'wait' },
  parallel: { ja: '並行', en: 'parallel' },
  subplaybook: { ja: 'サブプレイブック', en: 'sub-playbook' },
  inject: { ja: '付与（演習）', en: 'inject (exercise)' },
};

export function playbookList(v: ViewContext, playbooks: readonly Playbook[]): Reply {
  const title = v.t({ ja: `プレイブック（${playbooks.length}件）`, en: `Playbooks (${playbooks.length})` });
  return reply(
    title,
    [
      { type: 'header', text: title },
      {
        type: 'table',
        columns: [
          v.t({ ja: 'ID', en: 'Id' }),
          v.t({ ja: '種別', en: 'For' }),
          v.t({ ja: '名称', en: 'Title' }),
        ],
        rows: playbooks.map((p) => [p.metadata.id, p.metadata.lifecycle, v.t(p.metadata.title)]),
      },
      {
        type: 'context',
        text: v.t({
          ja: '詳細: /playbook show <ID>　実行: /playbook run <ID> --incident INC-番号',
          en: 'Details: /playbook show <id>. Run one: /playbook run <id> --incident INC-<n>',
        }),
      },
    ],
    { visibility: 'ephemeral' },
  );
}

/** "Label（party）" in Japanese, "Label (party)" in English. */
function roleWithParty(v: ViewContext, role: Playbook['roles'][string]): string {
  const party = v.t(PARTY_ROLE_LABELS[role.party]);
  return v.ja ? `${v.t(role.label)}（${party}）` : `${v.t(role.label)} (${party})`;
}

function who(v: ViewContext, playbook: Playbook, step: Step): string {
  const roleId = step.kind === 'approval' ? step.approvers.role : step.assignee;
  if (!roleId) return '—';
  const role = playbook.roles[roleId];
  if (!role) return roleId;
  return roleWithParty(v, role);
}

export function playbookDetail(v: ViewContext, playbook: Playbook): Reply {
  const { metadata } = playbook;
  const title = `${v.t(metadata.title)} (${metadata.id} ${metadata.version})`;
  const blocks: Reply['blocks'][number][] = [{ type: 'header', text: title }];
  if (metadata.description) blocks.push({ type: 'text', text: v.t(metadata.description) });
  blocks.push({
    type: 'fields',
    fields: [
      { label: v.t({ ja: '種別', en: 'Lifecycle' }), value: metadata.lifecycle },
      { label: 'TLP', value: metadata.tlp },
      {
        label: v.t({ ja: '役割', en: 'Roles' }),
        value: v.list(
          Object.values(playbook.roles).map((r) => `${v.t(r.label)}（${v.t(PARTY_ROLE_LABELS[r.party])}）`),
        ),
      },
      ...(playbook.inputs
        ? [
            {
              label: v.t({ ja: '入力', en: 'Inputs' }),
              value: v.list(
                Object.entries(playbook.inputs).map(([name, input]) => `${name}${input.required ? '*' : ''}`),
              ),
            },
          ]
        : []),
    ],
  });
  blocks.push({
    type: 'table',
    columns: [
      v.t({ ja: '手順', en: 'Step' }),
      v.t({ ja: '種類', en: 'Kind' }),
      v.t({ ja: '担当', en: 'Who' }),
      v.t({ ja: '次', en: 'Next' }),
    ],
    rows: playbook.steps.map((step) => [
      `${step.id} ${v.t(step.title)}`,
      v.t(KIND_LABELS[step.kind]),
      who(v, playbook, step),
      successorsOf(step).join(', '),
    ]),
  });
  if (metadata.references?.length) {
    blocks.push({
      type: 'list',
      title: v.t({ ja: '参考', en: 'References' }),
      items: [...metadata.references],
    });
  }
  return reply(title, blocks, { visibility: 'ephemeral' });
}
