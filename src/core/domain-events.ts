// Domain events: what happened in the core, for platforms (announcements, live cards), jobs and
// later sources. Listeners run after the change is on disk; one failing listener never affects
// the change or the other listeners.
import type { LedgerEntry } from '../store/repository.js';
import type { Incident } from './incidents/model.js';

export type DomainEvent = {
  readonly type: 'incident.changed';
  readonly incident: Incident;
  readonly entry: LedgerEntry;
};

export type DomainEventListener = (event: DomainEvent) => void | Promise<void>;

export class DomainEvents {
  private readonly listeners = new Set<DomainEventListener>();

  constructor(private readonly onListenerError: (error: unknown, event: DomainEvent) => void) {}

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.onListenerError(error, event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
