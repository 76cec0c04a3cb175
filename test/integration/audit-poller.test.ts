// The audit pollers against the CloudTrail and Graph emulators, over a real data/audit-state.json:
// every event handed to the sink exactly once through two pages, a throttling episode and a
// restart; the cursor stored only after the sink took the records; a failing or hanging source
// shown as failing and backing off without holding back another.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditSink } from '../../src/core/alerts/audit-sink.js';
import type { AuditSource } from '../../src/sources/rules/rule.js';
import { AUDIT_STATE_FILE, AuditPoller } from '../../src/sources/audit/audit-poller.js';
import type { AuditSourceSettings } from '../../src/sources/audit/audit-settings.js';
import type { AuditFetcher } from '../../src/sources/audit/fetch/audit-fetcher.js';
import { CloudTrailLookupFetcher } from '../../src/sources/audit/fetch/cloudtrail-lookup.js';
import { GraphAuditFetcher } from '../../src/sources/audit/fetch/graph-audit.js';
import { FeedStateStore } from '../../src/sources/feeds/feed-state-store.js';
import { CloudTrailEmulator } from '../emulators/cloudtrail/cloudtrail-emulator.js';
import { GraphEmulator } from '../emulators/graph/graph-emulator.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const NOW = new Date('2025-01-15T12:00:00Z');
const ENV = [
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];
const saved = new Map(ENV.map((name) => [name, process.env[name]]));

let trail: CloudTrailEmulator;
let graph: GraphEmulator;
let dir: { path: string; cleanup: () => void };
const running: AuditPoller[] = [];

/** The alert pipeline's side of the port, recording what it was given (and refusing on demand). */
class RecordingSink implements AuditSink {
  readonly received: { source: AuditSource; id: string }[] = [];
  refuseNext = 0;

  accept(source: AuditSource, records: readonly unknown[]): Promise<void> {
    if (this.refuseNext > 0) {
      this.refuseNext -= 1;
      return Promise.reject(new Error('ledger not writable'));
    }
    for (const record of records) {
      const r = record as { eventID?: string; id?: string };
      this.received.push({ source, id: r.eventID ?? r.id ?? '?' });
    }
    return Promise.resolve();
  }

  ids(): string[] {
    return this.received.map((r) => r.id).sort();
  }
}

function source(
  id: string,
  kind: AuditSource,
  extra: Partial<AuditSourceSettings> = {},
): AuditSourceSettings {
  return {
    id,
    kind,
    name: { ja: id, en: id },
    every: 'PT5M',
    everyMs: 300_000,
    accounts: kind === 'cloudtrail' ? [{ account: '111122223333', region: 'ap-northeast-1' }] : [],
    applications: [],
    lagMs: 0,
    enabled: true,
    ...extra,
  };
}

function cloudTrailFetcher(maxAttempts = 1): CloudTrailLookupFetcher {
  return new CloudTrailLookupFetcher({
    accounts: [{ account: '111122223333', region: 'ap-northeast-1' }],
    now: () => NOW,
    initialLookbackMs: 86_400_000,
    maxAttempts,
  });
}

function graphFetcher(): GraphAuditFetcher {
  return new GraphAuditFetcher({
    source: 'graph-directory-audits',
    credentials: graph.app,
    baseUrl: graph.url,
    authorityUrl: graph.url,
    now: () => NOW,
    initialLookbackMs: 86_400_000,
    timeoutMs: 60_000,
  });
}

async function poller(
  sink: AuditSink,
  sources: readonly AuditSourceSettings[],
  fetchers: Record<string, AuditFetcher>,
  pollDeadlineMs = 60_000,
): Promise<AuditPoller> {
  const created = new AuditPoller({
    sources,
    fetchers: new Map(Object.entries(fetchers)),
    store: await FeedStateStore.open(dir.path, silentLogger, AUDIT_STATE_FILE),
    sink,
    logger: silentLogger,
    now: () => NOW,
    pollDeadlineMs,
    locale: 'en',
    random: () => 0,
  });
  running.push(created);
  return created;
}

function record(id: string, eventTime: string): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventID: id,
    eventTime,
    eventName: 'StopLogging',
    eventSource: 'cloudtrail.amazonaws.com',
    userIdentity: { type: 'IAMUser', userName: 'sier-operator' },
    recipientAccountId: '111122223333',
  };
}

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEMULATOR0000TEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'emulator-secret-access-key';
  delete process.env.AWS_PROFILE;
  // SDK releases after January 2027 need Node 22; the warning says so on every client.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});
afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(async () => {
  trail = await CloudTrailEmulator.start();
  graph = await GraphEmulator.start();
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = trail.url;
  dir = makeTempDir('tsunagi-audit-poller-');
});
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop();
  await trail.stop();
  await graph.stop();
  dir.cleanup();
});

describe('audit poller', () => {
  it('hands every CloudTrail event on exactly once through two pages, a throttling episode and a restart', async () => {
    const sink = new RecordingSink();
    // 60 events: two pages of LookupEvents; the newest three share a second.
    const first = Array.from({ length: 57 }, (_, n) =>
      record(`e${String(n).padStart(2, '0')}`, new Date(NOW.getTime() - (n + 2) * 60_000).toISOString()),
    );
    const same = ['s1', 's2', 's3'].map((id) => record(id, '2025-01-15T11:59:00Z'));
    trail.putRecords([...first, ...same]);
    trail.failNext({ type: 'ThrottlingException' });

    const before = await poller(sink, [source('aws', 'cloudtrail')], { aws: cloudTrailFetcher() });
    const [throttled] = await before.poll('aws');
    expect(throttled!.error?.en).toContain('throttled');
    expect(before.list()[0]).toMatchObject({ id: 'aws', state: 'failing', source: 'cloudtrail' });
    expect(sink.received).toEqual([]);

    const [ok] = await before.poll('aws');
    expect(ok).toEqual({ id: 'aws', records: 60 });
    expect(
      trail
        .callsTo()
        .filter((c) => c.status === 200)
        .map((c) => c.events),
    ).toEqual([50, 10]);
    expect(before.list()[0]).toMatchObject({ state: 'ok', records: 60 });
    await before.stop();

    // While the bot is down: one more event in the cursor's own second, and a newer one.
    trail.putRecords([record('s4', '2025-01-15T11:59:00Z'), record('n1', '2025-01-15T11:59:30Z')]);
    const state = JSON.parse(readFileSync(path.join(dir.path, AUDIT_STATE_FILE), 'utf8')) as {
      sources: Record<string, { cursor: string }>;
    };
    expect(JSON.parse(state.sources.aws!.cursor)).toMatchObject({
      '111122223333/ap-northeast-1': { time: '2025-01-15T11:59:00.000Z' },
    });

    const after = await poller(sink, [source('aws', 'cloudtrail')], { aws: cloudTrailFetcher() });
    expect(after.list()[0]!.state).toBe('ok');
    await after.poll('aws');
    await after.poll('aws');
    const expected = [...first, ...same, { eventID: 's4' }, { eventID: 'n1' }].map(
      (r) => r.eventID as string,
    );
    expect(sink.ids()).toEqual(expected.sort());
  });

  it('stores the cursor only after the sink took the records', async () => {
    const sink = new RecordingSink();
    trail.putRecords([record('a', '2025-01-15T11:00:00Z')]);
    const audit = await poller(sink, [source('aws', 'cloudtrail')], { aws: cloudTrailFetcher() });
    sink.refuseNext = 1;
    const [refused] = await audit.poll('aws');
    expect(refused!.error).toBeDefined();
    expect(audit.list()[0]!.state).toBe('failing');
    expect(sink.ids()).toEqual([]);
    await audit.poll('aws');
    await audit.poll('aws');
    expect(sink.ids()).toEqual(['a']);
  });

  it('shows a failing source backing off and never lets a hanging one hold back another', async () => {
    const sink = new RecordingSink();
    trail.putRecords([record('ct-1', '2025-01-15T11:00:00Z')]);
    graph.putItem('directoryAudits', {
      id: 'da-1',
      activityDateTime: '2025-01-15T11:10:00Z',
      activityDisplayName: 'Add member to role',
    });
    graph.failNext('directoryAudits', { status: 429, retryAfterSeconds: 120 });
    const audit = await poller(
      sink,
      [source('aws', 'cloudtrail'), source('entra', 'graph-directory-audits')],
      { aws: cloudTrailFetcher(), entra: graphFetcher() },
      1500,
    );
    await audit.poll();
    const [aws, entra] = audit.list();
    expect(aws).toMatchObject({ state: 'ok', records: 1 });
    expect(entra).toMatchObject({ state: 'failing' });
    expect(entra!.lastError).toContain('429');
    // Retry-After (2 min) beats the first back-off step (1 min).
    expect(Date.parse(entra!.nextPoll!) - NOW.getTime()).toBe(120_000);
    expect(audit.list()[1]!.state).toBe('failing');

    // Graph now hangs: the CloudTrail source still polls and hands on while Graph waits.
    graph.failNext('directoryAudits', { hang: true });
    trail.putRecords([record('ct-2', '2025-01-15T11:30:00Z')]);
    const hanging = audit.poll('entra');
    await audit.poll('aws');
    expect(sink.ids()).toEqual(['ct-1', 'ct-2']);
    const [timedOut] = await hanging;
    expect(timedOut!.error).toBeDefined();

    await audit.poll('entra');
    expect(sink.ids()).toEqual(['ct-1', 'ct-2', 'da-1']);
    expect(audit.list()[1]).toMatchObject({ state: 'ok' });
  });

  it('says which source is unknown', async () => {
    const audit = await poller(new RecordingSink(), [source('aws', 'cloudtrail')], {
      aws: cloudTrailFetcher(),
    });
    await expect(audit.pollNow('nope')).rejects.toThrow(/alerts\.sources/);
  });
});
