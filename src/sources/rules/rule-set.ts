// The rules in force: the built-in ones (CIS AWS 4.x, Workspace, Entra) plus, optionally, the Sigma
// rules of a folder. Rules are indexed by audit source so a record is only run through the rules
// written for its source, and rules with an index (CompiledRule.index) only for the records whose
// field names one of their values; evaluation returns the rules that matched and never throws.
import { cisAwsRules } from './builtin/cis-aws.js';
import { entraRules } from './builtin/entra.js';
import { workspaceRules, type WorkspaceRuleOptions } from './builtin/workspace.js';
import { loadSigmaRules } from './sigma/load-sigma.js';
import { indexKey } from './sigma/rule-index.js';
import type { AuditSource, CompiledRule, RuleProblem } from './rule.js';
import { AUDIT_SOURCES } from './rule.js';

export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Rules that could not be compiled, each reported once and skipped. */
  readonly problems: readonly RuleProblem[];
  forSource(source: AuditSource): readonly CompiledRule[];
  /** The rules `record` (a raw record of `source`) matches, in rule order. */
  evaluate(source: AuditSource, record: unknown): CompiledRule[];
}

/** Loads a folder of Sigma rules (default: the Sigma engine's `loadSigmaRules`); throws UserInputError for a folder it cannot read. */
export type SigmaLoader = (dir: string) => { rules: CompiledRule[]; problems: RuleProblem[] };

export interface RuleSetOptions {
  readonly builtin: boolean;
  readonly sigmaDir?: string;
  /** State and configuration for the stateful Workspace rule (super admin from a new place). */
  readonly workspace?: WorkspaceRuleOptions;
  /** Overrides the Sigma loader (tests); by default the Sigma engine's own. */
  readonly loadSigma?: SigmaLoader;
}

export function builtinRules(workspace?: WorkspaceRuleOptions): CompiledRule[] {
  return [...cisAwsRules(), ...workspaceRules(workspace), ...entraRules()];
}

export function loadRuleSet(options: RuleSetOptions): RuleSet {
  const rules: CompiledRule[] = options.builtin ? builtinRules(options.workspace) : [];
  const problems: RuleProblem[] = [];
  if (options.sigmaDir !== undefined) {
    const loader = options.loadSigma ?? loadSigmaRules;
    const loaded = loader(options.sigmaDir);
    rules.push(...loaded.rules);
    problems.push(...loaded.problems);
  }
  return buildRuleSet(rules, problems);
}

export function buildRuleSet(rules: readonly CompiledRule[], problems: readonly RuleProblem[] = []): RuleSet {
  const bySource = new Map<AuditSource, CompiledRule[]>(AUDIT_SOURCES.map((source) => [source, []]));
  for (const rule of rules) for (const source of new Set(rule.sources)) bySource.get(source)?.push(rule);
  const plans = new Map<AuditSource, SourcePlan>(
    [...bySource].map(([source, sourceRules]) => [source, planFor(sourceRules)]),
  );
  return {
    rules,
    problems,
    forSource: (source) => bySource.get(source) ?? [],
    evaluate(source, record) {
      const plan = plans.get(source);
      if (!plan) return [];
      const matched: CompiledRule[] = [];
      for (const rule of plan.always) if (safeMatch(rule, record)) matched.push(rule);
      for (const { field, byValue, all } of plan.indexed) {
        const key = indexKey(record, field);
        const candidates = key === undefined ? all : key === null ? undefined : byValue.get(key);
        for (const rule of candidates ?? []) if (safeMatch(rule, record)) matched.push(rule);
      }
      if (matched.length > 1) matched.sort((a, b) => plan.order.get(a)! - plan.order.get(b)!);
      return matched;
    },
  };
}

/**
 * How one source's rules are run: those without an index on every record; those with one (see
 * CompiledRule.index) only when the record's field names one of their values.
 */
interface SourcePlan {
  readonly always: CompiledRule[];
  readonly indexed: { field: string; byValue: Map<string, CompiledRule[]>; all: CompiledRule[] }[];
  readonly order: Map<CompiledRule, number>;
}

function planFor(rules: readonly CompiledRule[]): SourcePlan {
  const always: CompiledRule[] = [];
  const indexed = new Map<
    string,
    { field: string; byValue: Map<string, CompiledRule[]>; all: CompiledRule[] }
  >();
  for (const rule of rules) {
    if (!rule.index) {
      always.push(rule);
      continue;
    }
    const entry = indexed.get(rule.index.field) ?? {
      field: rule.index.field,
      byValue: new Map<string, CompiledRule[]>(),
      all: [] as CompiledRule[],
    };
    indexed.set(rule.index.field, entry);
    entry.all.push(rule);
    for (const value of rule.index.values) {
      const bucket = entry.byValue.get(value) ?? [];
      entry.byValue.set(value, bucket);
      bucket.push(rule);
    }
  }
  return { always, indexed: [...indexed.values()], order: new Map(rules.map((rule, i) => [rule, i])) };
}

/** A rule from outside (a Sigma file) that throws anyway is treated as not matching. */
function safeMatch(rule: CompiledRule, record: unknown): boolean {
  try {
    return rule.matches(record);
  } catch {
    // The contract says matchers never throw; one that does must not stop the other rules.
    return false;
  }
}
