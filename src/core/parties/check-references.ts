// Checks what a schema cannot: that every name used in tsunagi.yaml refers to something defined,
// with the right role (a service's provider must be a provider party, and so on).
import type { Bilingual } from '../i18n/locale.js';
import { assertTimeZone } from '../text/datetime.js';
import { suggest } from '../text/suggest.js';
import { checkNoticeSources } from './check-notice-sources.js';
import { PARTY_ROLE_LABELS } from './party-roles.js';
import type { RawConfig, PartyRole } from './config-schema.js';

export interface ReferenceProblem {
  readonly path: (string | number)[];
  readonly message: Bilingual;
}

/** "利用者（customer）": the label with the value to write in tsunagi.yaml. */
const roleName = (role: PartyRole): Bilingual => ({
  ja: `${PARTY_ROLE_LABELS[role].ja}（${role}）`,
  en: PARTY_ROLE_LABELS[role].en === role ? role : `${PARTY_ROLE_LABELS[role].en} (${role})`,
});

export function checkReferences(config: RawConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const parties = new Map(config.parties.map((p) => [p.id, p]));
  const people = new Map(config.people.map((p) => [p.id, p]));
  const services = new Set(config.services.map((s) => s.id));

  checkUnique(problems, 'parties', config.parties);
  checkUnique(problems, 'people', config.people);
  checkUnique(problems, 'services', config.services);

  const customers = config.parties.filter((p) => p.role === 'customer');
  if (customers.length !== 1) {
    problems.push({
      path: ['parties'],
      message: {
        ja: `role: customer の組織はちょうど1つ必要です（現在 ${customers.length} 件）。システムを所管する利用者組織を1つ定義してください。`,
        en: `exactly one party must have role: customer (found ${customers.length}); define the organisation that owns the system.`,
      },
    });
  }

  try {
    assertTimeZone(config.organisation.timezone);
  } catch {
    problems.push({
      path: ['organisation', 'timezone'],
      message: {
        ja: `タイムゾーン「${config.organisation.timezone}」は不明です（例: Asia/Tokyo）`,
        en: `unknown time zone "${config.organisation.timezone}" (for example: Asia/Tokyo)`,
      },
    });
  }

  const refParty = (path: (string | number)[], id: string, role?: PartyRole): void => {
    const party = parties.get(id);
    if (!party) {
      problems.push({ path, message: unknownName('party', id, parties.keys()) });
    } else if (role && party.role !== role) {
      problems.push({
        path,
        message: {
          ja: `「${id}」は${roleName(party.role).ja}です。ここには${roleName(role).ja}の組織を指定してください。`,
          en: `"${id}" is a ${roleName(party.role).en} party; a ${roleName(role).en} party is required here.`,
        },
      });
    }
  };

  const chatOwners = new Map<string, string>();
  config.people.forEach((person, i) => {
    refParty(['people', i, 'party'], person.party);
    person.services.forEach((service, j) => {
      if (!services.has(service)) {
        problems.push({
          path: ['people', i, 'services', j],
          message: unknownName('service', service, services),
        });
      }
    });
    for (const [platform, value] of Object.entries(person.chat)) {
      const identities = Array.isArray(value) ? value : [value];
      for (const identity of identities) {
        const key = `${platform}:${identity}`;
        const owner = chatOwners.get(key);
        if (owner) {
          problems.push({
            path: ['people', i, 'chat', platform],
            message: {
              ja: `${platform} のID「${identity}」は ${owner} にも割り当てられています。1人に1つにしてください。`,
              en: `${platform} identity "${identity}" is also given to ${owner}; each identity belongs to one person.`,
            },
          });
        }
        chatOwners.set(key, person.id);
      }
    }
  });

  config.services.forEach((service, i) => {
    refParty(['services', i, 'provider'], service.provider, 'provider');
    if (service.sier) refParty(['services', i, 'sier'], service.sier, 'sier');
    if (service.owner) {
      const owner = people.get(service.owner);
      if (!owner) {
        problems.push({
          path: ['services', i, 'owner'],
          message: unknownName('person', service.owner, people.keys()),
        });
      } else if (parties.get(owner.party)?.role !== 'customer') {
        problems.push({
          path: ['services', i, 'owner'],
          message: {
            ja: `システム所管者「${service.owner}」は利用者（customer）組織の人である必要があります。`,
            en: `the owner "${service.owner}" must belong to the customer party.`,
          },
        });
      }
    }
    for (const [layer, assignment] of Object.entries(service.responsibility)) {
      refParty(['services', i, 'responsibility', layer, 'responsible'], assignment.responsible);
      refParty(['services', i, 'responsibility', layer, 'accountable'], assignment.accountable);
    }
  });

  config.alerts?.routes.forEach((route, i) => {
    route.responsible?.forEach((id, j) => refParty(['alerts', 'routes', i, 'responsible', j], id));
  });

  problems.push(...checkNoticeSources(config));
  return problems;
}

function checkUnique(problems: ReferenceProblem[], kind: string, items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) {
      problems.push({
        path: [kind, i, 'id'],
        message: { ja: `ID「${item.id}」が重複しています`, en: `duplicate id "${item.id}"` },
      });
    }
    seen.add(item.id);
  });
}

const KIND_NAMES: Record<string, Bilingual> = {
  party: { ja: '組織', en: 'party' },
  person: { ja: '人', en: 'person' },
  service: { ja: 'サービス', en: 'service' },
};

function unknownName(kind: 'party' | 'person' | 'service', id: string, known: Iterable<string>): Bilingual {
  const names = [...known];
  const hint = suggest(id, names);
  const k = KIND_NAMES[kind]!;
  return {
    ja: `${k.ja}「${id}」は定義されていません。${hint ? `「${hint}」の誤りではありませんか。` : ''}定義済み: ${names.join(', ') || 'なし'}`,
    en: `${k.en} "${id}" is not defined.${hint ? ` Did you mean "${hint}"?` : ''} Defined: ${names.join(', ') || 'none'}`,
  };
}
