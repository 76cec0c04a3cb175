// What every emulator keeps about the requests it received: the calls in order, waiting for a
// call that may already have come or is still to come, and failures queued to be injected into
// the next requests of a kind. Shared by the Slack and Bot Connector emulators.

/** How many calls a timeout message lists (the newest); older ones are counted, not listed. */
const MAX_CALLS_IN_MESSAGE = 40;

interface Waiter<C> {
  matches: (call: C) => boolean;
  resolve: (call: C) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class CallLog<C, K extends string, F> {
  readonly calls: C[] = [];
  private readonly waiters = new Set<Waiter<C>>();
  private readonly failures = new Map<K, F[]>();

  /**
   * @param kindOf the kind of a call (a Web API method, a Connector route)
   * @param describe one call as listed in a timeout message
   * @param service the emulated service, for messages
   */
  constructor(
    private readonly kindOf: (call: C) => K,
    private readonly describe: (call: C) => string,
    private readonly service: string,
  ) {}

  record(call: C): void {
    this.calls.push(call);
    for (const waiter of this.waiters) {
      if (!waiter.matches(call)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(call);
    }
  }

  callsTo(kind: K): C[] {
    return this.calls.filter((call) => this.kindOf(call) === kind);
  }

  /** The first call of `kind` satisfying `predicate`, whether already recorded or still to come. */
  waitFor(kind: K, predicate: (call: C) => boolean, timeoutMs: number): Promise<C> {
    const matches = (call: C): boolean => this.kindOf(call) === kind && predicate(call);
    const existing = this.calls.find(matches);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter<C> = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for a matching ${this.service} call to ${kind}. ` +
                `Recorded calls: ${this.summary()}`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Forgets the recorded calls. */
  clear(): void {
    this.calls.length = 0;
  }

  failNext(kind: K, failure: F, times: number): void {
    const queue = this.failures.get(kind) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(kind, queue);
  }

  /** The failure to inject into this request of `kind`, if one is queued. */
  takeFailure(kind: K): F | undefined {
    const queue = this.failures.get(kind);
    const failure = queue?.shift();
    if (queue?.length === 0) this.failures.delete(kind);
    return failure;
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Rejects everyone still waiting: the emulator is closing. */
  close(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${this.service} emulator closed`));
    }
    this.waiters.clear();
  }

  private summary(): string {
    if (this.calls.length === 0) return '(none)';
    const names = this.calls.map((call) => this.describe(call));
    const shown = names.slice(-MAX_CALLS_IN_MESSAGE).join(', ');
    const hidden = names.length - MAX_CALLS_IN_MESSAGE;
    return hidden > 0 ? `… ${hidden} earlier, ${shown}` : shown;
  }
}
