// One shape for every provider change notice, whatever its source (RSS, Atom, AWS Health, Microsoft
// 365 Message Center and service health). Parsers normalise into it; the pipeline deduplicates,
// matches, tags and routes on it alone. A stored format: add fields, never change or remove them.

/** Who published the notice. */
export const NOTICE_PROVIDERS = [
  'aws',
  'google-cloud',
  'google-workspace',
  'azure',
  'microsoft-365',
  'other',
] as const;
export type NoticeProvider = (typeof NOTICE_PROVIDERS)[number];

/** How urgent the source says it is (normalised from each source's own scale). */
export const NOTICE_SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
export type NoticeSeverity = (typeof NOTICE_SEVERITIES)[number];

/**
 * What kind of change it is, the things the guidance asks operators to act on (seed 000 §3/§6:
 * review settings when defaults change; 001 III.3.2: agree on a response with the SIer).
 */
export const NOTICE_TAGS = ['major', 'default-change', 'retirement', 'security'] as const;
export type NoticeTag = (typeof NOTICE_TAGS)[number];

export interface Notice {
  /** Stable across polls and restarts, prefixed by the source kind (`m365:MC123456`, `gcp:<entry>#2`). */
  readonly id: string;
  readonly provider: NoticeProvider;
  /** Product or service names as the source gives them (matched to tsunagi.yaml `services[].products`). */
  readonly products: readonly string[];
  readonly title: string;
  /** ISO 8601. */
  readonly published: string;
  /** ISO 8601; absent when the source has no separate update time. */
  readonly updated?: string;
  readonly url?: string;
  /** The source's own category term (`planForChange`, `scheduledChange`, `Deprecated`, …). */
  readonly category?: string;
  readonly severity: NoticeSeverity;
  /** ISO 8601 date or time by which the customer must act, when the source states one. */
  readonly actionRequiredBy?: string;
  /** Safe plain text: no markup, no control characters, bounded length. */
  readonly body: string;
  readonly tags: readonly NoticeTag[];
}

/** The kinds of source a notice can come from (tsunagi.yaml `sources.notices[].kind`, `tsunagi feeds parse --kind`). */
export const NOTICE_SOURCE_KINDS = [
  'rss',
  'atom',
  'aws-whats-new',
  'aws-health',
  'gcp-release-notes',
  'workspace-updates',
  'azure-updates',
  'm365-messages',
  'm365-issues',
] as const;
export type NoticeSourceKind = (typeof NOTICE_SOURCE_KINDS)[number];
