// The Entra audit-log, sign-in and security-alert fetcher, with the real
// @microsoft/microsoft-graph-client, against the local Graph emulator: paging through
// @odata.nextLink, the inclusive cursor with seen ids across a page boundary and across polls, and a
// 429 surfaced with its Retry-After for the poller's back-off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermissionError, UpstreamError } from '../../src/core/errors.js';
import { GraphAuditFetcher, type GraphAuditOptions } from '../../src/sources/audit/fetch/graph-audit.js';
import { GraphEmulator, type GraphItem } from '../emulators/graph/graph-emulator.js';

let graph: GraphEmulator;
const NOW = new Date('2025-03-01T12:00:00Z');

function fetcher(overrides: Partial<GraphAuditOptions> = {}): GraphAuditFetcher {
  return new GraphAuditFetcher({
    source: 'graph-directory-audits',
    credentials: graph.app,
    baseUrl: graph.url,
    authorityUrl: graph.url,
    now: () => NOW,
    initialLookbackMs: 86_400_000,
    ...overrides,
  });
}

function audit(id: string, activityDateTime: string): GraphItem {
  return {
    id,
    category: 'RoleManagement',
    activityDisplayName: 'Add member to role',
    activityDateTime,
    result: 'success',
    initiatedBy: { user: { userPrincipalName: 'admin@city.example.jp', ipAddress: '203.0.113.7' } },
    targetResources: [{ displayName: 'Global Administrator', type: 'Role' }],
  };
}

const ids = (records: readonly unknown[]): string[] => records.map((r) => (r as { id: string }).id).sort();

beforeEach(async () => {
  graph = await GraphEmulator.start();
});
afterEach(async () => {
  await graph.stop();
});

describe('GraphAuditFetcher', () => {
  it('pages through directoryAudits and neither misses nor repeats items sharing an instant', async () => {
    const t = '2025-03-01T11:00:00Z';
    for (const id of ['a', 'b', 'c']) graph.putItem('directoryAudits', audit(id, t));
    graph.putItem('directoryAudits', audit('old', '2025-03-01T10:00:00Z'));
    const fetch = fetcher({ pageSize: 2 });
    const first = await fetch.sweep({});
    expect(first.failures).toEqual([]);
    expect(ids(first.records)).toEqual(['a', 'b', 'c', 'old']);
    expect(graph.callsTo('directoryAudits').length).toBe(2);

    graph.putItem('directoryAudits', audit('d', t));
    graph.putItem('directoryAudits', audit('e', '2025-03-01T11:00:05Z'));
    const second = await fetch.sweep(first.cursor);
    expect(ids(second.records)).toEqual(['d', 'e']);
    const third = await fetch.sweep(second.cursor);
    expect(third.records).toEqual([]);
    const last = graph.callsTo('directoryAudits').at(-1)!;
    expect(last.query.$filter).toBe(
      `activityDateTime ge 2025-03-01T11:00:05.000Z and activityDateTime le ${NOW.toISOString()}`,
    );
  });

  it('reads sign-ins and security alerts by createdDateTime', async () => {
    graph.putItem('signIns', {
      id: 's1',
      createdDateTime: '2025-03-01T11:30:00Z',
      riskLevelAggregated: 'high',
    });
    graph.putItem('alerts_v2', { id: 'al1', createdDateTime: '2025-03-01T11:40:00Z', severity: 'high' });
    const signIns = await fetcher({ source: 'graph-signins' }).sweep({});
    const alerts = await fetcher({ source: 'graph-alerts' }).sweep({});
    expect(ids(signIns.records)).toEqual(['s1']);
    expect(ids(alerts.records)).toEqual(['al1']);
    expect(Object.keys(alerts.cursor)).toEqual(['alerts_v2']);
  });

  it('reports a 429 with its Retry-After and keeps the cursor', async () => {
    graph.putItem('directoryAudits', audit('a', '2025-03-01T11:00:00Z'));
    graph.failNext('directoryAudits', { status: 429, retryAfterSeconds: 7 });
    const before = { directoryAudits: { time: '2025-03-01T10:00:00.000Z', seen: {} } };
    const sweep = await fetcher().sweep(before);
    expect(sweep.records).toEqual([]);
    expect(sweep.cursor).toEqual(before);
    const error = sweep.failures[0]!.error as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.retryAfterMs).toBe(7000);
    const after = await fetcher().sweep(sweep.cursor);
    expect(ids(after.records)).toEqual(['a']);
  });

  it('names the audit permission when Graph denies access', async () => {
    graph.addRoute({
      name: 'signIns',
      method: 'GET',
      path: /^\/v1\.0\/auditLogs\/signIns$/,
      authenticated: true,
      handle: () => ({
        status: 403,
        body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } },
      }),
    });
    const sweep = await fetcher({ source: 'graph-signins' }).sweep({});
    const error = sweep.failures[0]!.error as PermissionError;
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.userMessage.en).toContain('AuditLog.Read.All');
  });
});
