// Acknowledgements before work. Slack gives an app 3 seconds to acknowledge, so a bot busy
// answering earlier commands must still acknowledge new ones at once. Requests being received
// are counted; the work that follows an acknowledgement waits while any are in progress (up to a
// bound, so work is never starved), and at most a few pieces of work start at a time.
import type { NextFunction, Request, Response } from 'express';

const MAX_RUNNING = 8;
/** Work never waits longer than this for the requests in progress to be acknowledged. */
const MAX_DEFER_MS = 250;

interface Waiting {
  readonly since: number;
  readonly start: () => void;
}

export class AcksFirst {
  private receiving = 0;
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Express middleware counting requests until their response is sent. */
  readonly track = (_req: Request, res: Response, next: NextFunction): void => {
    this.receiving += 1;
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      this.receiving -= 1;
      this.drain();
    };
    res.on('finish', finished);
    res.on('close', finished);
    next();
  };

  /** Runs work after the requests being received have been acknowledged. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        since: Date.now(),
        start: () => {
          this.running += 1;
          work()
            .then(resolve, reject)
            .finally(() => {
              this.running -= 1;
              this.drain();
            });
        },
      });
      // setImmediate: the acknowledgement just sent, and requests already waiting, go first.
      setImmediate(() => this.drain());
    });
  }

  /** Lets acknowledgements waiting in the event loop go first, in the middle of longer work. */
  yield(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  private drain(): void {
    while (this.running < MAX_RUNNING && this.waiting.length > 0) {
      const overdue = Date.now() - this.waiting[0]!.since >= MAX_DEFER_MS;
      if (this.receiving > 0 && !overdue) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, MAX_DEFER_MS);
        return;
      }
      this.waiting.shift()!.start();
    }
  }
}
