// The audit cursor (src/sources/audit/fetch/audit-cursor.ts) as a specification: where a sweep
// starts, which events are new, and what the next cursor remembers — for the exact-timestamp
// cursor of CloudTrail and Graph and the lagging window of Google Reports.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  advanceCursor,
  isNew,
  sweepWindow,
  type CursorPolicy,
} from '../../src/sources/audit/fetch/audit-cursor.js';
import { TokenBucket } from '../../src/sources/audit/fetch/rate-limit.js';

const T = Date.parse('2025-01-15T11:00:00Z');
const exact: CursorPolicy = { overlapMs: 0, initialLookbackMs: 3_600_000, retentionMs: 90 * 86_400_000 };
const lagging: CursorPolicy = { overlapMs: 3 * 3_600_000, initialLookbackMs: 3 * 3_600_000 };

describe('audit cursor', () => {
  it('starts a first sweep the initial lookback before now, and a later one at the cursor itself', () => {
    expect(sweepWindow(undefined, exact, T)).toEqual({ fromMs: T - 3_600_000, toMs: T });
    const cursor = { time: new Date(T - 60_000).toISOString(), seen: {} };
    expect(sweepWindow(cursor, exact, T).fromMs).toBe(T - 60_000);
    expect(sweepWindow(cursor, lagging, T).fromMs).toBe(T - 60_000 - 3 * 3_600_000);
  });

  it('never starts before the retention window', () => {
    const old = { time: '2020-01-01T00:00:00.000Z', seen: {} };
    expect(sweepWindow(old, exact, T).fromMs).toBe(T - 90 * 86_400_000 + 60_000);
  });

  it('moves an exact cursor to the newest event and remembers only the ids at that instant', () => {
    const window = { fromMs: T - 3_600_000, toMs: T };
    const next = advanceCursor(
      undefined,
      [
        { id: 'a', timeMs: T - 5000 },
        { id: 'b', timeMs: T - 1000 },
        { id: 'c', timeMs: T - 1000 },
      ],
      window,
      exact,
    );
    expect(next).toEqual({ time: new Date(T - 1000).toISOString(), seen: { b: T - 1000, c: T - 1000 } });
    expect(isNew(next, { id: 'c', timeMs: T - 1000 })).toBe(false);
    expect(isNew(next, { id: 'd', timeMs: T - 1000 })).toBe(true);
    // A sweep that finds only what it had seen leaves the cursor where it was.
    expect(advanceCursor(next, [{ id: 'b', timeMs: T - 1000 }], window, exact)).toEqual(next);
  });

  it('keeps an exact cursor in place through an empty sweep', () => {
    const cursor = { time: new Date(T).toISOString(), seen: { x: T } };
    expect(advanceCursor(cursor, [], { fromMs: T, toMs: T + 60_000 }, exact)).toEqual(cursor);
  });

  it('moves a lagging cursor to the sweep’s end and remembers the ids the next window returns again', () => {
    const window = { fromMs: T - 4 * 3_600_000, toMs: T };
    const next = advanceCursor(
      { time: new Date(T - 3_600_000).toISOString(), seen: { old: T - 5 * 3_600_000 } },
      [
        { id: 'early', timeMs: T - 3.5 * 3_600_000 },
        { id: 'late', timeMs: T - 2 * 3_600_000 },
      ],
      window,
      lagging,
    );
    expect(next).toEqual({ time: new Date(T).toISOString(), seen: { late: T - 2 * 3_600_000 } });
  });
});

describe('token bucket', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets two requests through at once and the third only after half a second', async () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket(2, () => Date.now());
    const order: string[] = [];
    await bucket.take();
    await bucket.take();
    const third = bucket.take().then(() => order.push('third'));
    await vi.advanceTimersByTimeAsync(400);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    await third;
    expect(order).toEqual(['third']);
  });

  it('gives up waiting when the poll is aborted, and serves the next caller', async () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket(1, () => Date.now());
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    const next = bucket.take();
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBeUndefined();
  });
});
