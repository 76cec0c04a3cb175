// A CACAO 2.0 playbook written elsewhere (no Tsunagi extension) as a playbook of ours. Tsunagi
// never executes commands: every command, whatever its type, becomes text in an instruction step
// for a person to carry out, and commands that a machine would run (bash, http-api, powershell…)
// say so plainly. Conditions become decisions a person makes. Texts exist only in English, so both
// languages get the English text and a note says so.
import type { Bilingual } from '../i18n/locale.js';
import type { CacaoAgentTarget, CacaoCommand, CacaoPlaybook, CacaoStep } from './cacao-model.js';
import {
  END,
  PLAYBOOK_API_VERSION,
  TLP_LEVELS,
  type Capability,
  type DecisionOption,
  type Playbook,
  successorsOf,
  type Role,
  type Step,
  type Tlp,
} from './playbook-types.js';

/** The same (English) text in both languages; `fallback` when it is blank. */
const same = (text: string | undefined, fallback = '-'): Bilingual => {
  const value = text?.trim() ? text : fallback;
  return { ja: value, en: value };
};

function slug(text: string, separator: '_' | '-', fallback: string, maxLength = 48): string {
  const words = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
  let result = '';
  for (const word of words) {
    const next = result ? `${result}${separator}${word}` : word;
    if (next.length > maxLength) break;
    result = next;
  }
  if (!/^[a-z]/.test(result)) result = result ? `${fallback}${separator}${result}` : fallback;
  return result;
}

/** Picks `base`, or `base_2`, `base_3`… so that ids stay unique. */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

function commandText(command: CacaoCommand): string {
  if (typeof command.command === 'string') return command.command;
  if (typeof command.command_b64 === 'string')
    return Buffer.from(command.command_b64, 'base64').toString('utf8');
  const rest = Object.fromEntries(
    Object.entries(command).filter(
      ([k]) => !['type', 'description', 'version', 'playbook_activity'].includes(k),
    ),
  );
  return Object.keys(rest).length > 0 ? JSON.stringify(rest) : '';
}

/** The lines of an instruction's body for the commands of an action step. */
function commandLines(commands: readonly CacaoCommand[]): { body: Bilingual; machineTypes: string[] } {
  const ja: string[] = [];
  const en: string[] = [];
  const machineTypes = new Set<string>();
  commands.forEach((command, i) => {
    const type = typeof command.type === 'string' ? command.type : 'unknown';
    const text = commandText(command);
    const about = typeof command.description === 'string' ? ` — ${command.description}` : '';
    if (type === 'manual') {
      ja.push(`${i + 1}. ${text}${about}`);
      en.push(`${i + 1}. ${text}${about}`);
    } else {
      machineTypes.add(type);
      ja.push(
        `${i + 1}. [${type} コマンド — Tsunagi は実行しません。担当者が内容を確認して手作業で実施してください]${about}\n   ${text}`,
      );
      en.push(
        `${i + 1}. [${type} command — not executed by Tsunagi; for a person to carry out]${about}\n   ${text}`,
      );
    }
  });
  return { body: { ja: ja.join('\n'), en: en.join('\n') }, machineTypes: [...machineTypes] };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function importForeignCacao(cacao: CacaoPlaybook): { playbook: Playbook; notes: Bilingual[] } {
  const notes: Bilingual[] = [
    {
      ja: 'この CACAO プレイブックには Tsunagi 拡張がないため、ワークフローから組み立てました。文言は英語のみだったので日本語欄にも英語をそのまま入れています。翻訳してください。',
      en: 'This CACAO playbook has no Tsunagi extension, so it was rebuilt from its workflow. Its texts are in English only: the Japanese fields hold the same English text; translate them.',
    },
  ];
  const workflow = cacao.workflow;
  const cacaoName = (key: string): string => workflow[key]?.name?.trim() || workflow[key]?.type || key;

  // Roles: one per agent that steps name, plus a coordinator for decisions and unassigned work.
  const roles: Record<string, Role & { can: Capability[] }> = {};
  const roleIds = new Set<string>();
  const roleOfAgent = new Map<string, string>();
  const roleFor = (agentId: string | undefined): string => {
    const agent: CacaoAgentTarget | undefined = agentId ? cacao.agent_definitions?.[agentId] : undefined;
    if (!agentId || !agent || typeof agent.name !== 'string') return coordinator();
    let id = roleOfAgent.get(agentId);
    if (id === undefined) {
      id = uniqueId(slug(agent.name, '_', 'role'), roleIds);
      roleOfAgent.set(agentId, id);
      roles[id] = { party: 'customer', label: same(agent.name, 'Role'), can: ['ack', 'evidence'] };
    }
    return id;
  };
  let coordinatorId: string | undefined;
  const coordinator = (): string => {
    coordinatorId ??= uniqueId('coordinator', roleIds);
    roles[coordinatorId] ??= {
      party: 'customer',
      label: { ja: '対応責任者', en: 'Coordinator' },
      can: ['assign', 'decide', 'ack', 'evidence'],
    };
    return coordinatorId;
  };
  const allowDecide = (role: string): void => {
    const def = roles[role];
    if (def && !def.can.includes('decide')) def.can.push('decide');
  };

  // Steps: walk the workflow from its start. `cont` is where reaching an end step leads: the end
  // of the playbook at top level, or the continuation of the condition that opened the branch.
  const steps: Step[] = [];
  const stepIds = new Set<string>([END]);
  const ourIdOf = new Map<string, string>();
  const queue: { key: string; cont: string }[] = [];
  const ourId = (key: string): string => {
    let id = ourIdOf.get(key);
    if (id === undefined) {
      id = uniqueId(slug(cacaoName(key), '_', 'step'), stepIds);
      ourIdOf.set(key, id);
    }
    return id;
  };
  const visited = new Set<string>();
  const ref = (key: string | undefined, cont: string, from: string): string => {
    const seen = new Set<string>();
    while (key !== undefined && workflow[key]?.type === 'start' && !seen.has(key)) {
      seen.add(key);
      key = workflow[key]?.on_completion;
    }
    if (key === undefined) return cont;
    const target = workflow[key];
    if (!target) {
      notes.push({
        ja: `手順「${from}」が workflow にない ${key} を指しているため、そこで終わるようにしました。`,
        en: `Step "${from}" points at ${key}, which is not in the workflow; it ends there instead.`,
      });
      return cont;
    }
    if (target.type === 'end') return cont;
    if (!visited.has(key)) {
      visited.add(key);
      queue.push({ key, cont });
    }
    return ourId(key);
  };

  const start = workflow[cacao.workflow_start];
  const startRef = ref(start?.type === 'start' ? start.on_completion : cacao.workflow_start, END, 'start');
  if (startRef === END) {
    notes.push({
      ja: 'ワークフローに手順がないため、空の指示を 1 つ入れました。',
      en: 'The workflow has no steps: one empty instruction was added.',
    });
  }

  const yesNo = (yes: string, no: string): DecisionOption[] => [
    { value: 'yes', label: { ja: 'はい', en: 'Yes' }, next: yes },
    { value: 'no', label: { ja: 'いいえ', en: 'No' }, next: no },
  ];

  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const { key, cont } = item;
    const step: CacaoStep = workflow[key]!;
    const id = ourId(key);
    const name = cacaoName(key);
    const title = same(name);
    const after = (k: string | undefined): string => ref(k, cont, name);
    switch (step.type) {
      case 'action': {
        const assignee = roleFor(step.agent);
        const { body, machineTypes } = commandLines(Array.isArray(step.commands) ? step.commands : []);
        const intro = step.description ? `${step.description}\n\n` : '';
        if (machineTypes.length > 0) {
          notes.push({
            ja: `手順「${name}」の ${machineTypes.join(', ')} コマンドは実行されず、担当者向けの指示文になりました（Tsunagi はコマンドを実行しません）。`,
            en: `Step "${name}": its ${machineTypes.join(', ')} command(s) became instruction text for a person; Tsunagi never executes commands.`,
          });
        }
        const success = step.on_success ?? step.on_completion;
        let next = after(success);
        if (step.on_failure !== undefined && step.on_failure !== success) {
          // Our instructions have one way on: ask whether it worked, and branch like CACAO would.
          const outcome = uniqueId(`${id}_outcome`, stepIds);
          allowDecide(assignee);
          steps.push({
            id: outcome,
            kind: 'decision',
            title: { ja: `${name}: 結果`, en: `${name}: outcome` },
            assignee,
            question: { ja: `「${name}」は成功しましたか`, en: `Did "${name}" succeed?` },
            options: yesNo(next, after(step.on_failure)),
          });
          next = outcome;
        }
        steps.push({
          id,
          kind: 'instruction',
          title,
          assignee,
          body: { ja: `${intro}${body.ja}`.trim() || name, en: `${intro}${body.en}`.trim() || name },
          next,
        });
        break;
      }
      case 'if-condition':
      case 'while-condition': {
        const loop = step.type === 'while-condition';
        // A branch's end step returns to the condition's continuation (or, for a loop, to the check).
        const continuation = loop ? id : after(step.on_completion);
        const assignee = coordinator();
        steps.push({
          id,
          kind: 'decision',
          title,
          assignee,
          question: {
            ja: `${loop ? '繰り返しますか' : '次の条件は成り立ちますか'}: ${step.condition ?? ''}`,
            en: `${loop ? 'Repeat while this holds' : 'Does this condition hold'}: ${step.condition ?? ''}`,
          },
          options: yesNo(
            ref(step.on_true, continuation, name),
            // A loop goes on when the condition fails; an if takes its else branch, or just goes on.
            loop ? after(step.on_completion) : ref(step.on_false ?? step.on_completion, continuation, name),
          ),
        });
        notes.push({
          ja: `条件「${name}」は担当者が判断する分岐になりました（条件式は評価しません）。`,
          en: `Condition "${name}" became a decision a person makes; its expression is not evaluated.`,
        });
        break;
      }
      case 'switch-condition': {
        const continuation = after(step.on_completion);
        const cases = isRecord(step.cases) ? Object.entries(step.cases) : [];
        const options: DecisionOption[] = cases.map(([value, target]) => ({
          value: value || 'default',
          label: same(value, 'default'),
          next: ref(typeof target === 'string' ? target : undefined, continuation, name),
        }));
        if (options.length < 2) {
          options.push({ value: 'other', label: { ja: 'その他', en: 'Other' }, next: continuation });
        }
        steps.push({
          id,
          kind: 'decision',
          title,
          assignee: coordinator(),
          question: same(step.description ?? `${name}: ${step.switch ?? ''}`),
          options,
        });
        break;
      }
      case 'parallel': {
        const branches = (step.next_steps ?? []).map((k) => ref(k, END, name)).filter((b) => b !== END);
        const join = after(step.on_completion);
        if (branches.length >= 2) {
          steps.push({ id, kind: 'parallel', title, branches, join });
        } else {
          // Fewer than two real branches: just go through them in turn.
          steps.push({
            id,
            kind: 'instruction',
            title,
            assignee: coordinator(),
            body: same(step.description ?? name),
            next: branches[0] ?? join,
          });
        }
        break;
      }
      case 'playbook-action': {
        const target = step.playbook_id ?? '?';
        notes.push({
          ja: `手順「${name}」は別の CACAO プレイブック ${target} を呼びます。対応する Tsunagi のプレイブックがあれば subplaybook に書き換えてください。`,
          en: `Step "${name}" runs another CACAO playbook (${target}); rewrite it as a subplaybook step if a Tsunagi playbook for it exists.`,
        });
        steps.push({
          id,
          kind: 'instruction',
          title,
          assignee: coordinator(),
          body: {
            ja: `${step.description ? `${step.description}\n\n` : ''}別のプレイブックを実施してください: ${target}`,
            en: `${step.description ? `${step.description}\n\n` : ''}Carry out the playbook ${target}.`,
          },
          next: after(step.on_completion ?? step.on_success),
        });
        break;
      }
      default: {
        notes.push({
          ja: `手順「${name}」の種類 ${step.type} は知らないため、説明文だけの指示にしました。`,
          en: `Step "${name}" has an unknown type (${step.type}); it became an instruction with its description only.`,
        });
        steps.push({
          id,
          kind: 'instruction',
          title,
          assignee: roleFor(step.agent),
          body: same(step.description ?? name),
          next: after(step.on_completion ?? step.on_success),
        });
      }
    }
  }
  for (const step of steps) if (step.kind === 'decision') allowDecide(step.assignee);

  let startId = startRef;
  if (startRef === END) {
    startId = uniqueId('start', stepIds);
    steps.push({
      id: startId,
      kind: 'instruction',
      title: same(cacao.name, cacao.id),
      assignee: coordinator(),
      body: same(cacao.name, cacao.id),
      next: END,
    });
  }
  const left = Object.entries(workflow).filter(
    ([k, s]) => s.type !== 'start' && s.type !== 'end' && !visited.has(k),
  ).length;
  if (left > 0) {
    notes.push({
      ja: `start から到達できない手順 ${left} 件は取り込みませんでした。`,
      en: `${left} step(s) not reachable from the start were left out.`,
    });
  }
  // Steps in reading order: depth first from the start, as a person would follow them.
  const byId = new Map(steps.map((s) => [s.id, s]));
  const order = new Map<string, number>();
  const visit = (stepId: string): void => {
    const step = byId.get(stepId);
    if (!step || order.has(stepId)) return;
    order.set(stepId, order.size);
    for (const next of successorsOf(step)) visit(next);
  };
  visit(startId);
  steps.sort((a, b) => (order.get(a.id) ?? order.size) - (order.get(b.id) ?? order.size));
  if (Object.keys(roles).length === 0) coordinator();
  notes.push({
    ja: '役割の組織（party）はすべて customer にしました。必要なら sier / provider に直してください。',
    en: "Every role's party was set to customer; change it to sier or provider where needed.",
  });

  const tlp = tlpOf(cacao);
  if (tlp === undefined) {
    notes.push({
      ja: 'TLP の指定がないため AMBER にしました。',
      en: 'No TLP marking: the playbook is marked AMBER.',
    });
  }
  const references = (cacao.external_references ?? [])
    .map((r) => (isRecord(r) && typeof r.url === 'string' ? r.url : undefined))
    .filter((u) => u !== undefined);
  const playbook: Playbook = {
    apiVersion: PLAYBOOK_API_VERSION,
    kind: 'Playbook',
    metadata: {
      id: slug(cacao.name ?? '', '-', 'imported'),
      version: '1.0.0',
      lifecycle: 'incident',
      title: same(cacao.name, cacao.id),
      ...(cacao.description?.trim() ? { description: same(cacao.description) } : {}),
      tlp: tlp ?? 'AMBER',
      ...(references.length > 0 ? { references } : {}),
      cacao: {
        id: cacao.id,
        ...(Array.isArray(cacao.playbook_types) && cacao.playbook_types.length > 0
          ? { playbook_types: cacao.playbook_types }
          : {}),
      },
    },
    roles,
    start: startId,
    steps,
  };
  return { playbook, notes };
}

function tlpOf(cacao: CacaoPlaybook): Tlp | undefined {
  for (const marking of cacao.markings ?? []) {
    const def = cacao.data_marking_definitions?.[marking];
    const level =
      isRecord(def) && typeof def.tlpv2_level === 'string' ? def.tlpv2_level.replace(/^TLP:/, '') : '';
    if ((TLP_LEVELS as readonly string[]).includes(level)) return level as Tlp;
  }
  return undefined;
}
