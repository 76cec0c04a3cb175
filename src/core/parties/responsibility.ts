// Answers "who is responsible for this?" from the responsibility matrix, and which parties an
// incident on a set of services should involve.
import type { Directory } from './directory.js';
import { LAYERS, type Layer } from './layers.js';
import type { Assignment, Party, Person, Service } from './model.js';

export interface LayerResponsibility {
  readonly layer: Layer;
  readonly responsible: Party;
  readonly accountable: Party;
  readonly configured: boolean;
}

export interface PartyInvolvement {
  readonly party: Party;
  /** Layers of the affected services this party is responsible for. */
  readonly responsibleFor: readonly { service: Service; layer: Layer }[];
  /** Layers it is accountable for. */
  readonly accountableFor: readonly { service: Service; layer: Layer }[];
  /** The people to reach, chosen for the affected services. */
  readonly people: readonly Person[];
}

export function layerResponsibility(
  directory: Directory,
  service: Service,
  layer: Layer,
): LayerResponsibility {
  const assignment: Assignment = service.responsibility[layer];
  return {
    layer,
    responsible: directory.party(assignment.responsible)!,
    accountable: directory.party(assignment.accountable)!,
    configured: assignment.configured,
  };
}

export function responsibilityMatrix(directory: Directory, service: Service): LayerResponsibility[] {
  return LAYERS.map((layer) => layerResponsibility(directory, service, layer));
}

/**
 * The parties to involve when these services are affected, customer first, then SIers, then
 * providers, each with the layers that make them a party to the incident.
 */
export function partiesToInvolve(directory: Directory, services: readonly Service[]): PartyInvolvement[] {
  const byParty = new Map<
    string,
    {
      responsibleFor: PartyInvolvement['responsibleFor'][number][];
      accountableFor: PartyInvolvement['accountableFor'][number][];
    }
  >();
  const entry = (partyId: string) => {
    let found = byParty.get(partyId);
    if (!found) {
      found = { responsibleFor: [], accountableFor: [] };
      byParty.set(partyId, found);
    }
    return found;
  };
  entry(directory.customer.id);
  for (const service of services) {
    if (service.sierId) entry(service.sierId);
    entry(service.providerId);
    for (const layer of LAYERS) {
      const assignment = service.responsibility[layer];
      entry(assignment.responsible).responsibleFor.push({ service, layer });
      entry(assignment.accountable).accountableFor.push({ service, layer });
    }
  }
  const order = { customer: 0, sier: 1, provider: 2 } as const;
  return [...byParty.entries()]
    .map(([partyId, found]) => {
      const party = directory.party(partyId)!;
      const people = uniqueBy(
        services.length === 0
          ? directory.contactsFor(partyId)
          : services.flatMap((s) => directory.contactsFor(partyId, s.id)),
      );
      return { party, ...found, people };
    })
    .sort((a, b) => order[a.party.role] - order[b.party.role]);
}

function uniqueBy(people: readonly Person[]): Person[] {
  return [...new Map(people.map((p) => [p.id, p])).values()];
}
