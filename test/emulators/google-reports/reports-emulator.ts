// A local stand-in for the Google Workspace Admin SDK Reports API and Google's OAuth token endpoint,
// for the Workspace audit poller: `GET /admin/reports/v1/activity/users/all/applications/{app}` with
// startTime, endTime, maxResults (1–1000) and pageToken, answering `items[]` newest first and a
// `nextPageToken`; `POST /token` issuing bearer tokens for the service-account JWT bearer grant
// (grant_type urn:ietf:params:oauth:grant-type:jwt-bearer; any well-formed assertion: the signature is
// not checked, the claims are recorded); 429 and 5xx on demand.
//
// Usage:
//   const reports = await ReportsEmulator.start();
//   reports.putActivity({ id: { time, uniqueQualifier, applicationName: 'login' }, … });
//   key file: { "type": "service_account", "client_email", "private_key", "token_uri": reports.tokenUrl }
//   env GOOGLE_API_ROOT_URL=reports.url
//   reports.failNext('activities', { status: 429, retryAfterSeconds: 5 });
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog } from '../call-log.js';
import { LoopbackServer, readBody, sendJson } from '../loopback-server.js';

export interface ReportsActivity {
  kind?: string;
  id: { time: string; uniqueQualifier: string; applicationName: string; customerId?: string };
  actor?: Record<string, unknown>;
  ipAddress?: string;
  events?: Record<string, unknown>[];
  [field: string]: unknown;
}

export interface RecordedReportsCall {
  route: 'token' | 'activities' | 'unknown';
  path: string;
  query: Record<string, string>;
  /** For 'token': the assertion's decoded claims. */
  claims?: Record<string, unknown>;
  status: number;
  items?: number;
  failed?: true;
  at: number;
}

export type InjectedReportsFailure = { status: 429 | 500 | 503; retryAfterSeconds?: number };

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACTIVITIES = /^\/admin\/reports\/v1\/activity\/users\/([^/]+)\/applications\/([^/]+)$/;

function googleError(status: number, message: string, reason: string): Record<string, unknown> {
  return { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } };
}

export class ReportsEmulator {
  private readonly activities: ReportsActivity[] = [];
  private readonly tokens = new Set<string>();
  private readonly log = new CallLog<
    RecordedReportsCall,
    RecordedReportsCall['route'],
    InjectedReportsFailure
  >(
    (call) => call.route,
    (call) => `${call.route} ${call.path} (${call.status})`,
    'Google Reports',
  );

  private constructor(private readonly server: LoopbackServer) {}

  static async start(): Promise<ReportsEmulator> {
    const ref: { current?: ReportsEmulator } = {};
    const server = await LoopbackServer.start('Google Reports', (request, response) =>
      ref.current!.handle(request, response),
    );
    const emulator = new ReportsEmulator(server);
    ref.current = emulator;
    return emulator;
  }

  /** GOOGLE_API_ROOT_URL. */
  get url(): string {
    return this.server.url;
  }

  /** The service account key's `token_uri`. */
  get tokenUrl(): string {
    return `${this.server.url}/token`;
  }

  get calls(): readonly RecordedReportsCall[] {
    return this.log.calls;
  }

  callsTo(route: RecordedReportsCall['route']): RecordedReportsCall[] {
    return this.log.callsTo(route);
  }

  putActivity(activity: ReportsActivity): void {
    const at = this.activities.findIndex(
      (a) => a.id.uniqueQualifier === activity.id.uniqueQualifier && a.id.time === activity.id.time,
    );
    const stored = { kind: 'admin#reports#activity', ...activity };
    if (at >= 0) this.activities[at] = stored;
    else this.activities.push(stored);
  }

  /** Makes the next `times` activity requests fail as described. */
  failNext(route: 'activities' | 'token', failure: InjectedReportsFailure, times = 1): void {
    this.log.failNext(route, failure, times);
  }

  async stop(): Promise<void> {
    this.log.close();
    await this.server.stop();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const base = { path: url.pathname, query, at: Date.now() };
    const route =
      request.method === 'POST' && url.pathname === '/token'
        ? 'token'
        : request.method === 'GET' && ACTIVITIES.test(url.pathname)
          ? 'activities'
          : 'unknown';
    const failure = route === 'unknown' ? undefined : this.log.takeFailure(route);
    if (failure) {
      this.log.record({ ...base, route, status: failure.status, failed: true });
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      const reason = failure.status === 429 ? 'rateLimitExceeded' : 'backendError';
      sendJson(response, failure.status, googleError(failure.status, 'Emulated failure', reason), headers);
      return;
    }
    if (route === 'token') return this.token(new URLSearchParams(body), base, response);
    if (route === 'activities') return this.list(request, url, base, response);
    this.log.record({ ...base, route, status: 404 });
    sendJson(response, 404, googleError(404, 'Not Found', 'notFound'));
  }

  private token(
    form: URLSearchParams,
    base: Omit<RecordedReportsCall, 'route' | 'status'>,
    response: ServerResponse,
  ): void {
    const parts = (form.get('assertion') ?? '').split('.');
    let claims: Record<string, unknown> | undefined;
    try {
      if (parts.length === 3 && parts[2] !== '') {
        claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      }
    } catch (error) {
      claims = undefined;
      void error; // a malformed assertion is answered below as Google does
    }
    if (form.get('grant_type') !== JWT_BEARER || !claims || typeof claims.iss !== 'string') {
      this.log.record({ ...base, route: 'token', status: 400 });
      sendJson(response, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      return;
    }
    const token = `ya29.emulated-${randomBytes(12).toString('base64url')}`;
    this.tokens.add(token);
    this.log.record({ ...base, route: 'token', status: 200, claims });
    sendJson(response, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
  }

  private list(
    request: IncomingMessage,
    url: URL,
    base: Omit<RecordedReportsCall, 'route' | 'status'>,
    response: ServerResponse,
  ): void {
    const answer = (status: number, body: Record<string, unknown>, items?: number): void => {
      this.log.record({ ...base, route: 'activities', status, ...(items !== undefined && { items }) });
      sendJson(response, status, body);
    };
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!bearer || !this.tokens.has(bearer[1]!)) {
      return answer(401, googleError(401, 'Request had invalid authentication credentials.', 'authError'));
    }
    const [, userKey, application] = ACTIVITIES.exec(url.pathname)!;
    const params = url.searchParams;
    const start = params.has('startTime') ? Date.parse(params.get('startTime')!) : Number.NEGATIVE_INFINITY;
    const end = params.has('endTime') ? Date.parse(params.get('endTime')!) : Number.POSITIVE_INFINITY;
    if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
      return answer(400, googleError(400, 'Start time must be before end time.', 'invalid'));
    }
    const max = Number(params.get('maxResults') ?? '1000');
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      return answer(400, googleError(400, 'Invalid value for maxResults.', 'invalid'));
    }
    const offset = params.has('pageToken') ? Number(Buffer.from(params.get('pageToken')!, 'base64url')) : 0;
    const matching = this.activities
      .filter((a) => a.id.applicationName === application)
      .filter((a) => userKey === 'all' || a.actor?.email === userKey)
      .filter((a) => Date.parse(a.id.time) >= start && Date.parse(a.id.time) <= end)
      .sort(
        (a, b) =>
          Date.parse(b.id.time) - Date.parse(a.id.time) ||
          a.id.uniqueQualifier.localeCompare(b.id.uniqueQualifier),
      );
    const page = matching.slice(offset, offset + max);
    const body: Record<string, unknown> = { kind: 'admin#reports#activities', etag: '"emulated"' };
    if (page.length > 0) body.items = page;
    if (offset + max < matching.length)
      body.nextPageToken = Buffer.from(String(offset + max)).toString('base64url');
    answer(200, body, page.length);
  }
}
