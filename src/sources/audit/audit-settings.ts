// tsunagi.yaml `alerts.sources` as the audit poller uses it: each source's kind, interval and lag in
// milliseconds, and what it reads (CloudTrail accounts and regions, Workspace applications). The
// schema (config-schema.ts) has already checked the durations and which fields go with which kind.
import type { Bilingual } from '../../core/i18n/locale.js';
import type { RawAuditSource } from '../../core/parties/config-schema.js';
import { parseDuration } from '../../core/text/duration.js';
import type { AuditSource } from '../rules/rule.js';
import type { CloudTrailAccount } from './fetch/cloudtrail-lookup.js';

/** The Workspace applications read when tsunagi.yaml names none. */
export const DEFAULT_REPORTS_APPLICATIONS = ['admin', 'login', 'token'] as const;
/** Reports data can arrive hours late; a sweep asks again this far back. */
export const DEFAULT_REPORTS_LAG_MS = 3 * 3_600_000;

export interface AuditSourceSettings {
  readonly id: string;
  readonly kind: AuditSource;
  readonly name: Bilingual;
  readonly every: string;
  readonly everyMs: number;
  /** cloudtrail: one stream per account and region. */
  readonly accounts: readonly CloudTrailAccount[];
  /** google-reports: the Reports applications (admin, login, token, …). */
  readonly applications: readonly string[];
  /** How late events may arrive: each sweep asks again this far back (google-reports: 3 h; others 0). */
  readonly lagMs: number;
  readonly enabled: boolean;
}

export function auditSourceSettings(raw: readonly RawAuditSource[]): AuditSourceSettings[] {
  return raw.map((source) => ({
    id: source.id,
    kind: source.kind,
    name:
      typeof source.name === 'string'
        ? { ja: source.name, en: source.name }
        : (source.name ?? { ja: source.id, en: source.id }),
    every: source.every,
    everyMs: parseDuration(source.every) ?? 300_000,
    accounts: (source.accounts ?? []).map((a) => ({
      account: a.account,
      region: a.region,
      ...(a.profile !== undefined && { profile: a.profile }),
    })),
    applications: source.applications ?? [...DEFAULT_REPORTS_APPLICATIONS],
    lagMs:
      source.lag === undefined
        ? source.kind === 'google-reports'
          ? DEFAULT_REPORTS_LAG_MS
          : 0
        : (parseDuration(source.lag) ?? DEFAULT_REPORTS_LAG_MS),
    enabled: source.enabled,
  }));
}
