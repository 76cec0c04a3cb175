// The Google Workspace Reports fetcher, with the real @googleapis/admin client, against the local
// Reports emulator: a service-account JWT bearer grant at the key file's token_uri, paging with
// pageToken, the reporting lag (an activity that arrives hours late is still handed on, once), and a
// 429 surfaced with its Retry-After for the poller's back-off.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/errors.js';
import {
  GoogleReportsFetcher,
  type GoogleReportsOptions,
} from '../../src/sources/audit/fetch/google-reports.js';
import {
  readServiceAccountKey,
  REPORTS_SCOPE,
  type ServiceAccountKey,
} from '../../src/sources/audit/fetch/google-service-account.js';
import { ReportsEmulator, type ReportsActivity } from '../emulators/google-reports/reports-emulator.js';

let reports: ReportsEmulator;
let dir: string;
let key: ServiceAccountKey;
let now = new Date('2025-05-01T12:00:00Z');

function activity(qualifier: string, time: string, application = 'login'): ReportsActivity {
  return {
    id: { time, uniqueQualifier: qualifier, applicationName: application, customerId: 'C01abcd' },
    actor: { email: 'admin@city.example.jp', callerType: 'USER' },
    ipAddress: '203.0.113.9',
    events: [{ type: 'login', name: 'login_success', parameters: [] }],
  };
}

function fetcher(overrides: Partial<GoogleReportsOptions> = {}): GoogleReportsFetcher {
  return new GoogleReportsFetcher({
    key,
    subject: 'admin@city.example.jp',
    rootUrl: reports.url,
    applications: ['login'],
    now: () => now,
    ...overrides,
  });
}

const qualifiers = (records: readonly unknown[]): string[] =>
  records.map((r) => (r as ReportsActivity).id.uniqueQualifier).sort();

beforeEach(async () => {
  reports = await ReportsEmulator.start();
  dir = await mkdtemp(path.join(tmpdir(), 'tsunagi-reports-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = path.join(dir, 'service-account.json');
  await writeFile(
    file,
    JSON.stringify({
      type: 'service_account',
      client_email: 'tsunagi@city-audit.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      token_uri: reports.tokenUrl,
    }),
  );
  key = await readServiceAccountKey(file);
  now = new Date('2025-05-01T12:00:00Z');
});

afterEach(async () => {
  await reports.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('GoogleReportsFetcher', () => {
  it('signs a delegated JWT bearer grant and reads every page of each application', async () => {
    for (let n = 0; n < 5; n += 1) reports.putActivity(activity(`q${n}`, `2025-05-01T11:0${n}:00.000Z`));
    reports.putActivity(activity('adm1', '2025-05-01T11:30:00.000Z', 'admin'));
    const sweep = await fetcher({ applications: ['login', 'admin'], pageSize: 2 }).sweep({});
    expect(sweep.failures).toEqual([]);
    expect(qualifiers(sweep.records)).toEqual(['adm1', 'q0', 'q1', 'q2', 'q3', 'q4']);
    expect(reports.callsTo('activities').map((c) => c.items)).toEqual([2, 2, 1, 1]);
    const claims = reports.callsTo('token')[0]!.claims!;
    expect(claims).toMatchObject({
      iss: 'tsunagi@city-audit.iam.gserviceaccount.com',
      sub: 'admin@city.example.jp',
      scope: REPORTS_SCOPE,
      aud: reports.tokenUrl,
    });
    expect(reports.callsTo('token')).toHaveLength(1);
  });

  it('hands on an activity that arrives within the lag, once, and nothing twice', async () => {
    reports.putActivity(activity('a', '2025-05-01T11:50:00.000Z'));
    const fetch = fetcher();
    const first = await fetch.sweep({});
    expect(qualifiers(first.records)).toEqual(['a']);
    expect(first.cursor.login!.time).toBe(now.toISOString());

    // An hour later, an activity from before the last sweep turns up (Reports lag).
    now = new Date('2025-05-01T13:00:00Z');
    reports.putActivity(activity('late', '2025-05-01T11:55:00.000Z'));
    reports.putActivity(activity('b', '2025-05-01T12:30:00.000Z'));
    const second = await fetch.sweep(first.cursor);
    expect(qualifiers(second.records)).toEqual(['b', 'late']);
    const window = reports.callsTo('activities').at(-1)!.query;
    expect(window.startTime).toBe('2025-05-01T09:00:00.000Z');
    expect(window.endTime).toBe('2025-05-01T13:00:00.000Z');

    now = new Date('2025-05-01T13:05:00Z');
    const third = await fetch.sweep(second.cursor);
    expect(third.records).toEqual([]);
    // Only activities the next window can return again are remembered.
    expect(Object.keys(third.cursor.login!.seen).sort()).toEqual([
      'a@2025-05-01T11:50:00.000Z',
      'b@2025-05-01T12:30:00.000Z',
      'late@2025-05-01T11:55:00.000Z',
    ]);
  });

  it('reports a 429 with its Retry-After without retrying inside the sweep, and keeps the cursor', async () => {
    reports.putActivity(activity('a', '2025-05-01T11:50:00.000Z'));
    reports.failNext('activities', { status: 429, retryAfterSeconds: 30 });
    const sweep = await fetcher().sweep({});
    expect(sweep.records).toEqual([]);
    expect(sweep.cursor).toEqual({});
    const error = sweep.failures[0]!.error as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.retryAfterMs).toBe(30_000);
    expect(reports.callsTo('activities')).toHaveLength(1);
    const retry = await fetcher().sweep(sweep.cursor);
    expect(qualifiers(retry.records)).toEqual(['a']);
  });

  it('retries a 503 on the next sweep, not inside this one', async () => {
    reports.failNext('activities', { status: 503 });
    const sweep = await fetcher().sweep({});
    expect((sweep.failures[0]!.error as UpstreamError).retryable).toBe(true);
    expect(reports.callsTo('activities')).toHaveLength(1);
  });
});
