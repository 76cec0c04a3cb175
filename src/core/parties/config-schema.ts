// The shape of tsunagi.yaml: parties, people, services and the responsibility matrix.
// Field names follow YAML convention (snake_case); cross-references are checked separately
// in validate-references.ts so that every problem can point at its line.
import { z } from 'zod';
import { NOTICE_PROVIDERS, NOTICE_SOURCE_KINDS } from '../../sources/feeds/notice.js';
import { AUDIT_SOURCES, RULE_SEVERITIES } from '../../sources/rules/rule.js';
import { parseDuration } from '../text/duration.js';
import { LAYERS } from './layers.js';

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'use lower-case letters, digits, "-" and "_" (for example: portal, city-ops)',
  );

/** A proper noun may be one string; anything else is written in both languages. */
export const bilingualSchema = z.union([
  z.string().min(1),
  z.object({ ja: z.string().min(1), en: z.string().min(1) }).strict(),
]);

export const contactSchema = z
  .object({
    kind: z.enum(['phone', 'email', 'url', 'chat', 'other']),
    value: z.string().min(1),
    label: bilingualSchema.optional(),
    /** Works when chat (Slack/Teams) is down: phone, personal e-mail, a support portal. */
    out_of_band: z.boolean().default(false),
  })
  .strict();

export const partyRoleSchema = z.enum(['customer', 'sier', 'provider']);

const partySchema = z
  .object({
    id,
    role: partyRoleSchema,
    name: bilingualSchema,
    /** Used in tables and next to people's names ("佐藤 花子（つばき市）"); defaults to name. */
    short_name: bilingualSchema.optional(),
    contacts: z.array(contactSchema).default([]),
  })
  .strict();

const chatIdentitiesSchema = z
  .object({
    slack: z.union([z.string(), z.array(z.string())]).optional(),
    teams: z.union([z.string(), z.array(z.string())]).optional(),
    console: z.string().optional(),
  })
  .strict();

const personSchema = z
  .object({
    id,
    name: bilingualSchema,
    party: id,
    title: bilingualSchema.optional(),
    locale: z.enum(['ja', 'en']).optional(),
    /** Among the customer's people, those who carry final responsibility and may close incidents. */
    accountable: z.boolean().default(false),
    services: z.array(id).default([]),
    chat: chatIdentitiesSchema.default({}),
    contacts: z.array(contactSchema).default([]),
  })
  .strict();

const assignmentSchema = z
  .object({
    responsible: id,
    accountable: id,
  })
  .strict();

const responsibilitySchema = z.partialRecord(z.enum(LAYERS), assignmentSchema);

const serviceSchema = z
  .object({
    id,
    name: bilingualSchema,
    model: z.enum(['IaaS', 'PaaS', 'SaaS']),
    provider: id,
    sier: id.optional(),
    owner: id.optional(),
    description: bilingualSchema.optional(),
    /** Product names as providers write them, used later to match change notices. */
    products: z.array(z.string()).default([]),
    /** AWS account ids, Google customer ids or Microsoft tenant ids whose audit logs concern it (alerts). */
    audit_accounts: z.array(z.string().min(1)).default([]),
    responsibility: responsibilitySchema.default({}),
  })
  .strict();

const channelTargetsSchema = z
  .object({
    slack: z.string().optional(),
    teams: z.string().optional(),
    console: z.string().optional(),
  })
  .strict();

/**
 * One provider notice source to poll. Which fields a kind needs (url for feeds, the form of
 * `every`, unique ids) is checked in check-notice-sources.ts so each problem can name its line.
 */
const noticeSourceSchema = z
  .object({
    id,
    kind: z.enum(NOTICE_SOURCE_KINDS),
    /** Shown in /notices sources; defaults to the id. */
    name: bilingualSchema.optional(),
    url: z.string().min(1).optional(),
    /** ISO 8601 duration (PT15M), at least one minute. */
    every: z.string().min(1).default('PT15M'),
    provider: z.enum(NOTICE_PROVIDERS).optional(),
    product: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

const noticesSchema = z
  .object({
    /** Time zone of the digest and of dates on notices; defaults to organisation.timezone. */
    timezone: z.string().optional(),
    digest: z
      .object({
        /** Local time of day, HH:MM (24-hour). */
        at: z.string().default('09:00'),
        channels: channelTargetsSchema.default({}),
      })
      .strict()
      .optional(),
    sources: z.array(noticeSourceSchema).default([]),
  })
  .strict();

/** One alert route: the first whose filters all match an alert's rule and severity decides its channels. */
const alertRouteSchema = z
  .object({
    /** Rule ids or globs (`cis-aws-*`). */
    rules: z.array(z.string().min(1)).optional(),
    severity_at_least: z.enum(RULE_SEVERITIES).optional(),
    /** Party ids: alerts about a service (by `audit_accounts`) whose accounts layer one of them is responsible for. */
    responsible: z.array(id).optional(),
    channels: channelTargetsSchema,
  })
  .strict();

/**
 * One audit-log source to poll (issue 7, src/sources/audit/). `every` and `lag` are ISO 8601
 * durations; `accounts` is for cloudtrail, `applications` for google-reports; `lag` (how late events
 * may arrive; default 3 h for google-reports, none for the others) for any.
 */
const auditSourceSchema = z
  .object({
    id,
    kind: z.enum(AUDIT_SOURCES),
    name: bilingualSchema.optional(),
    every: z.string().min(1).default('PT5M'),
    accounts: z
      .array(
        z
          .object({
            account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'),
            region: z.string().min(1),
            profile: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    applications: z.array(z.string().min(1)).min(1).optional(),
    lag: z.string().min(1).optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((source, context) => {
    if (source.kind === 'cloudtrail' && source.accounts === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['accounts'],
        message: 'cloudtrail needs accounts: [{account, region}]',
      });
    }
    if (source.kind !== 'cloudtrail' && source.accounts !== undefined) {
      context.addIssue({ code: 'custom', path: ['accounts'], message: 'accounts is only for cloudtrail' });
    }
    if (source.kind !== 'google-reports' && source.applications !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['applications'],
        message: 'applications is only for google-reports',
      });
    }
    for (const field of ['every', 'lag'] as const) {
      const value = source[field];
      const ms = value === undefined ? 60_000 : parseDuration(value);
      if (ms === undefined || ms < 60_000) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'an ISO 8601 duration of at least one minute (PT5M)',
        });
      }
    }
  });

/** Audit-log alerts: where they are posted, how bursts are grouped, extra Sigma rules. */
const alertsSchema = z
  .object({
    /** Where alerts go when no route matches (platform → channel). */
    channel: channelTargetsSchema.optional(),
    routes: z.array(alertRouteSchema).default([]),
    /** Same rule and principal within this window become one alert with a count (30m, PT10M). */
    group_window: z.string().min(1).default('PT10M'),
    /** A folder of extra Sigma rules, besides the shipped rules/sigma. */
    sigma_dir: z.string().min(1).optional(),
    /** The audit logs to poll; ids unique. */
    sources: z
      .array(auditSourceSchema)
      .default([])
      .refine(
        (list) => new Set(list.map((s) => s.id)).size === list.length,
        'audit source ids must be unique',
      ),
  })
  .strict();

export const configSchema = z
  .object({
    organisation: z
      .object({
        name: bilingualSchema,
        timezone: z.string().default('Asia/Tokyo'),
      })
      .strict(),
    parties: z.array(partySchema).min(1),
    people: z.array(personSchema).default([]),
    services: z.array(serviceSchema).default([]),
    channels: z.record(id, channelTargetsSchema).default({}),
    notices: noticesSchema.default({ sources: [] }),
    alerts: alertsSchema.optional(),
  })
  .strict();

export type RawConfig = z.infer<typeof configSchema>;
export type RawContact = z.infer<typeof contactSchema>;
export type RawAlerts = z.infer<typeof alertsSchema>;
export type RawAuditSource = z.infer<typeof auditSourceSchema>;
export type RawNoticeSource = z.infer<typeof noticeSourceSchema>;
export type PartyRole = z.infer<typeof partyRoleSchema>;
