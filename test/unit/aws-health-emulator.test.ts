// The AWS Health emulator must be faithful enough that the unmodified @aws-sdk/client-health works
// against it; these tests drive it with the real HealthClient, and with raw requests where the
// SDK would never send what is being checked.
import {
  DescribeEventDetailsCommand,
  DescribeEventsCommand,
  HealthClient,
  HealthServiceException,
} from '@aws-sdk/client-health';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsHealthEmulator, type HealthEventSeed } from '../emulators/aws-health/aws-health-emulator.js';

// The SDK warns once per process that its 2027 releases will need Node 22; noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let health: AwsHealthEmulator;
let client: HealthClient;

const arn = (n: number): string => `arn:aws:health:us-east-1::event/EC2/AWS_EC2_MAINTENANCE_SCHEDULED/E${n}`;

function seed(n: number, updated?: string): HealthEventSeed {
  return {
    arn: arn(n),
    service: 'EC2',
    eventTypeCode: 'AWS_EC2_MAINTENANCE_SCHEDULED',
    eventTypeCategory: 'scheduledChange',
    startTime: '2025-03-01T00:00:00Z',
    ...(updated !== undefined && { lastUpdatedTime: updated }),
    description: `Maintenance ${n}`,
    eventMetadata: { deprecated_versions: 'none' },
  };
}

beforeEach(async () => {
  health = await AwsHealthEmulator.start();
  client = new HealthClient({
    endpoint: health.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAEMULATED', secretAccessKey: 'emulated-secret' },
  });
});
afterEach(async () => {
  client.destroy();
  await health.stop();
});

describe('AWS Health emulator', () => {
  it('pages DescribeEvents newest first with nextToken, and filters by lastUpdatedTime', async () => {
    for (let n = 1; n <= 12; n += 1)
      health.putEvent(seed(n, `2025-01-${String(n).padStart(2, '0')}T00:00:00Z`));
    const first = await client.send(new DescribeEventsCommand({ maxResults: 10 }));
    expect(first.events).toHaveLength(10);
    expect(first.events![0]!.arn).toMatch(/E12$/);
    expect(first.events![0]!.lastUpdatedTime).toEqual(new Date('2025-01-12T00:00:00Z'));
    expect(first.nextToken).toBeTypeOf('string');
    const second = await client.send(
      new DescribeEventsCommand({ maxResults: 10, nextToken: first.nextToken }),
    );
    expect(second.events!.map((e) => e.arn)).toEqual([arn(2), arn(1)]);
    expect(second.nextToken).toBeUndefined();

    const recent = await client.send(
      new DescribeEventsCommand({
        maxResults: 10,
        filter: { lastUpdatedTimes: [{ from: new Date('2025-01-11T00:00:00Z') }] },
      }),
    );
    expect(recent.events!.map((e) => e.arn)).toEqual([arn(12), arn(11)]);

    const call = health.callsTo('DescribeEvents')[2]!;
    expect(call.body.filter).toEqual({
      lastUpdatedTimes: [{ from: Date.parse('2025-01-11T00:00:00Z') / 1000 }],
    });
    expect(call.accessKeyId).toBe('AKIAEMULATED');
    expect(call.scope).toMatch(/^\d{8}\/us-east-1\/health\/aws4_request$/);
  });

  it('moves an updated event to the top with a later lastUpdatedTime', async () => {
    health.putEvent(seed(1, '2025-01-01T00:00:00Z'));
    health.putEvent(seed(2, '2025-01-02T00:00:00Z'));
    const updated = health.putEvent({ ...seed(1), description: 'Rescheduled' });
    expect(updated.lastUpdatedTime.getTime()).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
    const answer = await client.send(new DescribeEventsCommand({ maxResults: 10 }));
    expect(answer.events![0]!.arn).toBe(arn(1));
  });

  it('answers DescribeEventDetails for up to 10 ARNs, with unknown ones in failedSet', async () => {
    health.putEvent(seed(1, '2025-01-01T00:00:00Z'));
    const answer = await client.send(
      new DescribeEventDetailsCommand({
        eventArns: [arn(1), 'arn:aws:health:us-east-1::event/EC2/X/missing'],
      }),
    );
    expect(answer.successfulSet).toEqual([
      {
        event: expect.objectContaining({ arn: arn(1), eventTypeCategory: 'scheduledChange' }),
        eventDescription: { latestDescription: 'Maintenance 1' },
        eventMetadata: { deprecated_versions: 'none' },
      },
    ]);
    expect(answer.failedSet).toEqual([
      expect.objectContaining({ eventArn: 'arn:aws:health:us-east-1::event/EC2/X/missing' }),
    ]);

    const eleven = Array.from({ length: 11 }, (_, n) => arn(n));
    await expect(client.send(new DescribeEventDetailsCommand({ eventArns: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers SubscriptionRequiredException for an account without a support plan', async () => {
    health.requireSubscription();
    const error: unknown = await client.send(new DescribeEventsCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthServiceException);
    expect(error).toMatchObject({
      name: 'SubscriptionRequiredException',
      message: 'AWS Premium Support Subscription is required to use this service.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(health.calls[0]).toMatchObject({
      operation: 'DescribeEvents',
      error: 'SubscriptionRequiredException',
      failed: true,
    });
    health.requireSubscription(false);
    await expect(client.send(new DescribeEventsCommand({}))).resolves.toMatchObject({ events: [] });
  });

  it('injects throttling and server errors once each, then answers normally', async () => {
    health.failNext('DescribeEvents', { type: 'ThrottlingException' });
    health.failNext('DescribeEvents', { status: 500 });
    await expect(client.send(new DescribeEventsCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new DescribeEventsCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    await expect(client.send(new DescribeEventsCommand({}))).resolves.toMatchObject({ events: [] });
  });

  it('holds a hanging call until the client gives up or the emulator stops', async () => {
    health.failNext('DescribeEvents', { hang: true });
    const controller = new AbortController();
    const pending = client.send(new DescribeEventsCommand({}), { abortSignal: controller.signal });
    await health.waitForCall('DescribeEvents', (call) => call.status === 'hung');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses unsigned requests and unknown pagination tokens as AWS does', async () => {
    const unsigned = await fetch(health.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSHealth_20160804.DescribeEvents',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });

    const invalid = await client
      .send(new DescribeEventsCommand({ maxResults: 10, nextToken: 'not-a-token' }))
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'InvalidPaginationToken' });
  });
});
