// Work after an acknowledgement waits while requests are still being acknowledged, but never
// longer than its bound, and never more than a few pieces run at once.
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { AcksFirst } from '../../src/platforms/slack/acks-first.js';

function inboundRequest(acks: AcksFirst): { respond: () => void } {
  const res = new EventEmitter();
  let passedOn = false;
  acks.track({} as Request, res as unknown as Response, (() => (passedOn = true)) as NextFunction);
  expect(passedOn).toBe(true);
  return { respond: () => res.emit('finish') };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('AcksFirst', () => {
  it('starts work only once the requests in progress have been answered', async () => {
    const acks = new AcksFirst();
    const request = inboundRequest(acks);
    let started = false;
    const done = acks.run(() => {
      started = true;
      return Promise.resolve('ok');
    });
    await sleep(30);
    expect(started).toBe(false);
    request.respond();
    await expect(done).resolves.toBe('ok');
  });

  it('does not let a request that never finishes starve the work', async () => {
    const acks = new AcksFirst();
    inboundRequest(acks);
    const began = Date.now();
    await acks.run(() => Promise.resolve());
    expect(Date.now() - began).toBeGreaterThanOrEqual(240);
  });

  it('runs at most eight pieces of work at once and passes failures to the caller', async () => {
    const acks = new AcksFirst();
    let running = 0;
    let most = 0;
    const work = async (): Promise<void> => {
      running += 1;
      most = Math.max(most, running);
      await sleep(10);
      running -= 1;
    };
    await Promise.all(Array.from({ length: 30 }, () => acks.run(work)));
    expect(most).toBe(8);
    await expect(acks.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
