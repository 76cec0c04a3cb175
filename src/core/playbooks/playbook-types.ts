// Types for a parsed playbook (`apiVersion: tsunagi/v1`), as specified in playbooks/FORMAT.md.
// Field names keep the YAML's snake_case so a document that passed playbook.schema.json can be
// used as is. Everything is readonly: a loaded playbook is a value, never edited in place.
import type { Bilingual } from '../i18n/locale.js';

export const PLAYBOOK_API_VERSION = 'tsunagi/v1';
/** The step id every `next`-like field may name to finish the playbook. */
export const END = 'end';

export const LIFECYCLES = ['incident', 'change', 'exercise'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const PARTY_KINDS = ['customer', 'sier', 'provider'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const CAPABILITIES = [
  'assign',
  'decide',
  'notify_external',
  'ack',
  'evidence',
  'approve',
  'verify',
  'timeline',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const INCIDENT_ROLES = ['commander', 'communications', 'scribe'] as const;
export type IncidentRoleBinding = (typeof INCIDENT_ROLES)[number];

export const PHASES = [
  'preparation',
  'detect',
  'analyze',
  'contain',
  'eradicate',
  'recover',
  'post_incident',
] as const;
export type Phase = (typeof PHASES)[number];

export const INPUT_TYPES = ['string', 'enum', 'number', 'boolean', 'duration'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const STEP_KINDS = [
  'instruction',
  'checklist',
  'decision',
  'collect_evidence',
  'notify',
  'approval',
  'wait',
  'parallel',
  'subplaybook',
  'inject',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const EVIDENCE_FIELD_TYPES = ['text', 'file', 'link'] as const;
export type EvidenceFieldType = (typeof EVIDENCE_FIELD_TYPES)[number];

/** Incident fields templates and conditions may name as `incident.<field>`. */
export const INCIDENT_FIELDS = ['id', 'title', 'severity', 'status', 'commander', 'next_update'] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];

/** An ISO 8601 duration such as `PT30M` or `P1DT2H`. */
export type IsoDuration = string;
/** A step id, or `end`. */
export type StepRef = string;

export interface CacaoMetadata {
  /** `playbook--<uuid>` */
  readonly id: string;
  readonly playbook_types?: readonly string[];
}

export interface PlaybookMetadata {
  /** Lowercase kebab-case, unique across playbooks/. */
  readonly id: string;
  /** Semver, e.g. `1.0.0`. */
  readonly version: string;
  readonly lifecycle: Lifecycle;
  readonly title: Bilingual;
  readonly description?: Bilingual;
  readonly tlp: Tlp;
  /** 1-4 (SEV1-SEV4). */
  readonly severity_default?: number;
  readonly references?: readonly string[];
  readonly cacao?: CacaoMetadata;
}

export interface Role {
  readonly party: PartyKind;
  readonly label: Bilingual;
  readonly can: readonly Capability[];
  readonly incident_role?: IncidentRoleBinding;
}

interface InputBase {
  readonly required?: boolean;
  readonly label: Bilingual;
}
export interface StringInput extends InputBase {
  readonly type: 'string';
}
export interface EnumInput extends InputBase {
  readonly type: 'enum';
  readonly values: readonly string[];
}
export interface NumberInput extends InputBase {
  readonly type: 'number';
}
export interface BooleanInput extends InputBase {
  readonly type: 'boolean';
}
export interface DurationInput extends InputBase {
  readonly type: 'duration';
}
export type Input = StringInput | EnumInput | NumberInput | BooleanInput | DurationInput;

/** Four-eyes check: someone holding one of `by` confirms the step's result. */
export interface Verify {
  readonly by: readonly string[];
  readonly distinct_from_performer?: boolean;
}

/** Fields every step may have. */
interface StepBase {
  /** Lowercase snake_case, unique in the playbook. */
  readonly id: string;
  readonly title: Bilingual;
  readonly phase?: Phase;
  /** A role id. Required for instruction, checklist, collect_evidence and decision. */
  readonly assignee?: string;
  readonly due?: IsoDuration;
  /** A condition; when false the step is skipped. */
  readonly when?: string;
}

export interface InstructionStep extends StepBase {
  readonly kind: 'instruction';
  readonly assignee: string;
  readonly body: Bilingual;
  readonly next: StepRef;
}

export interface ChecklistItem extends Bilingual {
  readonly when?: string;
}

export interface ChecklistStep extends StepBase {
  readonly kind: 'checklist';
  readonly assignee: string;
  readonly items: readonly ChecklistItem[];
  readonly verify?: Verify;
  readonly next: StepRef;
}

export interface DecisionOption {
  readonly value: string;
  readonly label: Bilingual;
  readonly next: StepRef;
}

export interface DecisionStep extends StepBase {
  readonly kind: 'decision';
  readonly assignee: string;
  readonly question: Bilingual;
  /** At least two; each names where the playbook goes. The step itself has no `next`. */
  readonly options: readonly DecisionOption[];
}

export interface EvidenceField {
  readonly id: string;
  readonly type: EvidenceFieldType;
  readonly label: Bilingual;
  readonly required?: boolean;
  readonly hint?: Bilingual;
}

export interface CollectEvidenceStep extends StepBase {
  readonly kind: 'collect_evidence';
  readonly assignee: string;
  readonly fields: readonly EvidenceField[];
  readonly verify?: Verify;
  readonly next: StepRef;
}

/** Who a notification goes to: exactly one of `role` or `party`. */
export interface Audience {
  readonly role?: string;
  readonly party?: PartyKind;
  /** A key of `templates`. */
  readonly template: string;
  readonly ack_required?: boolean;
  readonly ack_within?: IsoDuration;
  readonly when?: string;
}

export interface NotifyStep extends StepBase {
  readonly kind: 'notify';
  readonly audiences: readonly Audience[];
  readonly next: StepRef;
}

export interface Approvers {
  readonly role: string;
  /** At least 1. */
  readonly quorum: number;
}

export interface OnTimeout {
  readonly escalate_to: string;
  readonly when?: string;
  readonly note?: Bilingual;
}

export interface ApprovalStep extends StepBase {
  readonly kind: 'approval';
  readonly approvers: Approvers;
  readonly timeout?: IsoDuration;
  readonly on_timeout?: OnTimeout;
  readonly on_approve: StepRef;
  readonly on_reject: StepRef;
}

export interface WaitStep extends StepBase {
  readonly kind: 'wait';
  readonly duration: IsoDuration;
  readonly remind_every?: IsoDuration;
  readonly next: StepRef;
}

export interface ParallelStep extends StepBase {
  readonly kind: 'parallel';
  /** Step ids started together (at least two). */
  readonly branches: readonly string[];
  /** The step reached when all branches end. */
  readonly join: StepRef;
}

export interface SubplaybookStep extends StepBase {
  readonly kind: 'subplaybook';
  /** Id of another playbook. */
  readonly playbook: string;
  /** Values or `{{input}}` references passed as the sub-playbook's inputs. */
  readonly inputs?: Readonly<Record<string, string | number | boolean>>;
  readonly next: StepRef;
}

/** Exercise playbooks only: a scripted message delivered to a role. */
export interface InjectStep extends StepBase {
  readonly kind: 'inject';
  readonly to: string;
  readonly text: Bilingual;
  readonly from?: Bilingual;
  /** Duration from the exercise's start. */
  readonly at?: IsoDuration;
  readonly next: StepRef;
}

export type Step =
  | InstructionStep
  | ChecklistStep
  | DecisionStep
  | CollectEvidenceStep
  | NotifyStep
  | ApprovalStep
  | WaitStep
  | ParallelStep
  | SubplaybookStep
  | InjectStep;

/** The step interface for a given kind, e.g. `StepOfKind<'approval'>`. */
export type StepOfKind<K extends StepKind> = Extract<Step, { kind: K }>;

/** A notification text; `{{name}}` inserts an input or an incident field. */
export type Template = Bilingual;

export interface Playbook {
  readonly apiVersion: typeof PLAYBOOK_API_VERSION;
  readonly kind: 'Playbook';
  readonly metadata: PlaybookMetadata;
  /** At least one. */
  readonly roles: Readonly<Record<string, Role>>;
  readonly inputs?: Readonly<Record<string, Input>>;
  /** Id of the first step. */
  readonly start: string;
  readonly steps: readonly Step[];
  readonly templates?: Readonly<Record<string, Template>>;
  /** Update-reminder cadence per severity (keys 1-4), e.g. `{1: PT30M, 2: PT1H}`. */
  readonly cadence?: Readonly<Partial<Record<'1' | '2' | '3' | '4', IsoDuration>>>;
}

/** A playbook together with the file it came from. */
export interface LoadedPlaybook {
  readonly file: string;
  readonly playbook: Playbook;
}

/** Every step id a step may lead to (its `next`, option `next`s, approval outcomes, branches, join). */
export function successorsOf(step: Step): string[] {
  switch (step.kind) {
    case 'decision':
      return step.options.map((o) => o.next);
    case 'approval':
      return [step.on_approve, step.on_reject];
    case 'parallel':
      return [...step.branches, step.join];
    default:
      return [step.next];
  }
}
