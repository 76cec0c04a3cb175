// A playbook of ours as an OASIS CACAO 2.0 playbook and back. Every step becomes one CACAO workflow
// step whose commands are all `manual` (Tsunagi coordinates people; it never executes anything).
// What CACAO cannot say (both languages, parties and capabilities, inputs, templates, verify,
// approval, due, phase, kind…) rides in our registered extension, so that
// `fromCacao(toCacao(p)).playbook` equals `p`. A CACAO playbook without our extension is imported
// by `cacao-import.ts`.
import { UserInputError } from '../errors.js';
import type { Bilingual } from '../i18n/locale.js';
import {
  derivedObjectId,
  derivedPlaybookId,
  TSUNAGI_EXTENSION_ID,
  TSUNAGI_IDENTITY_ID,
} from './cacao-ids.js';
import { importForeignCacao } from './cacao-import.js';
import type {
  CacaoAgentTarget,
  CacaoCommand,
  CacaoPlaybook,
  CacaoStep,
  CacaoVariable,
  TsunagiPlaybookExtension,
  TsunagiStepExtension,
} from './cacao-model.js';
import {
  END,
  type Audience,
  type Input,
  type Lifecycle,
  type PartyKind,
  type Phase,
  type Playbook,
  type Step,
} from './playbook-types.js';

export { TSUNAGI_EXTENSION_ID } from './cacao-ids.js';
export type { CacaoPlaybook } from './cacao-model.js';

/** Our format has no dates; exports use this fixed time unless told otherwise, so they are reproducible. */
export const CACAO_DEFAULT_TIMESTAMP = '1970-01-01T00:00:00.000Z';

export const TSUNAGI_EXTENSION_DEFINITION = {
  type: 'extension-definition',
  name: 'Tsunagi playbook',
  description:
    'The Tsunagi playbook (apiVersion tsunagi/v1) this CACAO playbook was made from. ' +
    'playbook_extensions holds the playbook without its steps (metadata, roles with party and ' +
    'capabilities, inputs, start, templates, cadence); step_extensions holds each step verbatim ' +
    '(kind, Japanese and English texts, assignee, phase, due, verify, approval…) with its position; ' +
    'agent_target_extensions names the role an agent stands for. Every command is manual: Tsunagi ' +
    'coordinates people and never executes commands.',
  created_by: TSUNAGI_IDENTITY_ID,
  schema: 'https://tsunagi.invalid/schemas/cacao/tsunagi-playbook-extension/1.0.0',
  version: '1.0.0',
} as const;

export interface ToCacaoOptions {
  /** The CACAO id of another playbook (for `subplaybook` steps); a derived id when unknown. */
  readonly resolvePlaybookId?: (playbookId: string) => string | undefined;
  /** `created` and `modified` (RFC 3339, UTC, milliseconds); default {@link CACAO_DEFAULT_TIMESTAMP}. */
  readonly created?: string;
  readonly modified?: string;
}

export interface FromCacaoResult {
  readonly playbook: Playbook;
  /** What a person should know about the import (lossy conversions, defaults chosen). */
  readonly notes: Bilingual[];
}

/** The CACAO id a playbook is exported under: `metadata.cacao.id`, or one derived from its id. */
export function cacaoIdOf(playbook: Playbook): string {
  return playbook.metadata.cacao?.id ?? derivedPlaybookId(playbook.metadata.id);
}

const DEFAULT_PLAYBOOK_TYPES: Readonly<Record<Lifecycle, readonly string[]>> = {
  incident: ['investigation', 'mitigation', 'remediation'],
  change: ['remediation'],
  exercise: ['investigation'],
};

const PHASE_ACTIVITY: Readonly<Partial<Record<Phase, string>>> = {
  detect: 'identify-indicators',
  analyze: 'analyze-collected-data',
  contain: 'restrict-access',
  eradicate: 'eliminate-risk',
  recover: 'restore-capabilities',
};

const PARTY_NAMES: Readonly<Record<PartyKind, string>> = {
  customer: 'Customer',
  sier: 'SIer (system integrator)',
  provider: 'Cloud provider',
};

/** SEV1 (worst) … SEV4 on CACAO's 1-100 scale, where higher is more severe. */
const SEVERITY_SCALE: Readonly<Record<number, number>> = { 1: 100, 2: 75, 3: 50, 4: 25 };

const INPUT_VARIABLE_TYPES: Readonly<Record<Input['type'], string>> = {
  string: 'string',
  enum: 'string',
  number: 'float',
  boolean: 'bool',
  duration: 'string',
};

const VARIABLE_NAME_RE = /^__[a-zA-Z_][a-zA-Z0-9_-]{0,199}__$/;

const STEP_TYPES: Readonly<Record<Step['kind'], string>> = {
  instruction: 'action',
  checklist: 'action',
  decision: 'switch-condition',
  collect_evidence: 'action',
  notify: 'action',
  approval: 'action',
  wait: 'action',
  parallel: 'parallel',
  subplaybook: 'playbook-action',
  inject: 'action',
};

/** An ISO 8601 duration (`P1DT2H30M`, `PT45S`, `P2W`) in milliseconds; undefined when it is not one. */
export function durationToMs(duration: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round(((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000);
}

/** `toCacao(p)`: a CACAO 2.0 playbook that validates against the OASIS schemas. */
export function toCacao(playbook: Playbook, options: ToCacaoOptions = {}): CacaoPlaybook {
  const id = cacaoIdOf(playbook);
  const created = options.created ?? CACAO_DEFAULT_TIMESTAMP;
  const modified = options.modified ?? created;
  const objectId = (type: string, name: string): string => derivedObjectId(type, id, name);

  const startId = objectId('start', 'start');
  const endId = objectId('end', END);
  const stepsById = new Map(playbook.steps.map((s) => [s.id, s]));
  const stepId = (ref: string, from: string): string => {
    if (ref === END) return endId;
    const target = stepsById.get(ref);
    if (!target) {
      throw new UserInputError({
        ja: `プレイブック ${playbook.metadata.id} の ${from} が存在しない手順「${ref}」を指しています。先に tsunagi playbook validate で確認してください。`,
        en: `Playbook ${playbook.metadata.id}: ${from} names step "${ref}", which does not exist. Check it with tsunagi playbook validate first.`,
      });
    }
    return objectId(STEP_TYPES[target.kind], target.id);
  };

  // Agents: one individual per role, one organization per party; a group for unassigned work.
  const roleAgentId = (role: string): string => objectId('individual', `role:${role}`);
  const partyId = (party: PartyKind): string => objectId('organization', `party:${party}`);
  const unassignedId = objectId('group', 'unassigned');
  const roleName = (role: string): string => playbook.roles[role]?.label.en ?? role;
  const agents: Record<string, CacaoAgentTarget> = {};
  for (const [role, def] of Object.entries(playbook.roles)) {
    agents[roleAgentId(role)] = {
      type: 'individual',
      name: def.label.en,
      description: `Role "${role}" on the ${PARTY_NAMES[def.party]} side.`,
      agent_target_extensions: { [TSUNAGI_EXTENSION_ID]: { role_id: role, party: def.party, can: def.can } },
    };
  }
  for (const party of new Set(Object.values(playbook.roles).map((r) => r.party))) {
    agents[partyId(party)] = {
      type: 'organization',
      name: PARTY_NAMES[party],
      agent_target_extensions: { [TSUNAGI_EXTENSION_ID]: { party } },
    };
  }
  const targets: Record<string, CacaoAgentTarget> = {};
  const addTarget = (targetId: string, target: CacaoAgentTarget): string => {
    targets[targetId] = target;
    return targetId;
  };
  const audienceTarget = (a: Audience): string | undefined => {
    if (a.role !== undefined && agents[roleAgentId(a.role)])
      return addTarget(roleAgentId(a.role), agents[roleAgentId(a.role)]!);
    if (a.party !== undefined) {
      return addTarget(partyId(a.party), {
        type: 'organization',
        name: PARTY_NAMES[a.party],
        agent_target_extensions: { [TSUNAGI_EXTENSION_ID]: { party: a.party } },
      });
    }
    return undefined;
  };
  let unassignedUsed = false;
  const agentFor = (step: Step, role = step.assignee): string => {
    if (role !== undefined && playbook.roles[role]) return roleAgentId(role);
    unassignedUsed = true;
    return unassignedId;
  };

  const activities = new Set<string>();
  const manual = (step: Step, command: string, activity?: string): CacaoCommand => {
    const playbookActivity = activity ?? (step.phase ? PHASE_ACTIVITY[step.phase] : undefined);
    if (playbookActivity) activities.add(playbookActivity);
    return { type: 'manual', command, ...(playbookActivity ? { playbook_activity: playbookActivity } : {}) };
  };
  const when = (condition: string | undefined): string => (condition ? ` (only when ${condition})` : '');

  const workflow: Record<string, CacaoStep> = {
    [startId]: { type: 'start', name: 'Start', on_completion: stepId(playbook.start, 'start') },
  };
  playbook.steps.forEach((step, index) => {
    const where = `steps[${index}] (${step.id})`;
    const extension: TsunagiStepExtension = { step, step_index: index };
    const common = {
      name: step.title.en,
      step_extensions: { [TSUNAGI_EXTENSION_ID]: extension },
    };
    const action = (
      commands: CacaoCommand[],
      extra: Partial<CacaoStep> & { on_completion?: string } = {},
    ): CacaoStep => ({
      type: 'action',
      ...common,
      ...(step.when ? { description: `Skipped unless ${step.when}.` } : {}),
      commands,
      agent: agentFor(step),
      ...extra,
    });
    let cacao: CacaoStep;
    switch (step.kind) {
      case 'instruction':
        cacao = action([manual(step, step.body.en)], { on_completion: stepId(step.next, where) });
        break;
      case 'checklist':
        cacao = action(
          step.items.map((item) => manual(step, `${item.en}${when(item.when)}`)),
          { on_completion: stepId(step.next, where) },
        );
        break;
      case 'collect_evidence':
        cacao = action(
          step.fields.map((field) =>
            manual(
              step,
              `Collect ${field.type} "${field.id}": ${field.label.en}${field.hint ? ` (${field.hint.en})` : ''}` +
                `${field.required ? ' [required]' : ''}`,
            ),
          ),
          { on_completion: stepId(step.next, where) },
        );
        break;
      case 'notify': {
        const audienceTargets = step.audiences.map(audienceTarget).filter((t) => t !== undefined);
        cacao = action(
          step.audiences.map((a) => {
            const who = a.role !== undefined ? roleName(a.role) : PARTY_NAMES[a.party ?? 'customer'];
            const text = playbook.templates?.[a.template]?.en ?? a.template;
            const ack = a.ack_required
              ? ` Acknowledgement required${a.ack_within ? ` within ${a.ack_within}` : ''}.`
              : '';
            return manual(step, `Notify ${who}${when(a.when)}: ${text}${ack}`, 'deliver-content');
          }),
          {
            on_completion: stepId(step.next, where),
            ...(audienceTargets.length > 0 ? { targets: [...new Set(audienceTargets)] } : {}),
          },
        );
        break;
      }
      case 'approval': {
        const timeout = step.timeout ? durationToMs(step.timeout) : undefined;
        cacao = action(
          [
            manual(
              step,
              `Approve or reject: ${step.title.en} (${step.approvers.quorum} approval(s) from ${roleName(step.approvers.role)} needed` +
                `${step.timeout ? `; times out after ${step.timeout}` : ''}` +
                `${step.on_timeout ? `, then escalates to ${roleName(step.on_timeout.escalate_to)}${when(step.on_timeout.when)}` : ''}).`,
            ),
          ],
          {
            agent: agentFor(step, step.approvers.role),
            ...(timeout !== undefined ? { timeout } : {}),
            on_success: stepId(step.on_approve, where),
            on_failure: stepId(step.on_reject, where),
          },
        );
        break;
      }
      case 'wait':
        cacao = action(
          [
            manual(
              step,
              `Wait ${step.duration}${step.remind_every ? `, with a reminder every ${step.remind_every}` : ''}.`,
            ),
          ],
          { on_completion: stepId(step.next, where) },
        );
        break;
      case 'inject': {
        const to = roleAgentId(step.to);
        const target = agents[to] ? [addTarget(to, agents[to])] : [];
        cacao = action(
          [
            manual(
              step,
              `Exercise inject${step.at ? ` at ${step.at}` : ''} to ${roleName(step.to)}` +
                `${step.from ? ` from ${step.from.en}` : ''}: ${step.text.en}`,
            ),
          ],
          { on_completion: stepId(step.next, where), ...(target.length > 0 ? { targets: target } : {}) },
        );
        break;
      }
      case 'decision': {
        const variable = `__${step.id}_choice__`;
        cacao = {
          type: 'switch-condition',
          ...common,
          description: `${step.question.en} (decided by ${roleName(step.assignee)}: ${step.options.map((o) => `${o.value} = ${o.label.en}`).join('; ')})`,
          step_variables: {
            [variable]: { type: 'string', description: `The answer to: ${step.question.en}`, value: null },
          },
          switch: `${variable}:value`,
          cases: Object.fromEntries(step.options.map((o) => [o.value, stepId(o.next, where)])),
        };
        break;
      }
      case 'parallel':
        cacao = {
          type: 'parallel',
          ...common,
          next_steps: step.branches.map((b) => stepId(b, where)),
          on_completion: stepId(step.join, where),
        };
        break;
      case 'subplaybook':
        cacao = {
          type: 'playbook-action',
          ...common,
          playbook_id: options.resolvePlaybookId?.(step.playbook) ?? derivedPlaybookId(step.playbook),
          on_completion: stepId(step.next, where),
        };
        break;
    }
    workflow[objectId(STEP_TYPES[step.kind], step.id)] = cacao;
  });
  workflow[endId] = { type: 'end', name: 'End' };
  if (unassignedUsed) agents[unassignedId] = { type: 'group', name: 'Incident response team (unassigned)' };

  const variables: Record<string, CacaoVariable> = {};
  for (const [name, input] of Object.entries(playbook.inputs ?? {})) {
    const key = `__${name}__`;
    if (!VARIABLE_NAME_RE.test(key)) continue;
    const values = input.type === 'enum' ? ` One of: ${input.values.join(', ')}.` : '';
    variables[key] = {
      type: INPUT_VARIABLE_TYPES[input.type],
      description: `${input.label.en}${input.required ? ' (required)' : ''}.${values}`,
      external: true,
    };
  }

  const { metadata } = playbook;
  const tlpId = objectId('marking-tlp', metadata.tlp);
  const playbookExtension: TsunagiPlaybookExtension = {
    api_version: playbook.apiVersion,
    metadata,
    roles: playbook.roles,
    ...(playbook.inputs !== undefined ? { inputs: playbook.inputs } : {}),
    start: playbook.start,
    ...(playbook.templates !== undefined ? { templates: playbook.templates } : {}),
    ...(playbook.cadence !== undefined ? { cadence: playbook.cadence } : {}),
  };
  const severity =
    metadata.severity_default !== undefined ? SEVERITY_SCALE[metadata.severity_default] : undefined;
  return {
    type: 'playbook',
    spec_version: 'cacao-2.0',
    id,
    name: metadata.title.en,
    ...(metadata.description ? { description: metadata.description.en } : {}),
    playbook_types: metadata.cacao?.playbook_types ?? DEFAULT_PLAYBOOK_TYPES[metadata.lifecycle],
    ...(activities.size > 0 ? { playbook_activities: [...activities] } : {}),
    created_by: TSUNAGI_IDENTITY_ID,
    created,
    modified,
    ...(severity !== undefined ? { severity } : {}),
    labels: [
      'tsunagi',
      `tsunagi-id:${metadata.id}`,
      `version:${metadata.version}`,
      `lifecycle:${metadata.lifecycle}`,
    ],
    ...(metadata.references && metadata.references.length > 0
      ? { external_references: metadata.references.map((url) => ({ name: url, url })) }
      : {}),
    markings: [tlpId],
    ...(Object.keys(variables).length > 0 ? { playbook_variables: variables } : {}),
    workflow_start: startId,
    workflow,
    playbook_extensions: { [TSUNAGI_EXTENSION_ID]: playbookExtension },
    agent_definitions: agents,
    ...(Object.keys(targets).length > 0 ? { target_definitions: targets } : {}),
    extension_definitions: { [TSUNAGI_EXTENSION_ID]: TSUNAGI_EXTENSION_DEFINITION },
    data_marking_definitions: {
      [tlpId]: {
        type: 'marking-tlp',
        id: tlpId,
        created_by: TSUNAGI_IDENTITY_ID,
        created,
        tlpv2_level: `TLP:${metadata.tlp}`,
      },
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function notCacao(detail: Bilingual): UserInputError {
  return new UserInputError({
    ja: `CACAO 2.0 プレイブックとして読めません: ${detail.ja}`,
    en: `Not a CACAO 2.0 playbook: ${detail.en}`,
  });
}

/** Checks the parts every CACAO playbook has; the rest is read defensively. */
export function asCacaoPlaybook(json: unknown): CacaoPlaybook {
  if (!isRecord(json)) throw notCacao({ ja: 'JSON オブジェクトではありません', en: 'not a JSON object' });
  if (json.type !== 'playbook') {
    throw notCacao({ ja: 'type が "playbook" ではありません', en: 'its type is not "playbook"' });
  }
  if (json.spec_version !== 'cacao-2.0') {
    throw notCacao({
      ja: `spec_version が "cacao-2.0" ではありません（${String(json.spec_version)}）`,
      en: `its spec_version is not "cacao-2.0" (${String(json.spec_version)})`,
    });
  }
  if (!isRecord(json.workflow) || typeof json.workflow_start !== 'string') {
    throw notCacao({
      ja: 'workflow または workflow_start がありません',
      en: 'workflow or workflow_start is missing',
    });
  }
  for (const [key, step] of Object.entries(json.workflow)) {
    if (!isRecord(step) || typeof step.type !== 'string') {
      throw notCacao({
        ja: `workflow の ${key} に type がありません`,
        en: `workflow step ${key} has no type`,
      });
    }
  }
  if (!isRecord(json.workflow[json.workflow_start])) {
    throw notCacao({
      ja: `workflow_start（${json.workflow_start}）が workflow にありません`,
      en: `workflow_start (${json.workflow_start}) is not in the workflow`,
    });
  }
  return json as unknown as CacaoPlaybook;
}

function restore(cacao: CacaoPlaybook, extension: Record<string, unknown>): FromCacaoResult {
  const broken = (what: string): UserInputError =>
    new UserInputError({
      ja: `Tsunagi 拡張（${TSUNAGI_EXTENSION_ID}）が壊れています: ${what}`,
      en: `The Tsunagi extension (${TSUNAGI_EXTENSION_ID}) is damaged: ${what}`,
    });
  const { api_version, metadata, roles, inputs, start, templates, cadence } = extension;
  if (
    typeof api_version !== 'string' ||
    !isRecord(metadata) ||
    !isRecord(roles) ||
    typeof start !== 'string'
  ) {
    throw broken('api_version, metadata, roles, start');
  }
  const notes: Bilingual[] = [];
  const steps: { index: number; step: unknown }[] = [];
  for (const [key, cacaoStep] of Object.entries(cacao.workflow)) {
    const ours = cacaoStep.step_extensions?.[TSUNAGI_EXTENSION_ID];
    if (isRecord(ours)) {
      if (!isRecord(ours.step) || typeof ours.step_index !== 'number') throw broken(key);
      steps.push({ index: ours.step_index, step: ours.step });
    } else if (cacaoStep.type !== 'start' && cacaoStep.type !== 'end') {
      notes.push({
        ja: `Tsunagi 拡張のない手順 ${key}（${cacaoStep.name ?? cacaoStep.type}）は取り込みませんでした。`,
        en: `Step ${key} (${cacaoStep.name ?? cacaoStep.type}) has no Tsunagi extension and was left out.`,
      });
    }
  }
  steps.sort((a, b) => a.index - b.index);
  const playbook = {
    apiVersion: api_version,
    kind: 'Playbook',
    metadata,
    roles,
    ...(inputs !== undefined ? { inputs } : {}),
    start,
    steps: steps.map((s) => s.step),
    ...(templates !== undefined ? { templates } : {}),
    ...(cadence !== undefined ? { cadence } : {}),
  } as unknown as Playbook;
  return { playbook, notes };
}

/**
 * `fromCacao(json)`: our playbook from a CACAO 2.0 playbook. With our extension the playbook is
 * restored exactly; otherwise it is rebuilt from the workflow (see `cacao-import.ts`), and the
 * notes say what a person should check.
 */
export function fromCacao(json: unknown): FromCacaoResult {
  const cacao = asCacaoPlaybook(json);
  const extension = cacao.playbook_extensions?.[TSUNAGI_EXTENSION_ID];
  if (isRecord(extension)) return restore(cacao, extension);
  return importForeignCacao(cacao);
}
