// Where a playbook effect may be shown, so that each party reads only what is addressed to it.
// A room that is not shared is read by the customer organisation only; a shared one (Slack Connect,
// a Teams shared channel) by everyone on the incident. So:
// - an effect without an addressee (a run finished) goes to every room;
// - one addressed to the customer (or a customer role) goes into the rooms that are not shared, and
//   where a room is shared (or there is no room), to its recipients by direct message instead;
// - one addressed to an SIer or a provider (or one of their roles) always goes to its recipients by
//   direct message, so an SIer never reads what is addressed to the provider; it is also posted in
//   the rooms that are not shared, because the customer keeps final responsibility and may read
//   everything (the commander follows the SIer's steps where the customer works).
// Pure decisions over plain data; the delivery itself is in effect-delivery.ts.
import type { Incident } from '../incidents/model.js';
import type { Directory } from '../parties/directory.js';
import type { Person, Platform } from '../parties/model.js';
import type { Recipient, RoleHolders } from '../playbooks/engine/engine.js';
import type { PartyKind, Playbook } from '../playbooks/playbook-types.js';

/** Who an effect is addressed to, as far as where it may be shown is concerned. */
export type Addressee = 'everyone' | 'customer' | 'external';

/** One incident room on one platform. */
export interface Room {
  readonly platform: Platform;
  readonly channel: string;
  /** Other organisations read it (unknown counts as shared). */
  readonly shared: boolean;
}

export interface EffectRoute {
  /** Rooms to post the effect in. */
  readonly rooms: readonly Room[];
  /** Whether to send it to each of its recipients by direct message. */
  readonly direct: boolean;
  /** Where to post it when a recipient cannot be reached directly: never a shared room. */
  readonly fallback: readonly Room[];
}

export function addresseeOf(to: Recipient | undefined, playbook: Playbook): Addressee {
  if (to === undefined) return 'everyone';
  const kind = 'party' in to ? to.party : partyOfRole(playbook, to.role);
  // A role the playbook does not define cannot be placed: keep it with the customer.
  if (kind === undefined || kind === 'customer') return 'customer';
  return 'external';
}

export function routeEffect(addressee: Addressee, rooms: readonly Room[]): EffectRoute {
  const closed = rooms.filter((room) => !room.shared);
  switch (addressee) {
    case 'everyone':
      return { rooms, direct: false, fallback: [] };
    case 'customer':
      return {
        rooms: closed,
        direct: rooms.length === 0 || rooms.some((room) => room.shared),
        // Every room it may go into already has it.
        fallback: [],
      };
    case 'external':
      // The rooms that are not shared already have it, so an unreachable recipient needs no fallback.
      return { rooms: closed, direct: true, fallback: [] };
  }
}

export interface RecipientContext {
  readonly playbook: Playbook;
  readonly holders: RoleHolders;
  readonly incident: Incident;
  readonly directory: Directory;
}

/**
 * The people an effect is addressed to: a role's holders; for a party kind, the incident's
 * participants of that kind, or when there are none, that kind's people who look after the
 * incident's services (tsunagi.yaml). Nobody for an effect without an addressee.
 */
export function recipientsOf(to: Recipient | undefined, context: RecipientContext): Person[] {
  if (to === undefined) return [];
  const { directory, incident } = context;
  const known = (ids: Iterable<string>): Person[] =>
    [...new Set(ids)].map((id) => directory.person(id)).filter((p): p is Person => p !== undefined);
  if ('role' in to) {
    return known(Object.hasOwn(context.holders, to.role) ? (context.holders[to.role] ?? []) : []);
  }
  const ofKind = (person: Person): boolean => directory.partyOf(person).role === to.party;
  const participants = known(incident.participants).filter(ofKind);
  if (participants.length > 0) return participants;
  const ids: string[] = [];
  for (const serviceId of incident.services) {
    const partyId = partyOfService(directory, serviceId, to.party);
    if (partyId) ids.push(...directory.contactsFor(partyId, serviceId).map((p) => p.id));
  }
  return known(ids);
}

function partyOfRole(playbook: Playbook, roleId: string): PartyKind | undefined {
  return Object.hasOwn(playbook.roles, roleId) ? playbook.roles[roleId]?.party : undefined;
}

function partyOfService(directory: Directory, serviceId: string, kind: PartyKind): string | undefined {
  const service = directory.service(serviceId);
  if (!service) return undefined;
  if (kind === 'customer') return directory.customer.id;
  return kind === 'sier' ? service.sierId : service.providerId;
}
