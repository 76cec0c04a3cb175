// The parts of an OASIS CACAO 2.0 playbook (JSON) that Tsunagi writes and reads. Property names are
// the specification's; only what we use is typed, everything else is carried as `unknown`.

export interface CacaoCommand {
  readonly type: string;
  readonly command?: string;
  readonly command_b64?: string;
  readonly description?: string;
  readonly playbook_activity?: string;
  readonly [other: string]: unknown;
}

export interface CacaoVariable {
  readonly type: string;
  readonly description?: string;
  readonly value?: string | null;
  readonly constant?: boolean;
  readonly external?: boolean;
}

export interface CacaoStep {
  readonly type: string;
  readonly name?: string;
  readonly description?: string;
  readonly timeout?: number;
  readonly step_variables?: Readonly<Record<string, CacaoVariable>>;
  readonly on_completion?: string;
  readonly on_success?: string;
  readonly on_failure?: string;
  readonly step_extensions?: Readonly<Record<string, unknown>>;
  // action
  readonly commands?: readonly CacaoCommand[];
  readonly agent?: string;
  readonly targets?: readonly string[];
  // if-condition, while-condition
  readonly condition?: string;
  readonly on_true?: string;
  readonly on_false?: string;
  // switch-condition
  readonly switch?: string;
  readonly cases?: Readonly<Record<string, string>>;
  // parallel
  readonly next_steps?: readonly string[];
  // playbook-action
  readonly playbook_id?: string;
}

export interface CacaoAgentTarget {
  readonly type: string;
  readonly name: string;
  readonly description?: string;
  readonly agent_target_extensions?: Readonly<Record<string, unknown>>;
}

export interface CacaoExtensionDefinition {
  readonly type: 'extension-definition';
  readonly name: string;
  readonly description?: string;
  readonly created_by: string;
  readonly schema: string;
  readonly version: string;
}

export interface CacaoTlpMarking {
  readonly type: 'marking-tlp';
  readonly id: string;
  readonly created_by: string;
  readonly created: string;
  readonly tlpv2_level: string;
}

export interface CacaoExternalReference {
  readonly name: string;
  readonly url?: string;
  readonly description?: string;
}

export interface CacaoPlaybook {
  readonly type: 'playbook';
  readonly spec_version: 'cacao-2.0';
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly playbook_types?: readonly string[];
  readonly playbook_activities?: readonly string[];
  readonly created_by: string;
  readonly created: string;
  readonly modified: string;
  readonly severity?: number;
  readonly labels?: readonly string[];
  readonly external_references?: readonly CacaoExternalReference[];
  readonly markings?: readonly string[];
  readonly playbook_variables?: Readonly<Record<string, CacaoVariable>>;
  readonly workflow_start: string;
  readonly workflow: Readonly<Record<string, CacaoStep>>;
  readonly playbook_extensions?: Readonly<Record<string, unknown>>;
  readonly agent_definitions?: Readonly<Record<string, CacaoAgentTarget>>;
  readonly target_definitions?: Readonly<Record<string, CacaoAgentTarget>>;
  readonly extension_definitions?: Readonly<Record<string, CacaoExtensionDefinition>>;
  readonly data_marking_definitions?: Readonly<Record<string, CacaoTlpMarking | Record<string, unknown>>>;
}

/** What our extension holds at the playbook level: the playbook without its steps. */
export interface TsunagiPlaybookExtension {
  readonly api_version: string;
  readonly metadata: unknown;
  readonly roles: unknown;
  readonly inputs?: unknown;
  readonly start: string;
  readonly templates?: unknown;
  readonly cadence?: unknown;
}

/** What our extension holds on each workflow step: the step verbatim and its place in `steps`. */
export interface TsunagiStepExtension {
  readonly step: unknown;
  readonly step_index: number;
}
