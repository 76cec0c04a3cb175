// What the Teams adapter remembers across restarts: a conversation reference for every
// conversation the bot has been added to or spoken to in (needed to post proactively), the team of
// each channel (to look up whether it is shared), which activity is the live card for a subject in
// a conversation, and which inbound activities have already had their effect (Teams may redeliver).
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { ConversationReference } from 'botbuilder';
import { HandledDeliveries } from '../handled-deliveries.js';

interface TeamsState {
  version: 1;
  /** conversation id → reference */
  references: Record<string, Partial<ConversationReference>>;
  /** "conversation subject" → activity id */
  cards: Record<string, string>;
  /** activity id → when handled (ms since epoch) */
  deliveries: Record<string, number>;
  /** channel id → team id (absent in files written before it was kept) */
  teams?: Record<string, string>;
}

export class TeamsStore {
  /** Activities already handled, so a redelivery has one effect. */
  readonly deliveries: HandledDeliveries;

  private constructor(
    private readonly db: Low<TeamsState>,
    now: () => Date,
  ) {
    this.deliveries = new HandledDeliveries(db.data.deliveries, () => db.write(), now);
  }

  static async open(dataDir: string, now: () => Date): Promise<TeamsStore> {
    const db = new Low<TeamsState>(new JSONFile(path.join(dataDir, 'teams-state.json')), {
      version: 1,
      references: {},
      cards: {},
      deliveries: {},
    });
    await db.read();
    return new TeamsStore(db, now);
  }

  reference(conversationId: string): Partial<ConversationReference> | undefined {
    return this.db.data.references[conversationId];
  }

  /** Any reference for the given channel: the channel itself, or one of its threads. */
  referenceForChannel(channelId: string): Partial<ConversationReference> | undefined {
    const references = this.db.data.references;
    const own = references[channelId];
    if (own) return own;
    const thread = Object.entries(references).find(([id]) => id.startsWith(`${channelId};`));
    return thread?.[1];
  }

  /** Saves the reference when it is new or changed (e.g. a new serviceUrl). */
  async rememberReference(conversationId: string, reference: Partial<ConversationReference>): Promise<void> {
    const known = this.db.data.references[conversationId];
    if (known && JSON.stringify(known) === JSON.stringify(reference)) return;
    this.db.data.references[conversationId] = reference;
    await this.db.write();
  }

  /** The bot's 1:1 chat with the person of this Entra object id, if it has one. */
  personalReference(aadObjectId: string): Partial<ConversationReference> | undefined {
    return Object.values(this.db.data.references).find(
      (r) => r.conversation?.conversationType === 'personal' && r.user?.aadObjectId === aadObjectId,
    );
  }

  /** References of team channels (one per channel), for looking people up in their teams. */
  channelReferences(): Partial<ConversationReference>[] {
    return Object.entries(this.db.data.references)
      .filter(([id, r]) => r.conversation?.conversationType === 'channel' && !id.includes(';'))
      .map(([, r]) => r);
  }

  teamOf(channelId: string): string | undefined {
    return this.db.data.teams?.[channelId];
  }

  async rememberTeam(channelId: string, teamId: string): Promise<void> {
    const teams = (this.db.data.teams ??= {});
    if (teams[channelId] === teamId) return;
    teams[channelId] = teamId;
    await this.db.write();
  }

  cardActivity(conversationId: string, subject: string): string | undefined {
    return this.db.data.cards[`${conversationId} ${subject}`];
  }

  async rememberCard(conversationId: string, subject: string, activityId: string): Promise<void> {
    this.db.data.cards[`${conversationId} ${subject}`] = activityId;
    await this.db.write();
  }
}
