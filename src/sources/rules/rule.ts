// What every detection rule compiles to, whether built in (CIS AWS Foundations 4.x, the SaaS
// controls of the seeds) or loaded from Sigma YAML: a matcher over one raw audit record as its
// source delivered it (a CloudTrail record, a Google Reports activity, a Graph directoryAudit /
// signIn / alert). Matchers are built once and never throw: a strange record simply does not match.
import type { Bilingual } from '../../core/i18n/locale.js';

/** The audit sources whose raw records rules read (`tsunagi audit replay --source`). */
export const AUDIT_SOURCES = [
  'cloudtrail',
  'google-reports',
  'graph-directory-audits',
  'graph-signins',
  'graph-alerts',
] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

export const RULE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

export interface RuleReference {
  /** e.g. "CIS Amazon Web Services Foundations Benchmark v1.5.0, 4.3" or a Sigma rule's references. */
  readonly title: string;
  readonly url?: string;
}

export interface CompiledRule {
  /** `cis-aws-4.1` … `cis-aws-4.15`, `workspace-…`, `entra-…`, `sigma-<uuid>`. */
  readonly id: string;
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly severity: RuleSeverity;
  readonly sources: readonly AuditSource[];
  readonly references: readonly RuleReference[];
  /** Where it came from: built in, or a Sigma file (with its author, kept as the licence asks). */
  readonly origin:
    | { readonly kind: 'builtin' }
    | { readonly kind: 'sigma'; readonly file: string; readonly author?: string };
  /** A playbook to suggest when an alert of this rule becomes an incident. */
  readonly playbook?: string;
  /**
   * Optional pre-filter for an engine that indexes rules. A record cannot match this rule when its
   * top-level `field` is absent, null, or a string, number or boolean whose lowercased text is not
   * one of `values`; only a record whose `field` is an object or array must still be evaluated.
   * Sigma CloudTrail rules set it on `eventName` when their condition requires one of a list of names.
   */
  readonly index?: { readonly field: string; readonly values: ReadonlySet<string> };
  /** True when the record matches; never throws. */
  matches(record: unknown): boolean;
}

/** A rule that could not be compiled, reported and skipped (never half-applied). */
export interface RuleProblem {
  readonly file: string;
  readonly rule?: string;
  /** 1-based position in the file of what is wrong, when known (Sigma YAML). */
  readonly line?: number;
  readonly column?: number;
  readonly message: Bilingual;
}
