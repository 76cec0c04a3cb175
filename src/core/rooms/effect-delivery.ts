// Delivers one ledger entry's playbook effects on the chat platforms, each where its addressee may
// read it (effect-routing.ts): posts in the incident's rooms, direct messages rendered for each
// recipient (their language, what they may see), and a room that is not shared for recipients who
// cannot be reached directly. Returns the routes taken, for the ledger.
import type { Logger } from '../../observability/logger.js';
import type { Core } from '../core.js';
import type { Incident } from '../incidents/model.js';
import type { Person, Platform } from '../parties/model.js';
import type { Effect, RoleHolders } from '../playbooks/engine/engine.js';
import type { DeliveryRoute } from '../playbooks/engine/run-events.js';
import type { RunState } from '../playbooks/engine/run-projection.js';
import type { Playbook } from '../playbooks/playbook-types.js';
import type { Reply } from '../reply.js';
import { effectReply } from '../views/playbook-run-views.js';
import { ViewContext } from '../views/view-context.js';
import type { ChatSpace } from './chat-space.js';
import { addresseeOf, recipientsOf, routeEffect, type Room } from './effect-routing.js';

export interface DeliveryOutcome {
  readonly routes: DeliveryRoute[];
  /** People who could not be reached directly on any platform. */
  readonly unreachable: string[];
  /** Platforms where delivery was attempted. */
  readonly attempted: Platform[];
  /** Platforms where something failed (to be tried again). */
  readonly failed: Platform[];
}

interface Delivery {
  readonly incident: Incident;
  readonly run: RunState;
  readonly playbook: Playbook;
  readonly holders: RoleHolders;
  readonly spaces: readonly ChatSpace[];
  readonly routes: Map<string, DeliveryRoute>;
  readonly failed: Set<Platform>;
  readonly unreachable: Set<string>;
}

export class EffectDelivery {
  constructor(
    private readonly core: Core,
    private readonly spaces: readonly ChatSpace[],
    private readonly logger: Logger,
  ) {}

  /** Delivers `effects` of the run (on `platforms` only, when given). */
  async deliver(
    incident: Incident,
    run: RunState,
    effects: readonly Effect[],
    platforms?: readonly Platform[],
  ): Promise<DeliveryOutcome> {
    const runs = this.core.playbookRuns!;
    const spaces = this.spaces.filter((s) => !platforms || platforms.includes(s.platform));
    const d: Delivery = {
      incident,
      run,
      playbook: runs.playbookOf(run),
      holders: runs.holdersOf(run),
      spaces,
      routes: new Map(),
      failed: new Set(),
      unreachable: new Set(),
    };
    const rooms = await this.roomsOf(d);
    for (const [index, effect] of effects.entries()) {
      await this.deliverOne(d, rooms, effect, index);
    }
    return {
      routes: [...d.routes.values()],
      unreachable: [...d.unreachable],
      attempted: spaces.map((s) => s.platform),
      failed: [...d.failed],
    };
  }

  private async deliverOne(
    d: Delivery,
    rooms: readonly Room[],
    effect: Effect,
    index: number,
  ): Promise<void> {
    const addressee = 'to' in effect ? effect.to : undefined;
    const route = routeEffect(addresseeOf(addressee, d.playbook), rooms);
    for (const room of route.rooms) await this.post(d, room, effect, index);
    if (!route.direct) return;
    const recipients = recipientsOf(addressee, {
      playbook: d.playbook,
      holders: d.holders,
      incident: d.incident,
      directory: this.core.directory,
    });
    const missed: string[] = [];
    for (const person of recipients) {
      if (!(await this.sendDirect(d, person, effect, index))) missed.push(person.id);
    }
    if (recipients.length > 0 && missed.length === 0) return;
    for (const id of missed) d.unreachable.add(id);
    this.logger.warn(
      {
        incident: d.incident.id,
        run: d.run.id,
        effect: effect.kind,
        to: addressee,
        unreachable: missed,
        fallback: route.fallback.map((r) => `${r.platform}:${r.channel}`),
      },
      recipients.length === 0
        ? 'playbook effect has no recipient to send to directly'
        : 'playbook effect recipient not reachable directly on any platform',
    );
    for (const room of route.fallback) await this.post(d, room, effect, index);
  }

  private async roomsOf(d: Delivery): Promise<Room[]> {
    const rooms: Room[] = [];
    for (const space of d.spaces) {
      for (const { platform, id } of d.incident.channels) {
        if (platform !== space.platform) continue;
        let shared = true;
        try {
          shared = await space.isShared(id);
        } catch (error) {
          this.logger.warn(
            { err: error, platform, channel: id },
            'channel sharing unknown; treated as shared',
          );
        }
        rooms.push({ platform, channel: id, shared });
      }
    }
    return rooms;
  }

  private async post(d: Delivery, room: Room, effect: Effect, index: number): Promise<void> {
    const space = d.spaces.find((s) => s.platform === room.platform);
    if (!space || d.failed.has(room.platform)) return;
    const { core } = this;
    // Read by everyone in the room: built for no one in particular, in the organisation's language.
    const v = new ViewContext(
      core.defaultLocale,
      core.directory,
      core.timeZone,
      core.now(),
      undefined,
      room.shared,
    );
    const message = this.render(v, d, effect);
    if (!message) return;
    try {
      await space.publish(room.channel, message);
      addRoute(d, { platform: room.platform, channel: room.channel }, index);
    } catch (error) {
      d.failed.add(room.platform);
      this.logger.error(
        { err: error, platform: room.platform, incident: d.incident.id, run: d.run.id },
        'playbook effect not posted in the incident room',
      );
    }
  }

  /** Tries every platform in turn; true once the person has it. */
  private async sendDirect(d: Delivery, person: Person, effect: Effect, index: number): Promise<boolean> {
    const { core } = this;
    const v = new ViewContext(
      person.locale ?? core.defaultLocale,
      core.directory,
      core.timeZone,
      core.now(),
      person,
    );
    const message = this.render(v, d, effect);
    if (!message) return true;
    for (const space of d.spaces) {
      if (d.failed.has(space.platform)) continue;
      try {
        if (await space.sendDirect(person, message)) {
          addRoute(d, { platform: space.platform, person: person.id }, index);
          return true;
        }
      } catch (error) {
        d.failed.add(space.platform);
        this.logger.error(
          { err: error, platform: space.platform, person: person.id, run: d.run.id },
          'direct message failed',
        );
      }
    }
    return false;
  }

  private render(v: ViewContext, d: Delivery, effect: Effect): Reply | undefined {
    // The run as it is now: a step card shows the step's current state, also when redelivered.
    const run = this.core.playbookRuns?.lookup(d.run.id) ?? d.run;
    return effectReply(v, run, d.playbook, d.holders, effect);
  }
}

function addRoute(d: Delivery, where: Omit<DeliveryRoute, 'effects'>, index: number): void {
  const key = `${where.platform} ${where.channel ?? ''} ${where.person ?? ''}`;
  const route = d.routes.get(key) ?? { ...where, effects: [] };
  if (!route.effects.includes(index)) route.effects.push(index);
  d.routes.set(key, route);
}
