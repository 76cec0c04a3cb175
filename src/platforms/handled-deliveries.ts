// Which inbound deliveries (Slack event ids, Teams activity ids) have already had their effect, so
// a platform's redelivery of the same one is ignored. A delivery is claimed while it is processed
// (a retry racing the original is dropped) and recorded once its effect is done; a failed one is
// released so the platform's retry can run it: nothing is done twice, and nothing is lost.

/** Platforms retry for minutes, not days; a day is ample and keeps the record small. */
const MEMORY_MS = 24 * 60 * 60 * 1000;

export class HandledDeliveries {
  private readonly inFlight = new Set<string>();

  /**
   * @param handled the persisted record (id → when handled, ms), owned by the platform's store
   * @param save writes the store after a change
   */
  constructor(
    private readonly handled: Record<string, number>,
    private readonly save: () => Promise<void>,
    private readonly now: () => Date,
  ) {
    const cutoff = now().getTime() - MEMORY_MS;
    for (const [id, at] of Object.entries(handled)) if (at < cutoff) delete handled[id];
  }

  /** False when the delivery was handled already or is being handled now. */
  claim(id: string): boolean {
    if (this.inFlight.has(id) || this.handled[id] !== undefined) return false;
    this.inFlight.add(id);
    return true;
  }

  /** Records that a claimed delivery has had its effect. */
  async complete(id: string): Promise<void> {
    this.inFlight.delete(id);
    this.handled[id] = this.now().getTime();
    await this.save();
  }

  /** Releases a claim whose processing failed, so the platform's retry can try again. */
  release(id: string): void {
    this.inFlight.delete(id);
  }
}
