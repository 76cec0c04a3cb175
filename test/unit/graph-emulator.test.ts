// The Graph emulator stands in for Microsoft Graph and the identity platform's token endpoint; these
// tests speak raw HTTP to it, as the documentation describes the two services, and exercise the
// controls the Microsoft 365 fetcher and poller tests rely on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_SCOPE, GraphEmulator, type GraphItem } from '../emulators/graph/graph-emulator.js';

let graph: GraphEmulator;

function message(id: string, lastModifiedDateTime: string): GraphItem {
  return {
    id,
    title: `Message ${id}`,
    category: 'planForChange',
    services: ['Exchange Online'],
    lastModifiedDateTime,
  };
}

async function token(overrides: Record<string, string> = {}, tenant = graph.app.tenantId): Promise<Response> {
  return fetch(`${graph.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: graph.app.clientId,
      client_secret: graph.app.clientSecret,
      scope: GRAPH_SCOPE,
      ...overrides,
    }),
  });
}

async function accessToken(): Promise<string> {
  const body = (await (await token()).json()) as { access_token: string };
  return body.access_token;
}

function get(path: string, bearer?: string): Promise<Response> {
  return fetch(path.startsWith('http') ? path : `${graph.url}${path}`, {
    headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
  });
}

beforeEach(async () => {
  graph = await GraphEmulator.start();
});
afterEach(async () => {
  await graph.stop();
});

describe('Graph emulator: token endpoint', () => {
  it('issues a bearer token for the client-credentials grant', async () => {
    const response = await token();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      access_token: expect.any(String),
    });
    expect(graph.callsTo('token')[0]!.form).toEqual({
      grant_type: 'client_credentials',
      client_id: graph.app.clientId,
      scope: GRAPH_SCOPE,
    });
  });

  it('refuses a wrong secret, an unknown tenant or app, and a scope without /.default, with AADSTS codes', async () => {
    const wrongSecret = await token({ client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const wrongTenant = await token({}, 'other-tenant');
    expect(wrongTenant.status).toBe(400);
    expect(await wrongTenant.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(await (await token({ client_id: 'unknown' })).json()).toMatchObject({
      error: 'unauthorized_client',
    });
    expect(
      await (await token({ scope: 'https://graph.microsoft.com/ServiceMessage.Read.All' })).json(),
    ).toMatchObject({
      error: 'invalid_scope',
    });
    expect(graph.tokensIssued).toBe(0);
  });
});

describe('Graph emulator: service announcements', () => {
  it('answers 401 without a token, or with one it did not issue or that has expired', async () => {
    const none = await get('/v1.0/admin/serviceAnnouncement/messages');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect((await get('/v1.0/admin/serviceAnnouncement/messages', 'forged')).status).toBe(401);

    const bearer = await accessToken();
    expect((await get('/v1.0/admin/serviceAnnouncement/messages', bearer)).status).toBe(200);
    graph.expireTokens();
    const expired = await get('/v1.0/admin/serviceAnnouncement/messages', bearer);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { message: expect.stringContaining('expired') } });
  });

  it('pages with $top and @odata.nextLink, newest first, keeping the filter in the next link', async () => {
    for (let n = 1; n <= 5; n += 1)
      graph.putItem('messages', message(`MC00000${n}`, `2025-02-0${n}T10:00:00Z`));
    const bearer = await accessToken();
    const first = (await (
      await get(
        `/v1.0/admin/serviceAnnouncement/messages?$filter=lastModifiedDateTime gt 2025-02-01T10:00:00Z&$top=2`,
        bearer,
      )
    ).json()) as { value: GraphItem[]; '@odata.nextLink'?: string; '@odata.context': string };
    expect(first['@odata.context']).toContain('$metadata#admin/serviceAnnouncement/messages');
    expect(first.value.map((m) => m.id)).toEqual(['MC000005', 'MC000004']);
    const nextLink = first['@odata.nextLink']!;
    expect(nextLink).toMatch(/\$skip=2$/);
    expect(decodeURIComponent(nextLink)).toContain('$filter=lastModifiedDateTime gt 2025-02-01T10:00:00Z');

    const second = (await (await get(nextLink, bearer)).json()) as {
      value: GraphItem[];
      '@odata.nextLink'?: string;
    };
    expect(second.value.map((m) => m.id)).toEqual(['MC000003', 'MC000002']);
    expect(second['@odata.nextLink']).toBeUndefined();
    expect(graph.callsTo('messages').map((c) => c.query.$skip)).toEqual([undefined, '2']);
  });

  it('caps pages on the server side when told to, and rejects filters it does not understand', async () => {
    for (let n = 1; n <= 3; n += 1)
      graph.putItem('issues', { id: `EX${n}`, lastModifiedDateTime: `2025-02-0${n}T00:00:00Z` });
    graph.serverPageSize = 1;
    const bearer = await accessToken();
    const page = (await (await get('/v1.0/admin/serviceAnnouncement/issues?$top=50', bearer)).json()) as {
      value: GraphItem[];
      '@odata.nextLink'?: string;
    };
    expect(page.value.map((i) => i.id)).toEqual(['EX3']);
    expect(page['@odata.nextLink']).toMatch(/\$skip=1$/);
    const bad = await get(`/v1.0/admin/serviceAnnouncement/issues?$filter=contains(title,'x')`, bearer);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('replaces an item with the same id, as an update of the message', async () => {
    graph.putItem('messages', message('MC1', '2025-02-01T00:00:00Z'));
    graph.putItem('messages', { ...message('MC1', '2025-02-03T00:00:00Z'), title: 'Updated' });
    const bearer = await accessToken();
    const body = (await (await get('/v1.0/admin/serviceAnnouncement/messages', bearer)).json()) as {
      value: GraphItem[];
    };
    expect(body.value).toEqual([expect.objectContaining({ id: 'MC1', title: 'Updated' })]);
  });

  it('injects 429 and 503 with Retry-After, and holds hanging requests until stopped', async () => {
    const bearer = await accessToken();
    graph.failNext('messages', { status: 429, retryAfterSeconds: 7 });
    graph.failNext('messages', { status: 503 });
    const throttled = await get('/v1.0/admin/serviceAnnouncement/messages', bearer);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(await throttled.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    const unavailable = await get('/v1.0/admin/serviceAnnouncement/messages', bearer);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBeNull();

    graph.failNext('issues', { hang: true });
    const pending = get('/v1.0/admin/serviceAnnouncement/issues', bearer);
    await graph.waitForCall('issues', (call) => call.status === 'hung');
    await graph.stop();
    await expect(pending).rejects.toThrow();
  });

  it('takes new routes from the table, for the endpoints later issues add', async () => {
    graph.addCollection('directoryAudits', '/auditLogs/directoryAudits', 'activityDateTime');
    graph.putItem('directoryAudits', { id: 'a1', activityDateTime: '2025-02-01T00:00:00Z' });
    const bearer = await accessToken();
    const response = await get(
      '/v1.0/auditLogs/directoryAudits?$filter=activityDateTime ge 2025-01-01T00:00:00Z',
      bearer,
    );
    expect(await response.json()).toMatchObject({ value: [{ id: 'a1' }] });
    expect(graph.callsTo('directoryAudits')).toHaveLength(1);
    expect((await get('/v1.0/no/such/thing', bearer)).status).toBe(400);
  });
});
