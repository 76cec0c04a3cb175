// The AWS Health fetcher, with the real @aws-sdk/client-health, against the local AWS Health
// emulator. The endpoint comes from AWS_ENDPOINT_URL_HEALTH and the credentials from the SDK's
// default chain (environment variables), exactly as in production.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, UpstreamError } from '../../src/core/errors.js';
import { HealthSubscriptionRequiredError } from '../../src/sources/feeds/fetch/aws-health-errors.js';
import { AwsHealthFetcher } from '../../src/sources/feeds/fetch/aws-health-fetch.js';
import { FeedFetchError } from '../../src/sources/feeds/fetch/fetch-error.js';
import { normalise } from '../../src/sources/feeds/normalise.js';
import { AwsHealthEmulator, type HealthEventSeed } from '../emulators/aws-health/aws-health-emulator.js';

const ENV = [
  'AWS_ENDPOINT_URL_HEALTH',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];
const saved = new Map(ENV.map((name) => [name, process.env[name]]));

let health: AwsHealthEmulator;
let fetcher: AwsHealthFetcher;

const arn = (n: number): string =>
  `arn:aws:health:ap-northeast-1::event/RDS/AWS_RDS_PLANNED_LIFECYCLE_EVENT/E${n}`;

function event(n: number, lastUpdatedTime?: string): HealthEventSeed {
  return {
    arn: arn(n),
    service: 'RDS',
    eventTypeCode: 'AWS_RDS_PLANNED_LIFECYCLE_EVENT',
    eventTypeCategory: 'scheduledChange',
    region: 'ap-northeast-1',
    startTime: '2025-09-01T00:00:00Z',
    ...(lastUpdatedTime !== undefined && { lastUpdatedTime }),
    description: `RDS for MySQL 5.7 end of standard support, notice ${n}`,
  };
}

interface Payload {
  events: { arn: string; lastUpdatedTime: string }[];
  details: { event: { arn: string }; eventDescription: { latestDescription: string } }[];
}

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEMULATEDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'emulated-secret-access-key';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});
afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(async () => {
  health = await AwsHealthEmulator.start();
  process.env.AWS_ENDPOINT_URL_HEALTH = health.url;
  fetcher = new AwsHealthFetcher({ maxResults: 10 });
});
afterEach(async () => {
  fetcher.destroy();
  await health.stop();
});

describe('AwsHealthFetcher', () => {
  it('reads every page of events and their details in batches of 10, from the endpoint in the environment', async () => {
    for (let n = 1; n <= 25; n += 1) health.putEvent(event(n, new Date(Date.UTC(2025, 4, n)).toISOString()));
    const result = await fetcher.fetch(undefined);
    if (result.kind !== 'ok') throw new Error('expected events');
    expect(result.payloads).toHaveLength(1);
    const payload = JSON.parse(result.payloads[0]!) as Payload;
    expect(payload.events).toHaveLength(25);
    expect(payload.details).toHaveLength(25);
    expect(payload.details[0]!.eventDescription.latestDescription).toContain('end of standard support');
    expect(payload.events[0]!.lastUpdatedTime).toBe('2025-05-25T00:00:00.000Z');
    expect(result.cursor).toBe('2025-05-25T00:00:00.000Z');

    expect(health.callsTo('DescribeEvents').map((c) => c.body.nextToken === undefined)).toEqual([
      true,
      false,
      false,
    ]);
    expect(health.callsTo('DescribeEventDetails').map((c) => (c.body.eventArns as string[]).length)).toEqual([
      10, 10, 5,
    ]);
    // The SDK's default credential chain and the Health API's home region.
    expect(health.calls[0]!.accessKeyId).toBe('AKIAEMULATEDTEST');
    expect(health.calls[0]!.scope).toMatch(/\/us-east-1\/health\/aws4_request$/);
  });

  it('returns the payload the aws-health parser reads: one notice per event, with its description', async () => {
    health.putEvent(event(1, '2025-05-01T00:00:00Z'));
    health.putEvent(event(2, '2025-05-02T00:00:00Z'));
    const result = await fetcher.fetch(undefined);
    if (result.kind !== 'ok') throw new Error('expected events');
    const { notices } = normalise('aws-health', result.payloads[0]!);
    expect(notices.map((n) => n.id).sort()).toEqual([`aws-health:${arn(1)}`, `aws-health:${arn(2)}`]);
    expect(notices[0]!.body).toContain('end of standard support');
  });

  it('asks only for events updated since the cursor, and moves the cursor on when one is updated', async () => {
    health.putEvent(event(1, '2025-05-01T00:00:00Z'));
    health.putEvent(event(2, '2025-05-02T00:00:00Z'));
    const first = await fetcher.fetch(undefined);
    if (first.kind !== 'ok') throw new Error('expected events');
    expect(first.cursor).toBe('2025-05-02T00:00:00.000Z');

    const again = await fetcher.fetch(first.cursor);
    const filter = health.callsTo('DescribeEvents').at(-1)!.body.filter;
    expect(filter).toEqual({ lastUpdatedTimes: [{ from: Date.parse('2025-05-02T00:00:00Z') / 1000 }] });
    // The event at the cursor itself comes again (nothing updated in that instant is lost).
    expect(
      again.kind === 'ok' && (JSON.parse(again.payloads[0]!) as Payload).events.map((e) => e.arn),
    ).toEqual([arn(2)]);

    health.putEvent({ ...event(1, '2025-05-03T12:00:00Z'), description: 'Rescheduled to October' });
    const updated = await fetcher.fetch(first.cursor);
    if (updated.kind !== 'ok') throw new Error('expected the update');
    const payload = JSON.parse(updated.payloads[0]!) as Payload;
    expect(payload.events.map((e) => e.arn)).toEqual([arn(1), arn(2)]);
    expect(payload.details.find((d) => d.event.arn === arn(1))!.eventDescription.latestDescription).toBe(
      'Rescheduled to October',
    );
    expect(updated.cursor).toBe('2025-05-03T12:00:00.000Z');
  });

  it('answers not-modified when nothing was updated since the cursor', async () => {
    health.putEvent(event(1, '2025-05-01T00:00:00Z'));
    expect(await fetcher.fetch('2025-06-01T00:00:00.000Z')).toEqual({ kind: 'not-modified' });
    expect(health.callsTo('DescribeEventDetails')).toHaveLength(0);
  });

  it('reports a missing support plan as a configuration error naming the plans that include the API', async () => {
    health.requireSubscription();
    const error: unknown = await fetcher.fetch(undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthSubscriptionRequiredError);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).userMessage;
    expect(message.en).toContain('Business, Enterprise On-Ramp or Enterprise support plan');
    expect(message.ja).toContain('ビジネス、エンタープライズ On-Ramp またはエンタープライズ');
    // Not retried by the SDK: one call.
    expect(health.callsTo('DescribeEvents')).toHaveLength(1);
  });

  it('lets the SDK retry one throttled call, and reports persistent throttling as retryable', async () => {
    health.putEvent(event(1, '2025-05-01T00:00:00Z'));
    health.failNext('DescribeEvents', { type: 'ThrottlingException' });
    expect((await fetcher.fetch(undefined)).kind).toBe('ok');
    expect(health.callsTo('DescribeEvents').map((c) => c.error)).toEqual(['ThrottlingException', undefined]);

    const once = new AwsHealthFetcher({ maxAttempts: 1 });
    health.failNext('DescribeEvents', { type: 'ThrottlingException' });
    const error: unknown = await once.fetch(undefined).catch((e: unknown) => e);
    once.destroy();
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: true, status: 400 });
    expect((error as UpstreamError).userMessage.en).toContain('ThrottlingException');
  });

  it('reports a server error in DescribeEventDetails as retryable', async () => {
    health.putEvent(event(1, '2025-05-01T00:00:00Z'));
    const once = new AwsHealthFetcher({ maxAttempts: 1 });
    health.failNext('DescribeEventDetails', { status: 503 });
    const error: unknown = await once.fetch(undefined).catch((e: unknown) => e);
    once.destroy();
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error).toMatchObject({ retryable: true, status: 503 });
  });

  it('gives up on a hanging endpoint at the configured deadline', async () => {
    const quick = new AwsHealthFetcher({ timeoutMs: 300 });
    health.failNext('DescribeEvents', { hang: true });
    const error: unknown = await quick.fetch(undefined).catch((e: unknown) => e);
    quick.destroy();
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error).toMatchObject({ reason: 'timeout', retryable: true, upstream: 'AWS Health' });
  });

  it('uses an explicit endpoint over the environment', async () => {
    const other = await AwsHealthEmulator.start();
    other.putEvent(event(9, '2025-05-09T00:00:00Z'));
    const explicit = new AwsHealthFetcher({ endpoint: other.url });
    const result = await explicit.fetch(undefined);
    explicit.destroy();
    await other.stop();
    expect(result.kind === 'ok' && result.cursor).toBe('2025-05-09T00:00:00.000Z');
    expect(health.calls).toHaveLength(0);
  });
});
