// How long a failing notice source waits before the next try: doubling from a minute to an hour,
// spread by jitter, and never sooner than the provider's own Retry-After.
import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS, MIN_BACKOFF_MS } from '../../src/sources/feeds/backoff.js';

describe('back-off of a failing source', () => {
  it('doubles from one minute and stops at one hour', () => {
    const none = (): number => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 30].map((n) => backoffDelay(n, undefined, none) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });

  it('adds up to a quarter of jitter, staying within one minute and one hour', () => {
    const most = (): number => 0.999;
    expect(backoffDelay(1, undefined, most)).toBeGreaterThan(MIN_BACKOFF_MS * 1.24);
    expect(backoffDelay(1, undefined, most)).toBeLessThan(MIN_BACKOFF_MS * 1.25);
    expect(backoffDelay(7, undefined, most)).toBe(MAX_BACKOFF_MS);
    for (let n = 1; n < 20; n += 1) {
      const delay = backoffDelay(n);
      expect(delay).toBeGreaterThanOrEqual(MIN_BACKOFF_MS);
      expect(delay).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    }
  });

  it('waits at least as long as Retry-After asks, but not for more than a day', () => {
    const none = (): number => 0;
    expect(backoffDelay(1, 5_000, none)).toBe(MIN_BACKOFF_MS);
    expect(backoffDelay(1, 7_200_000, none)).toBe(7_200_000);
    expect(backoffDelay(1, 30 * 86_400_000, none)).toBe(86_400_000);
  });
});
