// Runs each incident in its own room on every connected chat platform: when an incident is
// declared it opens a channel, invites the people on it, posts the live incident card and tells
// the announcements channel; as the incident changes it keeps the card and topic current, invites
// newcomers and announces what stakeholders need to know. It reacts to domain events only, so a
// change made from any platform (or a job) reaches every platform. It also delivers playbook
// effects (each where its addressee may read it, recorded in the ledger's outbox so a restart
// delivers what a crash left undelivered) and the reminders of overdue stakeholder updates.
import type { Logger } from '../../observability/logger.js';
import type { Core } from '../core.js';
import type { DomainEvent, IncidentChanged } from '../domain-events.js';
import type { IncidentEventData, IncidentEventType } from '../incidents/ledger-events.js';
import type { Incident } from '../incidents/model.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Person, Platform } from '../parties/model.js';
import type { Effect } from '../playbooks/engine/engine.js';
import { announcement, incidentTopic } from '../views/announcement.js';
import { incidentCard } from '../views/incident-card.js';
import { updateReminder } from '../views/update-reminder.js';
import { ViewContext } from '../views/view-context.js';
import type { ChatSpace } from './chat-space.js';
import { EffectDelivery, type DeliveryOutcome } from './effect-delivery.js';
import type { EffectOutbox } from './effect-outbox.js';

/** Effects older than this when the bot comes back are recorded, not posted: a day-old reminder is noise. */
const STALE_MS = 24 * 60 * 60 * 1000;

/** Entries that change what the card or the topic shows. */
const TOPIC_CHANGES = new Set<IncidentEventType>([
  'incident.severity_changed',
  'incident.status_changed',
  'incident.role_assigned',
  'incident.role_unassigned',
]);

export class IncidentRooms {
  private readonly mutex = new KeyedMutex();
  private readonly delivery: EffectDelivery;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly core: Core,
    private readonly spaces: readonly ChatSpace[],
    private readonly logger: Logger,
    /** Where delivered effects are recorded; without it effects are posted but not tracked. */
    private readonly outbox?: EffectOutbox,
  ) {
    this.delivery = new EffectDelivery(core, spaces, logger);
  }

  /**
   * Starts following domain events, brings every open incident's rooms up to date, then delivers
   * the effects a crash or a stop left undelivered.
   */
  async start(): Promise<void> {
    this.unsubscribe = this.core.events.subscribe((event) => this.onEvent(event));
    for (const incident of this.core.incidents.openIncidents()) {
      await this.mutex.run(incident.id, () => this.reconcile(incident.id));
    }
    for (const pending of this.outbox?.pending() ?? []) {
      try {
        await this.redeliver(pending.runId, pending.seq);
      } catch (error) {
        this.logger.error({ err: error, run: pending.runId, seq: pending.seq }, 'redelivery failed');
      }
    }
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private onEvent(event: DomainEvent): Promise<void> {
    if (event.type === 'playbook.effects') return this.onPlaybookEffects(event);
    if (event.type === 'incident.update_due') return this.onUpdateDue(event);
    // Provider notices are posted by src/core/notices/notice-delivery.ts.
    if (event.type === 'notice.arrived' || event.type === 'notice.posted' || event.type === 'notice.digest')
      return Promise.resolve();
    // Audit-log alerts are posted by src/core/alerts/alert-delivery.ts.
    if (event.type === 'alert.arrived' || event.type === 'alert.posted') return Promise.resolve();
    return this.mutex.run(event.incident.id, async () => {
      for (const space of this.spaces) {
        try {
          await this.follow(space, event);
        } catch (error) {
          // One platform failing (e.g. Slack unreachable) must not keep the others from hearing.
          this.logger.error(
            { err: error, platform: space.platform, incident: event.incident.id, entry: event.entry.seq },
            'incident room update failed',
          );
        }
      }
    });
  }

  /** A run's step cards, notifications, reminders and escalations, as they happen. */
  private onPlaybookEffects(event: Extract<DomainEvent, { type: 'playbook.effects' }>): Promise<void> {
    return this.mutex.run(event.incidentId ?? event.runId, async () => {
      if (event.seq === undefined) {
        await this.deliver(event.runId, event.effects);
        return;
      }
      const pending = this.outbox?.pendingOf(event.runId, event.seq);
      // Delivered already (by the start-up sweep that raced this event): nothing to do.
      if (this.outbox && !pending) return;
      const outcome = await this.deliver(event.runId, event.effects, pending?.platforms);
      await this.record(event.runId, event.seq, outcome);
    });
  }

  /** After a restart: effects committed but not delivered before the bot stopped. */
  private async redeliver(runId: string, seq: number): Promise<void> {
    const { outbox } = this;
    const run = this.core.playbookRuns?.lookup(runId);
    await this.mutex.run(run?.incident ?? runId, async () => {
      const pending = outbox?.pendingOf(runId, seq);
      if (!outbox || !pending) return;
      const incident = run?.incident === undefined ? undefined : this.core.incidents.lookup(run.incident);
      const age = this.core.now().getTime() - Date.parse(pending.at);
      if (incident && (incident.status === 'closed' || age > STALE_MS)) {
        // Too late to be useful: a day-old reminder (or one for a closed incident) is noise.
        this.logger.info({ run: runId, seq, incident: incident.id }, 'stale playbook effects not posted');
        await outbox.recordDelivered(runId, { seq, routes: [], stale: true });
        return;
      }
      const effects = await outbox.effectsOf(runId, seq);
      this.logger.info(
        { run: runId, seq, effects: effects.length },
        'delivering playbook effects left undelivered',
      );
      const outcome = await this.deliver(runId, effects, pending.platforms);
      await this.record(runId, seq, outcome);
    });
  }

  /** Delivers on every space; undefined when there is nothing to deliver to (no run or incident). */
  private async deliver(
    runId: string,
    effects: readonly Effect[],
    platforms?: readonly Platform[],
  ): Promise<DeliveryOutcome | undefined> {
    const run = this.core.playbookRuns?.lookup(runId);
    const incident = run?.incident === undefined ? undefined : this.core.incidents.lookup(run.incident);
    if (!run || !incident || effects.length === 0) return undefined;
    try {
      return await this.delivery.deliver(incident, run, effects, platforms);
    } catch (error) {
      // E.g. the run's playbook is no longer loaded: nothing can be rendered, now or later.
      this.logger.error(
        { err: error, incident: incident.id, run: runId },
        'playbook effects delivery failed',
      );
      return undefined;
    }
  }

  /**
   * Records where the entry's effects went. Nothing is recorded when every platform failed, so the
   * next start tries again; platforms that failed while others succeeded are tried again there.
   */
  private async record(runId: string, seq: number, outcome: DeliveryOutcome | undefined): Promise<void> {
    if (!this.outbox) return;
    if (!outcome) {
      await this.outbox.recordDelivered(runId, { seq, routes: [] });
      return;
    }
    const { routes, unreachable, attempted, failed } = outcome;
    if (routes.length === 0 && failed.length > 0 && failed.length === attempted.length) return;
    await this.outbox.recordDelivered(runId, {
      seq,
      routes,
      ...(unreachable.length > 0 ? { unreachable } : {}),
      ...(failed.length > 0 ? { retry: failed } : {}),
    });
  }

  /** An overdue stakeholder update: remind the commander and communications lead in every room. */
  private onUpdateDue(event: Extract<DomainEvent, { type: 'incident.update_due' }>): Promise<void> {
    return this.mutex.run(event.incident.id, async () => {
      const incident = this.core.incidents.lookup(event.incident.id) ?? event.incident;
      const v = this.channelView();
      for (const space of this.spaces) {
        try {
          for (const channel of channelsOn(space, incident)) {
            await space.publish(channel, updateReminder(v, incident, event.due, event.n));
            // The card shows how overdue the update is: keep it current.
            await space.publish(channel, incidentCard(v, incident));
          }
        } catch (error) {
          this.logger.error(
            { err: error, platform: space.platform, incident: incident.id, due: event.due, n: event.n },
            'update reminder not posted',
          );
        }
      }
    });
  }

  private channelView(): ViewContext {
    const { core } = this;
    // Channel messages are read by every party in the channel, so they are built for no one in
    // particular: no personal contact routes, no internal notes, in the organisation's language.
    return new ViewContext(core.defaultLocale, core.directory, core.timeZone, core.now(), undefined);
  }

  private async follow(space: ChatSpace, event: IncidentChanged): Promise<void> {
    const type = event.entry.type as IncidentEventType;
    // The freshest state: events for one incident are handled in order, but the card must show
    // everything recorded so far.
    const incident = this.core.incidents.lookup(event.incident.id) ?? event.incident;
    const v = this.channelView();
    if (type === 'incident.declared') {
      await this.openRoom(space, incident);
    } else if (type === 'incident.channel_linked') {
      return;
    } else {
      const joined = this.joiningPerson(event);
      for (const channel of channelsOn(space, incident)) {
        if (joined) await space.invite(channel, [joined]);
        if (TOPIC_CHANGES.has(type)) await space.setTopic(channel, incidentTopic(v, incident));
        await space.publish(channel, incidentCard(v, incident));
      }
    }
    const told = announcement(v, incident, event.entry);
    const target = told ? await this.announcementsChannel(space) : undefined;
    if (told && target) await space.publish(target, told);
  }

  private joiningPerson(event: IncidentChanged): Person | undefined {
    const { type, data } = event.entry;
    if (type === 'incident.participant_added' || type === 'incident.role_assigned') {
      const person = (data as IncidentEventData['incident.participant_added']).person;
      return this.core.directory.person(person);
    }
    return undefined;
  }

  /** The incident's own channel: created, linked in the ledger, people invited, card posted. */
  private async openRoom(space: ChatSpace, incident: Incident): Promise<void> {
    const v = this.channelView();
    const parent = this.core.directory.config.channels.incidents?.[space.platform];
    const channel = await space.openIncidentChannel({
      incidentId: incident.id,
      title: incident.title,
      topic: incidentTopic(v, incident),
      links: this.bookmarks(incident),
      ...(parent ? { parent } : {}),
    });
    if (channel === undefined) {
      this.logger.warn(
        { platform: space.platform, incident: incident.id },
        'no incident room opened: set channels.incidents for this platform in tsunagi.yaml',
      );
      return;
    }
    const reporter = this.core.directory.person(incident.reporter);
    await this.core.incidents.linkChannel(reporter, incident.id, space.platform, channel);
    await space.invite(channel, this.peopleOn(incident));
    await space.publish(channel, incidentCard(v, incident));
  }

  /**
   * After a restart: rooms missed while the bot was down are opened, and cards are brought up to
   * date (an update in place, so nothing is posted twice).
   */
  private async reconcile(id: string): Promise<void> {
    const incident = this.core.incidents.lookup(id);
    if (!incident) return;
    for (const space of this.spaces) {
      try {
        const channels = channelsOn(space, incident);
        if (channels.length === 0) await this.openRoom(space, incident);
        else
          for (const channel of channels)
            await space.publish(channel, incidentCard(this.channelView(), incident));
      } catch (error) {
        this.logger.error(
          { err: error, platform: space.platform, incident: id },
          'incident room reconcile failed',
        );
      }
    }
  }

  private peopleOn(incident: Incident): Person[] {
    // Participants include the reporter and everyone holding a role.
    const ids = new Set<string>([incident.reporter, ...incident.participants]);
    return [...ids].map((id) => this.core.directory.person(id)).filter((p): p is Person => p !== undefined);
  }

  /** Links worth having one click away: the involved parties' support portals. */
  private bookmarks(incident: Incident): { title: string; url: string }[] {
    const { directory, defaultLocale } = this.core;
    const parties = new Set<string>();
    for (const id of incident.services) {
      const service = directory.service(id);
      if (!service) continue;
      parties.add(service.providerId);
      if (service.sierId) parties.add(service.sierId);
    }
    const links: { title: string; url: string }[] = [];
    for (const id of parties) {
      const party = directory.party(id);
      for (const contact of party?.contacts ?? []) {
        if (contact.kind !== 'url') continue;
        links.push({ title: (contact.label ?? party!.name)[defaultLocale], url: contact.value });
      }
    }
    return links;
  }

  private async announcementsChannel(space: ChatSpace): Promise<string | undefined> {
    // Teams has no separate announcements channel by default: the incidents channel carries them.
    const { channels } = this.core.directory.config;
    const name = channels.announcements?.[space.platform] ?? channels.incidents?.[space.platform];
    if (!name) return undefined;
    const id = await space.resolveChannel(name);
    if (!id) this.logger.warn({ platform: space.platform, channel: name }, 'announcements channel not found');
    return id;
  }
}

function channelsOn(space: ChatSpace, incident: Incident): string[] {
  return incident.channels.filter((c) => c.platform === space.platform).map((c) => c.id);
}
