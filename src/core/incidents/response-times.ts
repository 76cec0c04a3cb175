// Response-time figures for status views and reviews: time to acknowledge (a commander took
// charge), to contain, and to resolve, each measured from the declaration.
import type { Incident } from './model.js';

export interface ResponseTimes {
  readonly toAcknowledgeMs?: number;
  readonly toContainMs?: number;
  readonly toResolveMs?: number;
  /** Open for this long so far (or until closed). */
  readonly openForMs: number;
}

const between = (from: string, to: string | undefined): number | undefined =>
  to === undefined ? undefined : Date.parse(to) - Date.parse(from);

export function responseTimes(incident: Incident, now: Date): ResponseTimes {
  const end = incident.closedAt ? Date.parse(incident.closedAt) : now.getTime();
  const times: { -readonly [K in keyof ResponseTimes]: ResponseTimes[K] } = {
    openForMs: end - Date.parse(incident.declaredAt),
  };
  const ack = between(incident.declaredAt, incident.acknowledgedAt);
  const contain = between(incident.declaredAt, incident.containedAt);
  const resolve = between(incident.declaredAt, incident.resolvedAt);
  if (ack !== undefined) times.toAcknowledgeMs = ack;
  if (contain !== undefined) times.toContainMs = contain;
  if (resolve !== undefined) times.toResolveMs = resolve;
  return times;
}
