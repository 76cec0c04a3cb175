// The organisation as Tsunagi understands it: parties (customer, SIer, providers), their people,
// the services they share and who carries which layer of each service.
import type { NoticeProvider, NoticeSourceKind } from '../../sources/feeds/notice.js';
import type { Bilingual, Locale } from '../i18n/locale.js';
import type { Layer } from './layers.js';
import type { PartyRole } from './config-schema.js';
import type { AuditSourceSettings } from '../../sources/audit/audit-settings.js';

export type { PartyRole };
export type ServiceModel = 'IaaS' | 'PaaS' | 'SaaS';
export type Platform = 'console' | 'slack' | 'teams';

export interface Contact {
  readonly kind: 'phone' | 'email' | 'url' | 'chat' | 'other';
  readonly value: string;
  readonly label?: Bilingual;
  readonly outOfBand: boolean;
}

export interface Party {
  readonly id: string;
  readonly role: PartyRole;
  readonly name: Bilingual;
  /** For tables and people's labels; the name when none is configured. */
  readonly shortName: Bilingual;
  readonly contacts: readonly Contact[];
}

export interface Person {
  readonly id: string;
  readonly name: Bilingual;
  readonly partyId: string;
  readonly title?: Bilingual;
  readonly locale?: Locale;
  readonly accountable: boolean;
  readonly services: readonly string[];
  readonly chat: Readonly<Partial<Record<Platform, readonly string[]>>>;
  readonly contacts: readonly Contact[];
}

export interface Assignment {
  readonly responsible: string;
  readonly accountable: string;
  /** True when written in tsunagi.yaml, false when derived from the service model's defaults. */
  readonly configured: boolean;
}

export interface Service {
  readonly id: string;
  readonly name: Bilingual;
  readonly model: ServiceModel;
  readonly providerId: string;
  readonly sierId?: string;
  readonly ownerId?: string;
  readonly description?: Bilingual;
  readonly products: readonly string[];
  /** Accounts (AWS account, Google customer, Microsoft tenant ids) whose audit logs concern it. */
  readonly auditAccounts?: readonly string[];
  readonly responsibility: Readonly<Record<Layer, Assignment>>;
}

export interface OrganisationSettings {
  readonly name: Bilingual;
  readonly timeZone: string;
}

export interface ChannelTargets {
  readonly slack?: string;
  readonly teams?: string;
  readonly console?: string;
}

/** One provider notice source to poll (tsunagi.yaml `notices.sources`). */
export interface NoticeSourceSettings {
  /** Unique; what `/notices subscribe` names. */
  readonly id: string;
  readonly kind: NoticeSourceKind;
  readonly name: Bilingual;
  /** The feed's URL (feed kinds only). */
  readonly url?: string;
  /** The polling interval as written (ISO 8601) and in milliseconds. */
  readonly every: string;
  readonly everyMs: number;
  /** Who publishes a generic RSS/Atom feed. */
  readonly provider?: NoticeProvider;
  /** The product a per-product feed is about (Google Cloud release notes). */
  readonly product?: string;
  /** The AWS Region to ask (aws-health). */
  readonly region?: string;
  /** False: listed but not polled. */
  readonly enabled: boolean;
}

/** Provider change notices: where they come from and when the daily digest goes out. */
export interface NoticeSettings {
  /** The digest's time zone; organisation.timezone unless set. */
  readonly timeZone: string;
  /** Absent: no daily digest. */
  readonly digest?: { readonly at: string; readonly channels: ChannelTargets };
  readonly sources: readonly NoticeSourceSettings[];
}

/** One route of tsunagi.yaml `alerts.routes`: first match wins. */
export interface AlertRoute {
  /** Rule ids or globs (`cis-aws-*`); absent: any rule. */
  readonly rules?: readonly string[];
  readonly severityAtLeast?: 'low' | 'medium' | 'high' | 'critical';
  /** Party ids responsible for the accounts layer of the alert's service; absent: any. */
  readonly responsible?: readonly string[];
  readonly channels: ChannelTargets;
}

/** Audit-log alerts (tsunagi.yaml `alerts`): routing, grouping window, extra Sigma rules. */
export interface AlertSettings {
  readonly channel?: ChannelTargets;
  readonly routes: readonly AlertRoute[];
  /** ISO 8601 or 30m/2h as written; parsed by the alert service (default 10 minutes). */
  readonly groupWindow: string;
  readonly sigmaDir?: string;
  /** The audit logs to poll (`alerts.sources`), in configuration order. */
  readonly sources?: readonly AuditSourceSettings[];
}

export interface OrganisationConfig {
  readonly organisation: OrganisationSettings;
  readonly parties: readonly Party[];
  readonly people: readonly Person[];
  readonly services: readonly Service[];
  readonly channels: Readonly<Record<string, ChannelTargets>>;
  readonly notices: NoticeSettings;
  /** Absent when tsunagi.yaml has no `alerts` section. */
  readonly alerts?: AlertSettings;
  /** The file it was read from, and whether that was the shipped example. */
  readonly source: { readonly file: string; readonly isExample: boolean };
}
