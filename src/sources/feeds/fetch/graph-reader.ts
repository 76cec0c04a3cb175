// Reads Microsoft Graph list endpoints with @microsoft/microsoft-graph-client for every Tsunagi
// source on Graph (Microsoft 365 notices, Entra audit logs, security alerts): an app-only token,
// `$filter`/`$top`, @odata.nextLink paging that never sends the token elsewhere, and failures typed
// for the pollers (graph-errors.ts), a 429's Retry-After included.
//
// The client runs with our own two-step middleware chain (bearer token, then HTTP) instead of its
// default one: its AuthenticationHandler attaches tokens only to https Graph hosts (so never to a
// local emulator on http), and its RetryHandler would sit out a 429 for up to three minutes inside
// one poll, where the poller should back off (honouring Retry-After) and let other sources run.
import {
  Client,
  GraphError,
  HTTPMessageHandler,
  ResponseType,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { graphError } from './graph-errors.js';
import { invalidResponseError } from './fetch-error.js';
import { ClientCredentialsTokenProvider, type GraphCredentials } from './graph-token.js';
import { TSUNAGI_USER_AGENT } from './user-agent.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';
const GRAPH_VERSION = 'v1.0';

export interface GraphFetcherOptions {
  readonly credentials: GraphCredentials;
  /** GRAPH_BASE_URL; default https://graph.microsoft.com. */
  readonly baseUrl?: string;
  /** GRAPH_AUTHORITY_URL; default https://login.microsoftonline.com. */
  readonly authorityUrl?: string;
  /** Deadline for each request (token and every page). Default 20 s. */
  readonly timeoutMs?: number;
  /** `$top`. Default 100 (Graph's own default page size). */
  readonly pageSize?: number;
  /** The application permissions to name when Graph denies access. */
  readonly permissions?: string;
}

export interface GraphQuery {
  readonly filter?: string | undefined;
  readonly top?: number;
}

/** Adds the bearer token to requests for the configured Graph origin, and to nothing else. */
class BearerTokenMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly tokens: ClientCredentialsTokenProvider,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    // RequestInfo: the client passes the URL as a string; a Request object carries it in `url`.
    const request = context.request as unknown;
    const url = typeof request === 'string' ? request : (request as { url: string }).url;
    if (new URL(url).origin === this.origin) {
      const token = await this.tokens.getAccessToken();
      const options = (context.options ??= {});
      options.headers = { ...(options.headers as Record<string, string>), Authorization: `Bearer ${token}` };
    }
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export class GraphReader {
  private readonly client: Client;
  private readonly tokens: ClientCredentialsTokenProvider;
  private readonly base: URL;
  readonly timeoutMs: number;
  readonly pageSize: number;
  private readonly permissions: string | undefined;

  constructor(options: GraphFetcherOptions) {
    this.permissions = options.permissions;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.pageSize = options.pageSize ?? 100;
    this.base = new URL(options.baseUrl ?? DEFAULT_GRAPH_BASE_URL);
    this.tokens = new ClientCredentialsTokenProvider(options.credentials, {
      timeoutMs: this.timeoutMs,
      ...(options.authorityUrl !== undefined && { authorityUrl: options.authorityUrl }),
    });
    const bearer = new BearerTokenMiddleware(this.tokens, this.base.origin);
    bearer.setNext(new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({
      middleware: bearer,
      baseUrl: this.base.href.replace(/\/+$/, ''),
      defaultVersion: GRAPH_VERSION,
      fetchOptions: { headers: { 'User-Agent': TSUNAGI_USER_AGENT } },
    });
  }

  /** Every page of the list at `path` (below /v1.0), following @odata.nextLink, at most `maxPages`. */
  async *pages(
    path: string,
    query: GraphQuery,
    signal: AbortSignal | undefined,
    maxPages: number,
  ): AsyncGenerator<{ body: Record<string, unknown>; items: unknown[] }> {
    let next: string | undefined = path;
    let first = true;
    for (let page = 0; next !== undefined && page < maxPages; page += 1) {
      const body = await this.get(next, first ? query : {}, signal);
      first = false;
      const items = body.value;
      if (!Array.isArray(items)) {
        throw invalidResponseError('Microsoft Graph', {
          ja: '一覧に value 配列がありません',
          en: 'the list has no value array',
        });
      }
      yield { body, items: items as unknown[] };
      next = this.nextPath(body['@odata.nextLink']);
    }
  }

  /** The next page's path and query below the version segment, from an @odata.nextLink. */
  private nextPath(nextLink: unknown): string | undefined {
    if (nextLink === undefined || nextLink === null) return undefined;
    const next = typeof nextLink === 'string' && URL.canParse(nextLink) ? new URL(nextLink) : undefined;
    const prefix = `/${GRAPH_VERSION}/`;
    // The token goes only where the first request went: a next link elsewhere is refused.
    if (!next || next.origin !== this.base.origin || !next.pathname.startsWith(prefix)) {
      throw invalidResponseError('Microsoft Graph', {
        ja: '@odata.nextLink が設定された Graph の URL を指していません',
        en: '@odata.nextLink does not point at the configured Graph URL',
      });
    }
    return `${next.pathname.slice(prefix.length - 1)}${next.search}`;
  }

  /** One GET; a refused token is renewed and the request tried once more. */
  private async get(
    path: string,
    query: GraphQuery,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 1; ; attempt += 1) {
      // Asked here first so token failures keep their own type: the client would wrap anything its
      // middleware throws into a GraphError. The middleware then finds the token cached.
      await this.tokens.getAccessToken();
      const deadline = AbortSignal.timeout(this.timeoutMs);
      let request = this.client
        .api(path)
        .responseType(ResponseType.JSON)
        .option('signal', signal ? AbortSignal.any([deadline, signal]) : deadline);
      if (query.filter !== undefined) request = request.filter(query.filter);
      if (query.top !== undefined) request = request.top(query.top);
      try {
        return (await request.get()) as Record<string, unknown>;
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (error instanceof GraphError && error.statusCode === 401 && attempt === 1) {
          this.tokens.invalidate();
          continue;
        }
        throw graphError(error, deadline.aborted, this.timeoutMs, this.permissions);
      }
    }
  }
}
