// What the Slack adapter must remember across restarts: which message is the live card for a
// subject in a channel (so it is updated, never posted twice) and which event deliveries have
// already had their effect (so Slack's retries are ignored). Small and rarely written, so lowdb.
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { HandledDeliveries } from '../handled-deliveries.js';

interface SlackState {
  version: 1;
  /** "channel subject" → message ts */
  cards: Record<string, string>;
  /** event_id → when it was handled (ms since epoch) */
  deliveries: Record<string, number>;
}

export class SlackStore {
  /** Events already handled, so Slack's retries have one effect. */
  readonly deliveries: HandledDeliveries;

  private constructor(
    private readonly db: Low<SlackState>,
    now: () => Date,
  ) {
    this.deliveries = new HandledDeliveries(db.data.deliveries, () => db.write(), now);
  }

  static async open(dataDir: string, now: () => Date): Promise<SlackStore> {
    const db = new Low<SlackState>(new JSONFile(path.join(dataDir, 'slack-state.json')), {
      version: 1,
      cards: {},
      deliveries: {},
    });
    await db.read();
    return new SlackStore(db, now);
  }

  cardTs(channel: string, subject: string): string | undefined {
    return this.db.data.cards[`${channel} ${subject}`];
  }

  async rememberCard(channel: string, subject: string, ts: string): Promise<void> {
    this.db.data.cards[`${channel} ${subject}`] = ts;
    await this.db.write();
  }
}
