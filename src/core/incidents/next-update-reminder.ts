// When an open incident's overdue stakeholder update is next to be reminded of: the first reminder
// when the update falls due, then one every cadence of its severity (SEV1 every 30 minutes) after
// the last, until an update is posted (a new due time) or the incident is resolved. Counting from
// the last reminder means a bot that was down for hours sends one reminder when it is back, not one
// for every interval it missed.
import type { Incident } from './model.js';
import { SEVERITY_DEFINITIONS } from './severity.js';

export interface UpdateReminderDue {
  /** The `nextUpdateDue` being reminded of. */
  readonly due: string;
  /** The reminder's number for that due time (1, 2, …). */
  readonly n: number;
  /** When it is due. */
  readonly at: Date;
}

export function nextUpdateReminder(incident: Incident): UpdateReminderDue | undefined {
  if (incident.status !== 'investigating' && incident.status !== 'contained') return undefined;
  const due = incident.nextUpdateDue;
  if (due === undefined) return undefined;
  const last = incident.updateReminder?.due === due ? incident.updateReminder : undefined;
  if (!last) return { due, n: 1, at: new Date(due) };
  const cadence = SEVERITY_DEFINITIONS[incident.severity].updateEveryMs;
  return { due, n: last.n + 1, at: new Date(Date.parse(last.at) + cadence) };
}
