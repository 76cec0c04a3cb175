// What the Slack adapter must remember across restarts: which message is the live card for a
// subject in a channel (so it is updated, never posted twice) and which event deliveries have
// already had their effect (so Slack's retries are ignored). Small and rarely written, so lowdb.
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

interface SlackState {
  version: 1;
  /** "channel subject" → message ts */
  cards: Record<string, string>;
  /** event_id → when it was handled (ms since epoch) */
  deliveries: Record<string, number>;
}

/** Slack retries for about half an hour; a day is ample and keeps the file small. */
const DELIVERY_MEMORY_MS = 24 * 60 * 60 * 1000;

export class SlackStore {
  private readonly inFlight = new Set<string>();

  private constructor(
    private readonly db: Low<SlackState>,
    private readonly now: () => Date,
  ) {}

  static async open(dataDir: string, now: () => Date): Promise<SlackStore> {
    const db = new Low<SlackState>(new JSONFile(path.join(dataDir, 'slack-state.json')), {
      version: 1,
      cards: {},
      deliveries: {},
    });
    await db.read();
    const store = new SlackStore(db, now);
    store.forgetOldDeliveries();
    return store;
  }

  cardTs(channel: string, subject: string): string | undefined {
    return this.db.data.cards[`${channel} ${subject}`];
  }

  async rememberCard(channel: string, subject: string, ts: string): Promise<void> {
    this.db.data.cards[`${channel} ${subject}`] = ts;
    await this.db.write();
  }

  /**
   * Claims a delivery for processing. False when it was handled already or is being handled now
   * (a retry racing the original). A delivery whose processing failed can be claimed again.
   */
  claim(deliveryId: string): boolean {
    if (this.inFlight.has(deliveryId) || this.db.data.deliveries[deliveryId] !== undefined) return false;
    this.inFlight.add(deliveryId);
    return true;
  }

  /** Records that a claimed delivery has had its effect. */
  async complete(deliveryId: string): Promise<void> {
    this.inFlight.delete(deliveryId);
    this.db.data.deliveries[deliveryId] = this.now().getTime();
    await this.db.write();
  }

  /** Releases a claim whose processing failed, so Slack's retry can try again. */
  release(deliveryId: string): void {
    this.inFlight.delete(deliveryId);
  }

  private forgetOldDeliveries(): void {
    const cutoff = this.now().getTime() - DELIVERY_MEMORY_MS;
    for (const [id, at] of Object.entries(this.db.data.deliveries)) {
      if (at < cutoff) delete this.db.data.deliveries[id];
    }
  }
}
