// The CloudTrail LookupEvents fetcher, with the real @aws-sdk/client-cloudtrail, against the local
// CloudTrail emulator: the endpoint comes from AWS_ENDPOINT_URL_CLOUDTRAIL (read by the SDK itself)
// and the credentials from the SDK's default chain (environment variables), as in production.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermissionError, UpstreamError } from '../../src/core/errors.js';
import type { AuditCursor } from '../../src/sources/audit/fetch/audit-cursor.js';
import {
  CloudTrailLookupFetcher,
  type CloudTrailAccount,
} from '../../src/sources/audit/fetch/cloudtrail-lookup.js';
import { CloudTrailEmulator } from '../emulators/cloudtrail/cloudtrail-emulator.js';

const ENV = [
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];
const saved = new Map(ENV.map((name) => [name, process.env[name]]));
const TOKYO: CloudTrailAccount = { account: '111122223333', region: 'ap-northeast-1' };
const VIRGINIA: CloudTrailAccount = { account: '111122223333', region: 'us-east-1' };
const NOW = new Date('2025-01-15T12:00:00Z');

let trail: CloudTrailEmulator;
const fetchers: CloudTrailLookupFetcher[] = [];

function record(id: string, eventTime: string, eventName = 'ConsoleLogin'): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventID: id,
    eventTime,
    eventName,
    eventSource: 'signin.amazonaws.com',
    awsRegion: 'ap-northeast-1',
    userIdentity: { type: 'IAMUser', userName: 'sier-operator', accessKeyId: 'AKIAEXAMPLE000000001' },
    recipientAccountId: '111122223333',
  };
}

function fetcher(
  options: Partial<ConstructorParameters<typeof CloudTrailLookupFetcher>[0]> = {},
): CloudTrailLookupFetcher {
  const created = new CloudTrailLookupFetcher({
    accounts: [TOKYO],
    now: () => NOW,
    initialLookbackMs: 86_400_000,
    ...options,
  });
  fetchers.push(created);
  return created;
}

const ids = (records: readonly unknown[]): string[] =>
  records.map((r) => (r as { eventID: string }).eventID).sort();

beforeAll(async () => {
  trail = await CloudTrailEmulator.start();
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = trail.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEMULATOR0000TEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'emulator-secret-access-key';
  delete process.env.AWS_PROFILE;
  // SDK releases after January 2027 need Node 22; the warning says so on every client.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});

afterAll(async () => {
  await trail.stop();
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

beforeEach(async () => {
  await trail.stop();
  trail = await CloudTrailEmulator.start();
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = trail.url;
});

afterEach(() => {
  for (const created of fetchers.splice(0)) created.destroy();
});

describe('CloudTrail LookupEvents fetcher', () => {
  it('reads every page of the window and hands on the raw records', async () => {
    const records = Array.from({ length: 120 }, (_, n) =>
      record(`evt-${String(n).padStart(3, '0')}`, new Date(NOW.getTime() - (n + 1) * 60_000).toISOString()),
    );
    trail.putRecords(records);
    const sweep = await fetcher().sweep({});
    expect(sweep.failures).toEqual([]);
    expect(ids(sweep.records)).toEqual(ids(records));
    expect(sweep.records[0]).toMatchObject({ eventVersion: '1.09', recipientAccountId: '111122223333' });
    const calls = trail.callsTo('LookupEvents');
    expect(calls.map((call) => call.events)).toEqual([50, 50, 20]);
    expect(calls[0]!.region).toBe('ap-northeast-1');
    expect(calls[0]!.body.MaxResults).toBe(50);
    expect(sweep.cursor['111122223333/ap-northeast-1']!.time).toBe(
      new Date(NOW.getTime() - 60_000).toISOString(),
    );
  });

  it('neither misses nor repeats events sharing a second across a page boundary and across polls', async () => {
    const t = '2025-01-15T11:00:00Z';
    trail.putRecords([record('a', '2025-01-15T10:59:59Z'), record('b', t), record('c', t), record('d', t)]);
    // Pages of two: [b, c] then [d, a] — the three events of second t straddle the boundary.
    const ct = fetcher({ maxResults: 2 });
    const first = await ct.sweep({});
    expect(ids(first.records)).toEqual(['a', 'b', 'c', 'd']);
    expect(first.cursor['111122223333/ap-northeast-1']).toEqual({
      time: '2025-01-15T11:00:00.000Z',
      seen: { b: Date.parse(t), c: Date.parse(t), d: Date.parse(t) },
    });

    // Late arrivals: one more event in the same second as the cursor, and a newer one.
    trail.putRecords([record('e', t), record('f', '2025-01-15T11:00:01Z')]);
    const second = await ct.sweep(first.cursor);
    expect(ids(second.records)).toEqual(['e', 'f']);
    // The second sweep started at the cursor second itself (inclusive), not after it.
    const starts = trail.callsTo('LookupEvents').map((call) => call.body.StartTime);
    expect(starts.at(-1)).toBe(Date.parse(t) / 1000);

    const third = await ct.sweep(second.cursor);
    expect(third.records).toEqual([]);
    expect(third.cursor).toEqual(second.cursor);
  });

  it('waits out a ThrottlingException with the SDK’s retry and still reads everything', async () => {
    trail.putRecords([record('x1', '2025-01-15T11:30:00Z'), record('x2', '2025-01-15T11:31:00Z')]);
    trail.failNext({ type: 'ThrottlingException' });
    const sweep = await fetcher().sweep({});
    expect(sweep.failures).toEqual([]);
    expect(ids(sweep.records)).toEqual(['x1', 'x2']);
    expect(trail.callsTo('LookupEvents').map((call) => call.error ?? call.status)).toEqual([
      'ThrottlingException',
      200,
    ]);
  });

  it('reports a stream that stays throttled without holding back another region, and keeps its cursor', async () => {
    trail.putRecords([record('tokyo-1', '2025-01-15T11:00:00Z')], { region: 'ap-northeast-1' });
    trail.putRecords([record('virginia-1', '2025-01-15T11:00:00Z')], { region: 'us-east-1' });
    trail.failNext({ type: 'ThrottlingException' }, 2);
    const before: AuditCursor = {
      '111122223333/ap-northeast-1': { time: '2025-01-15T10:00:00.000Z', seen: {} },
    };
    const sweep = await fetcher({ accounts: [TOKYO, VIRGINIA], maxAttempts: 2 }).sweep(before);
    expect(sweep.failures.map((f) => f.stream)).toEqual(['111122223333/ap-northeast-1']);
    expect(sweep.failures[0]!.error).toBeInstanceOf(UpstreamError);
    expect((sweep.failures[0]!.error as UpstreamError).retryable).toBe(true);
    expect(ids(sweep.records)).toEqual(['virginia-1']);
    expect(sweep.cursor['111122223333/ap-northeast-1']).toEqual(before['111122223333/ap-northeast-1']);
    expect(sweep.cursor['111122223333/us-east-1']!.time).toBe('2025-01-15T11:00:00.000Z');
  });

  it('turns AccessDenied into a PermissionError that names the stream', async () => {
    trail.failNext({ type: 'AccessDeniedException' });
    const sweep = await fetcher().sweep({});
    expect(sweep.failures[0]!.error).toBeInstanceOf(PermissionError);
    expect((sweep.failures[0]!.error as PermissionError).userMessage.en).toContain(
      '111122223333/ap-northeast-1',
    );
  });

  it('never asks for events older than CloudTrail’s 90 days', async () => {
    const now = new Date('2025-09-01T00:00:00Z');
    const old: AuditCursor = {
      '111122223333/ap-northeast-1': { time: '2025-01-01T00:00:00.000Z', seen: {} },
    };
    await fetcher({ now: () => now }).sweep(old);
    const start = trail.callsTo('LookupEvents')[0]!.body.StartTime as number;
    expect(start * 1000).toBeGreaterThan(now.getTime() - 90 * 86_400_000);
    expect(trail.callsTo('LookupEvents')[0]!.body.EndTime).toBe(now.getTime() / 1000);
  });

  it('replays the Stratus Red Team records through LookupEvents unchanged', async () => {
    const file = new URL(
      '../fixtures/audit/stratus/aws.defense-evasion.cloudtrail-delete.json',
      import.meta.url,
    );
    const records = JSON.parse(readFileSync(file, 'utf8')) as { eventTime: string }[];
    trail.putRecords(records);
    const newest = Math.max(...records.map((r) => Date.parse(r.eventTime)));
    const sweep = await fetcher({ now: () => new Date(newest + 60_000) }).sweep({});
    expect(ids(sweep.records)).toEqual(ids(records));
    expect(sweep.records).toEqual(expect.arrayContaining(records));
  });
});
