// Where each audit stream (a CloudTrail account and region, a Google Reports application, a Graph
// list) resumes, such that no event is missed and none is handed on twice, even when several events
// share a timestamp across a page boundary or arrive late.
//
// The algorithm, shared by every audit fetcher:
// - a stream's cursor is a time T and the ids it has already handed on with their event times;
// - a sweep asks the provider for every event from T − overlap (inclusive) to now, all pages;
//   the provider's own inclusive lower bound means an event at T is asked for again rather than lost;
// - an event whose id is in the seen set is dropped; every other event is new;
// - the next T is the newest event time of the sweep (overlap 0: CloudTrail, Graph), or the sweep's
//   end (overlap > 0: Google Reports, whose data arrives hours late); the seen set keeps exactly the
//   ids whose time is at or after the next T − overlap, i.e. those the next sweep will ask for again;
// - the poller stores the new cursor only after the sink accepted the events, so a crash repeats a
//   sweep (the sink dedups by event id) and never skips one.
// The provider's window is respected: a sweep never asks for anything older than `oldestMs`.

export interface StreamCursor {
  /** ISO 8601. */
  readonly time: string;
  /** Event ids already handed on, with their event times (epoch ms). */
  readonly seen: Readonly<Record<string, number>>;
}

/** Per stream key (`123456789012/ap-northeast-1`, `login`, `directoryAudits`). */
export type AuditCursor = Readonly<Record<string, StreamCursor>>;

export interface SweepEvent {
  readonly id: string;
  /** Epoch ms. */
  readonly timeMs: number;
}

export interface SweepWindow {
  /** Epoch ms, inclusive. */
  readonly fromMs: number;
  /** Epoch ms, the sweep's end (now). */
  readonly toMs: number;
}

export interface CursorPolicy {
  /** How far before the cursor each sweep starts again (late-arriving data). */
  readonly overlapMs: number;
  /** Where a stream without a cursor starts, back from now. */
  readonly initialLookbackMs: number;
  /** The provider keeps nothing older than this, back from now (CloudTrail: 90 days). */
  readonly retentionMs?: number;
}

/** The window the next sweep of a stream asks for. */
export function sweepWindow(
  cursor: StreamCursor | undefined,
  policy: CursorPolicy,
  nowMs: number,
): SweepWindow {
  const cursorMs = cursor ? Date.parse(cursor.time) : Number.NaN;
  let fromMs = Number.isNaN(cursorMs) ? nowMs - policy.initialLookbackMs : cursorMs - policy.overlapMs;
  // A minute inside the retention window, so the provider never refuses the start time.
  if (policy.retentionMs !== undefined) fromMs = Math.max(fromMs, nowMs - policy.retentionMs + 60_000);
  return { fromMs: Math.min(fromMs, nowMs), toMs: nowMs };
}

/** Whether an event of the sweep is new (its id not handed on before). */
export function isNew(cursor: StreamCursor | undefined, event: SweepEvent): boolean {
  return cursor === undefined || !Object.hasOwn(cursor.seen, event.id);
}

/** The cursor after a completed sweep whose events (all of them, new or not) were handed on. */
export function advanceCursor(
  cursor: StreamCursor | undefined,
  events: readonly SweepEvent[],
  window: SweepWindow,
  policy: CursorPolicy,
): StreamCursor {
  const previousMs = cursor ? Date.parse(cursor.time) : Number.NaN;
  let nextMs: number;
  if (policy.overlapMs > 0) nextMs = window.toMs;
  else {
    nextMs = Number.isNaN(previousMs) ? window.fromMs : previousMs;
    for (const event of events) if (event.timeMs > nextMs) nextMs = event.timeMs;
  }
  const keepFrom = nextMs - policy.overlapMs;
  const seen: Record<string, number> = {};
  for (const [id, timeMs] of Object.entries(cursor?.seen ?? {})) if (timeMs >= keepFrom) seen[id] = timeMs;
  for (const event of events) if (event.timeMs >= keepFrom) seen[event.id] = event.timeMs;
  return { time: new Date(nextMs).toISOString(), seen };
}
