// Where a playbook effect may be shown: a room that is not shared is read by the customer only, a
// shared one by every party on the incident, so what is addressed to the SIer or the provider goes
// to them directly and what is addressed to the customer never lands in a shared room.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/incidents/model.js';
import type { Recipient } from '../../src/core/playbooks/engine/engine.js';
import { loadPlaybooks } from '../../src/core/playbooks/load-playbooks.js';
import {
  addresseeOf,
  recipientsOf,
  routeEffect,
  type Addressee,
  type Room,
} from '../../src/core/rooms/effect-routing.js';
import { REPO_ROOT } from '../helpers/bot-process.js';
import { exampleDirectory } from '../helpers/core-fixture.js';

const directory = exampleDirectory();
const playbook = loadPlaybooks([path.join(REPO_ROOT, 'test', 'fixtures', 'playbooks', 'delivery')])
  .playbooks[0]!.playbook;

const slack: Room = { platform: 'slack', channel: 'C-ROOM', shared: false };
const slackShared: Room = { platform: 'slack', channel: 'C-CONNECT', shared: true };
const teamsShared: Room = { platform: 'teams', channel: '19:shared@thread.tacv2', shared: true };

describe('addresseeOf', () => {
  const cases: [string, Addressee, Recipient | undefined][] = [
    ['no addressee (a run finished)', 'everyone', undefined],
    ['the customer party', 'customer', { party: 'customer' }],
    ['a customer role', 'customer', { role: 'commander' }],
    ['the SIer party', 'external', { party: 'sier' }],
    ['an SIer role', 'external', { role: 'sier_ops' }],
    ['the provider party', 'external', { party: 'provider' }],
    ['a role the playbook does not define (kept with the customer)', 'customer', { role: 'nobody' }],
  ];
  it.each(cases)('%s → %s', (_name, expected, to) => {
    expect(addresseeOf(to, playbook)).toBe(expected);
  });
});

describe('routeEffect', () => {
  const cases: [string, Addressee, Room[], { rooms: Room[]; direct: boolean; fallback: Room[] }][] = [
    ['everyone, one room', 'everyone', [slack], { rooms: [slack], direct: false, fallback: [] }],
    [
      'everyone, a shared room too',
      'everyone',
      [slack, teamsShared],
      { rooms: [slack, teamsShared], direct: false, fallback: [] },
    ],
    ['customer, room not shared', 'customer', [slack], { rooms: [slack], direct: false, fallback: [] }],
    [
      'customer, shared room: by DM instead',
      'customer',
      [slackShared],
      { rooms: [], direct: true, fallback: [] },
    ],
    [
      'customer, one room of each: the closed room and DMs',
      'customer',
      [slack, teamsShared],
      { rooms: [slack], direct: true, fallback: [] },
    ],
    ['customer, no room at all: by DM', 'customer', [], { rooms: [], direct: true, fallback: [] }],
    [
      'external, room not shared: DM, and the room (the customer reads everything)',
      'external',
      [slack],
      { rooms: [slack], direct: true, fallback: [] },
    ],
    [
      'external, shared room: DM and never the room',
      'external',
      [slackShared],
      { rooms: [], direct: true, fallback: [] },
    ],
    [
      'external, one room of each: DM and the closed room only',
      'external',
      [slack, teamsShared],
      { rooms: [slack], direct: true, fallback: [] },
    ],
  ];
  it.each(cases)('%s', (_name, addressee, rooms, expected) => {
    expect(routeEffect(addressee, rooms)).toEqual(expected);
  });
});

describe('recipientsOf', () => {
  const incident = (participants: string[], services = ['portal']): Incident =>
    ({
      id: 'INC-1',
      services,
      roles: { commander: 'sato', liaisons: {} },
      participants,
    }) as unknown as Incident;
  const holders = { commander: ['sato'], sier_ops: ['suzuki'] };
  const ids = (to: Recipient | undefined, on: Incident): string[] =>
    recipientsOf(to, { playbook, holders, incident: on, directory }).map((p) => p.id);

  it('a role: its holders', () => {
    expect(ids({ role: 'sier_ops' }, incident(['sato']))).toEqual(['suzuki']);
    expect(ids({ role: 'commander' }, incident(['sato']))).toEqual(['sato']);
  });

  it("a party kind: the incident's participants of that kind", () => {
    expect(ids({ party: 'sier' }, incident(['sato', 'tanaka', 'clark']))).toEqual(['tanaka']);
    expect(ids({ party: 'customer' }, incident(['sato', 'tanaka']))).toEqual(['sato']);
  });

  it("a party kind with no participant: that kind's people of the incident's services", () => {
    expect(ids({ party: 'provider' }, incident(['sato']))).toEqual(['clark']);
    // Microsoft runs mail: its person, not AWS's.
    expect(ids({ party: 'provider' }, incident(['sato'], ['mail']))).toEqual(['nakamura']);
    expect(ids({ party: 'sier' }, incident(['sato'], ['mail']))).toEqual(['suzuki']);
  });

  it('nobody for an effect without an addressee or a role nobody holds', () => {
    expect(ids(undefined, incident(['sato']))).toEqual([]);
    expect(ids({ role: 'nobody' }, incident(['sato']))).toEqual([]);
  });
});
