// Prometheus metrics (prom-client). One registry per process, served at GET /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Read at scrape time, so gauges are never stale. */
export interface MetricSources {
  ledgerEntries(): number;
  openIncidentsBySeverity(): Record<string, number>;
}

export class Metrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  readonly commands = new Counter({
    name: 'tsunagi_commands_total',
    help: 'Chat commands handled, by command and outcome (ok or an error code).',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandSeconds = new Histogram({
    name: 'tsunagi_command_duration_seconds',
    help: 'Time to handle a chat command, including the durable write.',
    labelNames: ['command'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly ledgerEntries = new Gauge({
    name: 'tsunagi_ledger_entries',
    help: 'Entries in the append-only ledger.',
    registers: [this.registry],
    collect: () => {
      if (this.sources) this.ledgerEntries.set(this.sources.ledgerEntries());
    },
  });
  readonly openIncidents = new Gauge({
    name: 'tsunagi_open_incidents',
    help: 'Incidents not yet closed, by severity.',
    labelNames: ['severity'] as const,
    registers: [this.registry],
    collect: () => {
      if (!this.sources) return;
      this.openIncidents.reset();
      for (const [severity, count] of Object.entries(this.sources.openIncidentsBySeverity())) {
        this.openIncidents.set({ severity }, count);
      }
    },
  });

  observe(sources: MetricSources): void {
    this.sources = sources;
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'tsunagi_' });
  }
}
