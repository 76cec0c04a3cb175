// Looks up parties, people and services, and resolves what people type ("@sato", a Slack
// mention, a display name) to a person. One instance per loaded configuration.
import type { Bilingual } from '../i18n/locale.js';
import type { OrganisationConfig, Party, Person, Platform, Service } from './model.js';

export class Directory {
  private readonly partiesById: ReadonlyMap<string, Party>;
  private readonly peopleById: ReadonlyMap<string, Person>;
  private readonly servicesById: ReadonlyMap<string, Service>;
  private readonly peopleByChat: ReadonlyMap<string, Person>;
  readonly customer: Party;

  constructor(readonly config: OrganisationConfig) {
    this.partiesById = new Map(config.parties.map((p) => [p.id, p]));
    this.peopleById = new Map(config.people.map((p) => [p.id, p]));
    this.servicesById = new Map(config.services.map((s) => [s.id, s]));
    const byChat = new Map<string, Person>();
    for (const person of config.people) {
      for (const [platform, ids] of Object.entries(person.chat)) {
        for (const id of ids ?? []) byChat.set(chatKey(platform as Platform, id), person);
      }
    }
    this.peopleByChat = byChat;
    this.customer = config.parties.find((p) => p.role === 'customer')!;
  }

  get parties(): readonly Party[] {
    return this.config.parties;
  }
  get people(): readonly Person[] {
    return this.config.people;
  }
  get services(): readonly Service[] {
    return this.config.services;
  }

  party(id: string): Party | undefined {
    return this.partiesById.get(id);
  }
  person(id: string): Person | undefined {
    return this.peopleById.get(id);
  }
  service(id: string): Service | undefined {
    return this.servicesById.get(id);
  }

  partyOf(person: Person): Party {
    return this.partiesById.get(person.partyId)!;
  }

  isCustomer(person: Person): boolean {
    return person.partyId === this.customer.id;
  }

  /** The person behind a platform identity (a Slack user id, a Teams AAD id, a console name). */
  personByChat(platform: Platform, identity: string): Person | undefined {
    return this.peopleByChat.get(chatKey(platform, identity));
  }

  /**
   * Resolves what someone typed to name a person: their id, "@id", a chat identity on the current
   * platform, or their full name in either language.
   */
  resolvePerson(token: string, platform: Platform): Person | undefined {
    const text = token.normalize('NFKC').trim().replace(/^@/, '');
    const lower = text.toLowerCase();
    return (
      this.peopleById.get(lower) ??
      this.peopleByChat.get(chatKey(platform, text)) ??
      this.config.people.find((p) => sameName(p.name, text))
    );
  }

  /** People of a party who look after a service (all of the party's people when none is named). */
  contactsFor(partyId: string, serviceId?: string): readonly Person[] {
    const members = this.config.people.filter((p) => p.partyId === partyId);
    if (!serviceId) return members;
    const dedicated = members.filter((p) => p.services.includes(serviceId));
    return dedicated.length > 0 ? dedicated : members;
  }
}

function chatKey(platform: Platform, identity: string): string {
  return `${platform}:${identity}`;
}

function sameName(name: Bilingual, text: string): boolean {
  const squash = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const wanted = squash(text);
  return wanted !== '' && (squash(name.ja) === wanted || squash(name.en) === wanted);
}
