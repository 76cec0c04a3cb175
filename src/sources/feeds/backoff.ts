// When a failing source is tried again: exponential back-off from one minute to one hour, with
// jitter so sources that failed together (a network outage) do not retry in step, and never
// sooner than the provider's own Retry-After.

export const MIN_BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 3_600_000;
/** A Retry-After beyond a day is taken as a mistake rather than obeyed for weeks. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * The wait after `failures` failures in a row (1, 2, …): 1 min, 2 min, 4 min, … up to 1 h, each
 * lengthened by up to a quarter at random; at least `retryAfterMs` when the provider gave one.
 */
export function backoffDelay(
  failures: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 16));
  const base = Math.min(MIN_BACKOFF_MS * 2 ** exponent, MAX_BACKOFF_MS);
  const jittered = Math.min(base + base * 0.25 * random(), MAX_BACKOFF_MS);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
