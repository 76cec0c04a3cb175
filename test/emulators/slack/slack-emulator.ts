// A local stand-in for Slack that end-to-end tests point the real bot at. It speaks the Web API over
// HTTP closely enough for an unmodified @slack/web-api WebClient, serves Socket Mode over a WebSocket
// for @slack/socket-mode (and so Bolt's SocketModeReceiver), records every call for assertions and
// can inject the failures real Slack produces (rate limits, server errors, error codes).
//
// Usage:
//   const slack = await startSlackEmulator({ users: [{ id: 'U0ALICE', name: 'alice' }] });
//   new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
//   await slack.waitForCall('chat.postMessage');
//   await slack.close();
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog } from '../call-log.js';
import {
  SOCKET_MODE_PATH,
  SocketModeServer,
  type EnvelopeOptions,
  type EnvelopeType,
  type SocketModeAck,
} from './socket-mode.js';
import {
  SlackWorkspace,
  type ApiArgs,
  type ApiBody,
  type EmulatedUser,
  type SeedChannel,
  type SeedMessage,
  type StoredChannel,
  type StoredMessage,
} from './web-api.js';
import { APP_ID, DEFAULT_APP_TOKEN, DEFAULT_BOT_TOKEN } from './workspace.js';

export type { EmulatedUser, SeedChannel, SeedMessage, StoredChannel, StoredMessage } from './web-api.js';
export type { SeedFile } from './files.js';
export type { EnvelopeOptions, EnvelopeType, SocketModeAck } from './socket-mode.js';

export interface RecordedCall {
  /**
   * Web API method name, 'response_url' for a POST to a URL from responseUrl(), or 'file_download'
   * for a GET of a file's url_private_download.
   */
  method: string;
  /** Arguments as the app meant them: JSON-encoded form fields such as `blocks` are parsed back. */
  args: Record<string, unknown>;
  token?: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** Set when failNext() made this attempt fail. */
  failed?: true;
  /** The error code the emulator answered with, when it answered ok:false. */
  error?: string;
  /** For method 'response_url': which URL was posted to. */
  responseUrl?: string;
}

export type InjectedFailure =
  { status: 429; retryAfterSeconds: number } | { status: 500 } | { error: string };

export interface SlackEmulatorOptions {
  /** The workspace directory. When empty, every user id is accepted where a user is expected. */
  users?: EmulatedUser[];
  botToken?: string;
  appToken?: string;
}

// Form fields the WebClient JSON-encodes because they hold objects or arrays.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);
// Boolean arguments of the methods the emulator knows. A form body can only say 'true'/'false', so
// these are turned back into booleans; free-text fields are never touched.
const BOOLEAN_FIELDS = new Set([
  'is_private',
  'include_locale',
  'full',
  'force',
  'exclude_archived',
  'reply_broadcast',
  'unfurl_links',
  'unfurl_media',
  'mrkdwn',
  'as_user',
  'link_names',
]);
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

export interface SocketModeControls {
  /** Resolves once a client is connected (and has been sent `hello`). Default timeout 5 s. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Pushes an envelope to the newest connection; resolves with the app's ack, rejects after 5 s without one. */
  send(type: EnvelopeType, payload: object, options?: EnvelopeOptions): Promise<SocketModeAck>;
  /** Sends Slack's `disconnect` message so the client reconnects through apps.connections.open. */
  requestReconnect(reason?: string): void;
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Frames from the app Slack would not accept (unparseable, or acks for unknown envelopes). */
  readonly protocolErrors: readonly string[];
}

function socketModeControls(server: SocketModeServer): SocketModeControls {
  return {
    waitForConnection: (timeoutMs) => server.waitForConnection(timeoutMs),
    send: (type, payload, options) => server.send(type, payload, options),
    requestReconnect: (reason) => server.requestReconnect(reason),
    get connections() {
      return server.connections;
    },
    protocolErrors: server.protocolErrors,
  };
}

interface Reply {
  status: number;
  body: ApiBody;
  headers?: Record<string, string>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Unparseable JSON stays a string so the method can answer with Slack's own error for it. */
function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function formValue(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) return parseJsonField(value);
  if (BOOLEAN_FIELDS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Parses a Web API request body, or returns the error Slack answers a malformed one with. */
function parseArgs(contentType: string | undefined, raw: string, query: URLSearchParams): ApiArgs | string {
  const args: ApiArgs = {};
  for (const [key, value] of query) args[key] = formValue(key, value);
  if (raw === '') return args;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    const parsed = parseJsonField(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid_json';
    return { ...args, ...(parsed as Record<string, unknown>) };
  }
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(raw)) args[key] = formValue(key, value);
    return args;
  }
  return type === '' ? 'missing_post_type' : 'invalid_post_type';
}

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function failureReply(failure: InjectedFailure): Reply {
  if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
  if (failure.status === 429) {
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': String(failure.retryAfterSeconds) },
    };
  }
  return { status: 500, body: { ok: false, error: 'internal_error' } };
}

function errorOf(body: ApiBody): string | undefined {
  return body.ok ? undefined : typeof body.error === 'string' ? body.error : 'unknown_error';
}

export class SlackEmulator {
  /** Every request in arrival order, failed attempts included. reset() empties it in place. */
  /** Every request received, in order. */
  get calls(): RecordedCall[] {
    return this.log.calls;
  }
  /** e.g. `http://127.0.0.1:PORT/api/`; pass as WebClient's `slackApiUrl`. */
  readonly apiUrl: string;
  /** e.g. `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly baseUrl: string;
  /** What apps.connections.open points clients at (plus a ticket). */
  readonly socketUrl: string;
  readonly botToken: string;
  readonly appToken: string;

  private readonly workspace: SlackWorkspace;
  private readonly socketServer = new SocketModeServer();
  private readonly log = new CallLog<RecordedCall, string, InjectedFailure>(
    (call) => call.method,
    (call) => {
      if (call.failed) return `${call.method} (injected ${call.error ?? 'failure'})`;
      return call.error === undefined ? call.method : `${call.method} (${call.error})`;
    },
    'Slack',
  );
  private readonly responseUrlIds = new Set<string>();
  private closing: Promise<void> | undefined;

  /** Socket Mode controls: push envelopes to the app and see its acknowledgements. */
  readonly socketMode: SocketModeControls;

  private constructor(
    private readonly server: Server,
    port: number,
    options: SlackEmulatorOptions,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.socketUrl = `ws://127.0.0.1:${port}${SOCKET_MODE_PATH}`;
    this.botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
    this.workspace = new SlackWorkspace(options.users ?? [], this.baseUrl);
    this.socketMode = socketModeControls(this.socketServer);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.handle(request, response).catch((error: unknown) => {
        // A bug in the emulator must fail loudly rather than look like a Slack outage to the bot.
        console.error('Slack emulator failed to handle a request', error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) =>
      this.socketServer.handleUpgrade(request, socket, head),
    );
  }

  static async start(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new SlackEmulator(server, (server.address() as AddressInfo).port, options);
  }

  callsTo(method: string): RecordedCall[] {
    return this.log.callsTo(method);
  }

  /**
   * Resolves with the first recorded call to `method` that satisfies `predicate`, whether it was
   * already recorded or arrives later. Failed attempts count too; filter on `failed` if that matters.
   */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.log.waitFor(method, predicate, timeoutMs);
  }

  /** Forgets recorded calls; workspace state (channels, messages, views) is kept. */
  reset(): void {
    this.log.clear();
  }

  /** Makes the next `times` requests to `method` fail as described, before any other processing. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    this.log.failNext(method, failure, times);
  }

  addChannel(seed: SeedChannel): void {
    this.workspace.addChannel(seed);
  }

  getChannel(id: string): StoredChannel | undefined {
    return this.workspace.getChannel(id);
  }

  /** Marks a channel as shared with another organisation through Slack Connect. */
  shareChannel(id: string): void {
    this.workspace.shareChannel(id);
  }

  /** Seeds a message (e.g. one a human wrote) and returns its ts. */
  addMessage(channel: string, seed: SeedMessage): string {
    return this.workspace.addMessage(channel, seed);
  }

  /** Current state of a channel's history, oldest first; edits by chat.update are applied. */
  messages(channel: string): readonly StoredMessage[] {
    return this.workspace.messages(channel);
  }

  /** A fresh response_url of the kind Slack puts in commands and interactions. */
  responseUrl(): string {
    const id = randomBytes(12).toString('hex');
    this.responseUrlIds.add(id);
    return `${this.baseUrl}/response/${id}`;
  }

  /** Stop the app first: closing the emulator under a running app looks like a Slack outage to it. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.log.close();
    await this.socketServer.close();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive connections from WebClient's fetch would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const raw = await readBody(request);
    if (this.workspace.files.isDownload(url.pathname)) {
      this.handleDownload(request, response, url);
      return;
    }
    let reply: Reply;
    if (url.pathname.startsWith('/api/')) {
      reply = this.handleApi(decodeURIComponent(url.pathname.slice('/api/'.length)), request, url, raw);
    } else if (url.pathname.startsWith('/response/')) {
      reply = this.handleResponseUrl(url, raw);
    } else {
      reply = { status: 404, body: { ok: false, error: 'not_found' } };
    }
    response.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  private handleApi(method: string, request: IncomingMessage, url: URL, raw: string): Reply {
    const at = Date.now();
    const parsed = parseArgs(request.headers['content-type'], raw, url.searchParams);
    const args: ApiArgs = typeof parsed === 'string' ? {} : parsed;
    // Slack takes the token from the Authorization header or, for older clients, a `token` field.
    const token = bearerToken(request) ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const call: RecordedCall = { method, args, at, ...(token !== undefined && { token }) };

    const failure = this.log.takeFailure(method);
    if (failure) {
      const reply = failureReply(failure);
      this.log.record({ ...call, failed: true, error: errorOf(reply.body) });
      return reply;
    }
    const body = this.answer(method, args, token, parsed);
    const error = errorOf(body);
    this.log.record(error === undefined ? call : { ...call, error });
    return { status: 200, body };
  }

  private answer(
    method: string,
    args: ApiArgs,
    token: string | undefined,
    parsed: ApiArgs | string,
  ): ApiBody {
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    const isAppMethod = APP_TOKEN_METHODS.has(method);
    // Slack names an unknown method before it looks at the token.
    if (!isAppMethod && !this.workspace.knows(method)) {
      return { ok: false, error: 'unknown_method', req_method: method };
    }
    const authError = this.authError(method, token);
    if (authError !== undefined) return { ok: false, error: authError };
    if (isAppMethod) {
      const ticket = this.socketServer.issueTicket();
      return { ok: true, url: `${this.socketUrl}?ticket=${ticket}&app_id=${APP_ID}` };
    }
    return this.workspace.call(method, args) ?? { ok: false, error: 'unknown_method', req_method: method };
  }

  private authError(method: string, token: string | undefined): string | undefined {
    if (token === undefined) return 'not_authed';
    const expected = APP_TOKEN_METHODS.has(method) ? this.appToken : this.botToken;
    if (token === expected) return undefined;
    // The right app's other token: Slack distinguishes this from a token it does not know at all.
    if (token === this.appToken || token === this.botToken) return 'not_allowed_token_type';
    return 'invalid_auth';
  }

  /** A file's private download: its bytes only for the bot token, recorded as 'file_download'. */
  private handleDownload(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const token = bearerToken(request);
    const call: RecordedCall = {
      method: 'file_download',
      args: { path: decodeURIComponent(url.pathname) },
      at: Date.now(),
      ...(token !== undefined && { token }),
    };
    const failure = this.log.takeFailure('file_download');
    if (failure) {
      const reply = failureReply(failure);
      this.log.record({ ...call, failed: true, error: errorOf(reply.body) });
      response.writeHead(reply.status, {
        'Content-Type': 'application/json; charset=utf-8',
        ...reply.headers,
      });
      response.end(JSON.stringify(reply.body));
      return;
    }
    const reply = this.workspace.files.download(url.pathname, token, this.botToken);
    this.log.record(reply.status === 200 ? call : { ...call, error: String(reply.status) });
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  }

  private handleResponseUrl(url: URL, raw: string): Reply {
    const id = url.pathname.slice('/response/'.length);
    const body = parseJsonField(raw);
    const args = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ApiArgs) : {};
    const call: RecordedCall = { method: 'response_url', args, at: Date.now(), responseUrl: url.href };
    const failure = this.log.takeFailure('response_url');
    if (failure) {
      const reply = failureReply(failure);
      this.log.record({ ...call, failed: true, error: errorOf(reply.body) });
      return reply;
    }
    let reply: Reply = { status: 200, body: { ok: true } };
    if (!this.responseUrlIds.has(id)) reply = { status: 404, body: { ok: false, error: 'expired_url' } };
    else if (args !== body) reply = { status: 400, body: { ok: false, error: 'invalid_payload' } };
    const error = errorOf(reply.body);
    this.log.record(error === undefined ? call : { ...call, error });
    return reply;
  }
}

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  return SlackEmulator.start(options);
}
