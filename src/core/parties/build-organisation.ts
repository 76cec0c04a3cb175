// Turns validated configuration into the domain model, filling each service's responsibility
// matrix with the model's defaults wherever tsunagi.yaml is silent.
import { auditSourceSettings } from '../../sources/audit/audit-settings.js';
import type { Bilingual } from '../i18n/locale.js';
import { pollInterval } from './check-notice-sources.js';
import type { RawConfig, RawContact, RawNoticeSource } from './config-schema.js';
import { defaultAssignment } from './default-responsibility.js';
import { LAYERS, type Layer } from './layers.js';
import type {
  Assignment,
  Contact,
  NoticeSettings,
  NoticeSourceSettings,
  OrganisationConfig,
  Person,
  Service,
} from './model.js';

function bilingual(value: string | Bilingual): Bilingual {
  return typeof value === 'string' ? { ja: value, en: value } : value;
}

function contact(raw: RawContact): Contact {
  return {
    kind: raw.kind,
    value: raw.value,
    outOfBand: raw.out_of_band,
    ...(raw.label ? { label: bilingual(raw.label) } : {}),
  };
}

function list(value: string | string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function buildOrganisation(raw: RawConfig, source: OrganisationConfig['source']): OrganisationConfig {
  const customer = raw.parties.find((p) => p.role === 'customer')!.id;
  const people: Person[] = raw.people.map((p) => ({
    id: p.id,
    name: bilingual(p.name),
    partyId: p.party,
    accountable: p.accountable,
    services: p.services,
    chat: {
      slack: list(p.chat.slack),
      teams: list(p.chat.teams),
      console: [p.chat.console ?? p.id],
    },
    contacts: p.contacts.map(contact),
    ...(p.title ? { title: bilingual(p.title) } : {}),
    ...(p.locale ? { locale: p.locale } : {}),
  }));

  const services: Service[] = raw.services.map((s) => {
    const responsibility = Object.fromEntries(
      LAYERS.map((layer): [Layer, Assignment] => {
        const configured = s.responsibility[layer];
        if (configured) return [layer, { ...configured, configured: true }];
        const assignment = defaultAssignment(s.model, layer, {
          customer,
          provider: s.provider,
          ...(s.sier ? { sier: s.sier } : {}),
        });
        return [layer, { ...assignment, configured: false }];
      }),
    ) as Record<Layer, Assignment>;
    return {
      id: s.id,
      name: bilingual(s.name),
      model: s.model,
      providerId: s.provider,
      products: s.products,
      ...(s.audit_accounts.length > 0 ? { auditAccounts: s.audit_accounts } : {}),
      responsibility,
      ...(s.sier ? { sierId: s.sier } : {}),
      ...(s.owner ? { ownerId: s.owner } : {}),
      ...(s.description ? { description: bilingual(s.description) } : {}),
    };
  });

  return {
    organisation: {
      name: bilingual(raw.organisation.name),
      timeZone: raw.organisation.timezone,
    },
    parties: raw.parties.map((p) => ({
      id: p.id,
      role: p.role,
      name: bilingual(p.name),
      shortName: bilingual(p.short_name ?? p.name),
      contacts: p.contacts.map(contact),
    })),
    people,
    services,
    channels: raw.channels,
    notices: notices(raw),
    ...(raw.alerts
      ? {
          alerts: {
            ...(raw.alerts.channel ? { channel: raw.alerts.channel } : {}),
            routes: raw.alerts.routes.map((r) => ({
              ...(r.rules ? { rules: r.rules } : {}),
              ...(r.severity_at_least ? { severityAtLeast: r.severity_at_least } : {}),
              ...(r.responsible ? { responsible: r.responsible } : {}),
              channels: r.channels,
            })),
            groupWindow: raw.alerts.group_window,
            ...(raw.alerts.sigma_dir ? { sigmaDir: raw.alerts.sigma_dir } : {}),
            sources: auditSourceSettings(raw.alerts.sources),
          },
        }
      : {}),
    source,
  };
}

function notices(raw: RawConfig): NoticeSettings {
  const { digest } = raw.notices;
  return {
    timeZone: raw.notices.timezone ?? raw.organisation.timezone,
    ...(digest ? { digest: { at: digest.at, channels: digest.channels } } : {}),
    sources: raw.notices.sources.map(noticeSource),
  };
}

function noticeSource(s: RawNoticeSource): NoticeSourceSettings {
  // Checked before building (check-notice-sources.ts), so the interval is a number here.
  const everyMs = pollInterval(s.every) as number;
  return {
    id: s.id,
    kind: s.kind,
    name: bilingual(s.name ?? s.id),
    every: s.every,
    everyMs,
    enabled: s.enabled,
    ...(s.url ? { url: s.url } : {}),
    ...(s.provider ? { provider: s.provider } : {}),
    ...(s.product ? { product: s.product } : {}),
    ...(s.region ? { region: s.region } : {}),
  };
}
