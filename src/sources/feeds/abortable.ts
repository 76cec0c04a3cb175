// A fetch that gives up when its signal aborts, even if the fetcher itself ignores the signal: a
// poll must end at its deadline or at shutdown, whatever the library underneath does.
import { PollAbortedError } from './poll-error.js';

/** Settles with the promise, or rejects as soon as the signal aborts (a fetcher that ignores it cannot hang a poll). */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  reason: () => 'timeout' | 'stopping',
): Promise<T> {
  if (signal.aborted) return Promise.reject(new PollAbortedError(reason()));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new PollAbortedError(reason()));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) reject(new PollAbortedError(reason()));
        else reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
