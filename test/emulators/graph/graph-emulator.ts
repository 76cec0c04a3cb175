// A local stand-in for Microsoft Graph and the identity platform's token endpoint, for the Microsoft
// 365 pollers: `GET /v1.0/admin/serviceAnnouncement/messages` and `/issues` (paged with
// @odata.nextLink, `$top`, simple `$filter`), bearer tokens required (401 without), and
// `POST /<tenant>/oauth2/v2.0/token` issuing them for the client-credentials grant; for the audit
// pollers also `/v1.0/auditLogs/directoryAudits`, `/auditLogs/signIns` and `/security/alerts_v2`. Routes live in a
// table (`addRoute`, `addCollection`) so other Graph endpoints (issue 7's audit logs) slot in.
//
// Usage:
//   const graph = await GraphEmulator.start();
//   graph.putItem('messages', { id: 'MC123456', title: '…', lastModifiedDateTime: '…', … });
//   env GRAPH_BASE_URL=graph.url, GRAPH_AUTHORITY_URL=graph.url, GRAPH_TENANT_ID=graph.app.tenantId …
//   graph.failNext('messages', { status: 429, retryAfterSeconds: 7 });
//   await graph.stop();
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog } from '../call-log.js';
import { LoopbackServer, readBody, sendJson } from '../loopback-server.js';
import { listCollection, type GraphItem } from './graph-collections.js';
import {
  failureAnswer,
  graphError,
  type GraphAnswer,
  type GraphRoute,
  type InjectedGraphFailure,
  type RecordedGraphCall,
} from './graph-routes.js';
import { DEFAULT_APP, GraphTokens, type GraphAppRegistration } from './graph-tokens.js';

export type { GraphItem } from './graph-collections.js';
export type {
  GraphAnswer,
  GraphRoute,
  GraphRouteRequest,
  InjectedGraphFailure,
  RecordedGraphCall,
} from './graph-routes.js';
export { DEFAULT_APP, GRAPH_SCOPE, type GraphAppRegistration } from './graph-tokens.js';

export interface GraphEmulatorOptions {
  app?: Partial<GraphAppRegistration>;
}

export class GraphEmulator {
  readonly app: GraphAppRegistration;
  /** Items of each collection route, by route name. */
  private readonly collections = new Map<string, GraphItem[]>();
  private readonly routes: GraphRoute[] = [];
  private readonly tokens: GraphTokens;
  private readonly log = new CallLog<RecordedGraphCall, string, InjectedGraphFailure>(
    (call) => call.route,
    (call) => `${call.method} ${call.route} (${call.error ?? call.status})`,
    'Microsoft Graph',
  );
  /** Caps every collection page, whatever $top asks for (0 or undefined: no cap). */
  serverPageSize: number | undefined;

  private constructor(
    private readonly server: LoopbackServer,
    options: GraphEmulatorOptions,
  ) {
    this.app = { ...DEFAULT_APP, ...options.app };
    this.tokens = new GraphTokens(this.app);
    this.addRoute({
      name: 'token',
      method: 'POST',
      path: /^\/([^/]+)\/oauth2\/v2\.0\/token$/,
      authenticated: false,
      handle: ({ body }, match) =>
        this.tokens.issue(decodeURIComponent(match[1]!), new URLSearchParams(body)),
    });
    this.addCollection('messages', '/admin/serviceAnnouncement/messages');
    this.addCollection('issues', '/admin/serviceAnnouncement/issues');
    // Issue 7's audit sources: Entra audit logs and sign-ins, and Defender/Entra security alerts.
    this.addCollection('directoryAudits', '/auditLogs/directoryAudits', 'activityDateTime');
    this.addCollection('signIns', '/auditLogs/signIns', 'createdDateTime');
    this.addCollection('alerts_v2', '/security/alerts_v2', 'createdDateTime');
  }

  static async start(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
    // The server exists before the emulator that answers its requests.
    const ref: { current?: GraphEmulator } = {};
    const server = await LoopbackServer.start('Microsoft Graph', (request, response) =>
      ref.current!.handle(request, response),
    );
    const emulator = new GraphEmulator(server, options);
    ref.current = emulator;
    return emulator;
  }

  /** Both the Graph base URL (GRAPH_BASE_URL) and the authority (GRAPH_AUTHORITY_URL). */
  get url(): string {
    return this.server.url;
  }

  get calls(): readonly RecordedGraphCall[] {
    return this.log.calls;
  }

  callsTo(route: string): RecordedGraphCall[] {
    return this.log.callsTo(route);
  }

  waitForCall(
    route: string,
    predicate: (call: RecordedGraphCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedGraphCall> {
    return this.log.waitFor(route, predicate, timeoutMs);
  }

  /** Adds a route; later routes win over earlier ones with an overlapping path. */
  addRoute(route: GraphRoute): void {
    this.routes.unshift(route);
  }

  /** Serves a list under /v1.0`path`, paged and filterable, newest `orderBy` first. */
  addCollection(name: string, path: string, orderBy = 'lastModifiedDateTime'): void {
    this.collections.set(name, []);
    const pattern = new RegExp(`^/v1\\.0${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    this.addRoute({
      name,
      method: 'GET',
      path: pattern,
      authenticated: true,
      handle: ({ request, url }) =>
        listCollection(this.collections.get(name) ?? [], {
          url,
          context: `${this.url}/v1.0/$metadata#${path.slice(1)}`,
          orderBy,
          ...(typeof request.headers.prefer === 'string' && { prefer: request.headers.prefer }),
          ...(this.serverPageSize ? { serverPageSize: this.serverPageSize } : {}),
        }),
    });
  }

  /** Adds the item to a collection, or replaces the one with the same id. */
  putItem(collection: string, item: GraphItem): void {
    const items = this.collections.get(collection);
    if (!items) throw new Error(`The Graph emulator has no collection named ${collection}`);
    const at = items.findIndex((existing) => existing.id === item.id);
    if (at >= 0) items[at] = item;
    else items.push(item);
  }

  removeItem(collection: string, id: string): void {
    const items = this.collections.get(collection) ?? [];
    const at = items.findIndex((existing) => existing.id === id);
    if (at >= 0) items.splice(at, 1);
  }

  /** Seconds new tokens live (`expires_in`). */
  setTokenLifetime(seconds: number): void {
    this.tokens.lifetimeSeconds = seconds;
  }

  /** Makes Graph refuse every token issued so far, as once they have expired. */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  get tokensIssued(): number {
    return this.tokens.issuedCount;
  }

  /** Makes the next `times` requests to the named route fail as described. */
  failNext(route: string, failure: InjectedGraphFailure, times = 1): void {
    this.log.failNext(route, failure, times);
  }

  async stop(): Promise<void> {
    this.log.close();
    await this.server.stop();
  }

  private route(method: string, path: string): { route: GraphRoute; match: RegExpExecArray } | undefined {
    for (const route of this.routes) {
      const match = route.method === method ? route.path.exec(path) : null;
      if (match) return { route, match };
    }
    return undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', this.url);
    const found = this.route(request.method ?? 'GET', url.pathname);
    const route = found?.route;
    const call: RecordedGraphCall = {
      route: route?.name ?? 'unknown',
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 200,
      at: Date.now(),
    };
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (bearer) call.token = bearer[1]!;
    if (route?.name === 'token') {
      const form = Object.fromEntries(new URLSearchParams(body));
      delete form.client_secret;
      call.form = form;
    }

    const failure = route ? this.log.takeFailure(route.name) : undefined;
    if (failure && 'hang' in failure) {
      this.server.hold(response);
      this.log.record({ ...call, status: 'hung', failed: true });
      return;
    }
    let answer: GraphAnswer;
    if (failure) answer = failureAnswer(failure);
    else if (!found) {
      answer = graphError(400, 'BadRequest', `Resource not found for the segment '${url.pathname}'.`);
    } else {
      const refusal = found.route.authenticated
        ? this.tokens.refusal(request.headers.authorization)
        : undefined;
      answer =
        refusal !== undefined
          ? graphError(401, 'InvalidAuthenticationToken', refusal)
          : found.route.handle({ request, url, body }, found.match);
    }
    const errorBody = answer.body.error;
    const error =
      typeof errorBody === 'string'
        ? errorBody
        : typeof errorBody === 'object' && errorBody !== null
          ? String((errorBody as { code?: unknown }).code)
          : undefined;
    this.log.record({
      ...call,
      status: answer.status,
      ...(error !== undefined && { error }),
      ...(failure && { failed: true as const }),
    });
    sendJson(response, answer.status, answer.body, answer.headers);
  }
}
