// A local stand-in for the Microsoft Bot Framework Bot Connector service: the REST API a Teams bot
// calls (at the `serviceUrl` of an inbound activity) to post, reply, edit and delete messages and to
// look up members. It speaks HTTP closely enough for an unmodified botframework-connector
// ConnectorClient (and so botbuilder's CloudAdapter), records every call for assertions and can
// inject the failures the real service produces (throttling, server errors, error codes). It also
// stands in for OneDrive where files a user sends the bot are kept (hostFile()).
//
// It does not check tokens: a bot without MicrosoftAppId sends none, a configured one sends a
// Bearer token; either way the Authorization header is recorded as it arrived.
//
// Usage:
//   const connector = await startBotConnectorEmulator({ members: [{ id: '29:alice', name: 'Alice', aadObjectId }] });
//   await postActivity(botUrl, messageActivity({ serviceUrl: connector.serviceUrl, ... }));
//   await connector.waitForCall('replyToActivity');
//   await connector.close();
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog } from '../call-log.js';
import { FILES_PREFIX, HostedFiles, type HostedFile } from './hosted-files.js';
import { TENANT_ID, baseConversationId, channelThreadId, nextActivityId } from './tenant.js';

export type ConnectorRoute =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getMembers'
  | 'getPagedMembers'
  | 'getMember'
  | 'getTeamChannels'
  | 'getTeamDetails'
  /** A GET of a hosted file's downloadUrl (see hostFile()). */
  | 'fileDownload'
  | 'other';

export type ConnectorMethod = 'POST' | 'PUT' | 'GET' | 'DELETE';

export interface RecordedConnectorCall {
  /** The HTTP method; anything other than the four the Connector uses is recorded as 'OTHER'. */
  method: ConnectorMethod | 'OTHER';
  route: ConnectorRoute;
  /** Request path as sent (still URL-encoded), without the query string. */
  path: string;
  /** Decoded. For createConversation: the id of the conversation (or channel thread) it created. */
  conversationId?: string;
  /** Decoded. For createConversation: the id of the activity that started it, if one was posted. */
  activityId?: string;
  /** Decoded, for getMember. */
  memberId?: string;
  /** Decoded, for the /v3/teams routes. */
  teamId?: string;
  /** The parsed JSON body; the raw text when it was not JSON. */
  body?: unknown;
  /** The Authorization header exactly as received, when there was one. */
  authorization?: string;
  /** The HTTP status the emulator answered with. */
  status: number;
  /** The error code the emulator answered with, for 4xx/5xx answers. */
  error?: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** Set when failNext() made this attempt fail. */
  failed?: true;
}

export type InjectedConnectorFailure =
  | { status: 429; retryAfterSeconds: number }
  | { status: 500 }
  /** Any other error answer, e.g. `{ status: 403, code: 'ConversationBlockedByUser' }`. */
  | { status: number; code: string; message?: string };

/** A Teams user as the Connector's member APIs describe them (a TeamsChannelAccount). */
export interface EmulatedTeamsMember {
  /** The Teams user id, `29:...`. */
  id: string;
  name: string;
  /** The Entra ID (Azure AD) object id. */
  aadObjectId: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

export interface EmulatedTeam {
  /** The team id, which is also the id of its General channel (`19:...@thread.tacv2`). */
  id: string;
  name: string;
  aadGroupId?: string;
  /** Channels other than General; `type` is answered only when given, as older services omit it. */
  channels?: { id: string; name: string; type?: 'standard' | 'shared' | 'private' }[];
}

export interface BotConnectorEmulatorOptions {
  /** The member directory. Every conversation has all of them unless setConversationMembers() says otherwise. */
  members?: EmulatedTeamsMember[];
  teams?: EmulatedTeam[];
}

export interface StoredActivity {
  id: string;
  conversationId: string;
  /** The activity as last sent or updated by the bot, with `id` set to the id the emulator gave it. */
  activity: Record<string, unknown>;
  /** The activity this one replied to (replyToActivity), if any. */
  replyToId?: string;
  /** Date.now() when it was posted. */
  at: number;
  /** Date.now() of the last update, if updated. */
  updatedAt?: number;
}

interface Reply {
  status: number;
  /** Serialised as JSON; undefined sends an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

interface Routed {
  route: ConnectorRoute;
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  teamId?: string;
}

const METHODS = new Set<string>(['POST', 'PUT', 'GET', 'DELETE']);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function errorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { error: { code, message } }, ...(headers && { headers }) };
}

function failureReply(failure: InjectedConnectorFailure): Reply {
  if ('code' in failure)
    return errorReply(failure.status, failure.code, failure.message ?? 'Injected failure');
  if (failure.status === 429) {
    return errorReply(429, 'TooManyRequests', 'Too many requests', {
      'Retry-After': String(failure.retryAfterSeconds),
    });
  }
  return errorReply(500, 'ServiceError', 'Injected internal server error');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return isRecord(inner) ? inner : undefined;
}

function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return typeof inner === 'string' ? inner : undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Maps a method and path onto a Connector operation; conversation ids arrive URL-encoded. */
function routeOf(method: string, pathname: string): Routed {
  const raw = pathname.split('/').filter((segment) => segment !== '');
  const segments = raw.map(decodeSegment);
  if (segments.some((segment) => segment === undefined) || segments[0] !== 'v3') return { route: 'other' };
  const parts = segments as string[];
  const [, collection, id, sub, subId, extra] = parts;
  if (collection === 'conversations') {
    if (id === undefined) return method === 'POST' ? { route: 'createConversation' } : { route: 'other' };
    const conversationId = id;
    if (sub === 'activities' && extra === undefined) {
      if (subId === undefined) {
        return method === 'POST' ? { route: 'sendToConversation', conversationId } : { route: 'other' };
      }
      // POST …/activities/history is sendConversationHistory, not a reply to an activity called "history".
      if (subId === 'history') return { route: 'other', conversationId };
      const activityId = subId;
      if (method === 'POST') return { route: 'replyToActivity', conversationId, activityId };
      if (method === 'PUT') return { route: 'updateActivity', conversationId, activityId };
      if (method === 'DELETE') return { route: 'deleteActivity', conversationId, activityId };
    }
    if (sub === 'members' && method === 'GET' && extra === undefined) {
      if (subId === undefined) return { route: 'getMembers', conversationId };
      return { route: 'getMember', conversationId, memberId: subId };
    }
    if (sub === 'pagedmembers' && method === 'GET' && subId === undefined) {
      return { route: 'getPagedMembers', conversationId };
    }
    return { route: 'other', conversationId };
  }
  if (collection === 'teams' && id !== undefined && method === 'GET' && subId === undefined) {
    if (sub === undefined) return { route: 'getTeamDetails', teamId: id };
    if (sub === 'conversations') return { route: 'getTeamChannels', teamId: id };
  }
  return { route: 'other' };
}

function memberJson(member: EmulatedTeamsMember): Record<string, unknown> {
  return {
    id: member.id,
    name: member.name,
    aadObjectId: member.aadObjectId,
    givenName: member.givenName ?? member.name.split(' ')[0] ?? member.name,
    surname: member.surname ?? member.name.split(' ').slice(1).join(' '),
    email: member.email ?? member.userPrincipalName ?? null,
    userPrincipalName: member.userPrincipalName ?? member.email ?? null,
    tenantId: member.tenantId ?? TENANT_ID,
    userRole: member.userRole ?? 'user',
  };
}

export class BotConnectorEmulator {
  /** Every request in arrival order, failed attempts included. reset() empties it in place. */
  /** Every request received, in order. */
  get calls(): RecordedConnectorCall[] {
    return this.log.calls;
  }
  /** e.g. `http://127.0.0.1:PORT/`, with the trailing slash botbuilder expects; put it in activities. */
  readonly serviceUrl: string;
  /** e.g. `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly baseUrl: string;

  private readonly log = new CallLog<RecordedConnectorCall, ConnectorRoute, InjectedConnectorFailure>(
    (call) => call.route,
    (call) => {
      const name = call.route === 'other' ? `other (${call.method} ${call.path})` : call.route;
      if (call.failed) return `${name} (injected ${call.status})`;
      return call.error === undefined ? name : `${name} (${call.status} ${call.error})`;
    },
    'Bot Connector',
  );
  private readonly conversations = new Map<string, StoredActivity[]>();
  private readonly members: EmulatedTeamsMember[];
  private readonly conversationMembers = new Map<string, string[]>();
  private readonly teams = new Map<string, EmulatedTeam>();
  /** 1:1 conversations by user id: Teams answers createConversation for the same user with the same id. */
  private readonly personalConversations = new Map<string, string>();
  private readonly files: HostedFiles;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    port: number,
    options: BotConnectorEmulatorOptions,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.serviceUrl = `${this.baseUrl}/`;
    this.members = [...(options.members ?? [])];
    this.files = new HostedFiles(this.baseUrl);
    for (const team of options.teams ?? []) this.addTeam(team);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.handle(request, response).catch((error: unknown) => {
        // A bug in the emulator must fail loudly rather than look like a Connector outage to the bot.
        console.error('Bot Connector emulator failed to handle a request', error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  static async start(options: BotConnectorEmulatorOptions = {}): Promise<BotConnectorEmulator> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new BotConnectorEmulator(server, (server.address() as AddressInfo).port, options);
  }

  callsTo(route: ConnectorRoute): RecordedConnectorCall[] {
    return this.log.callsTo(route);
  }

  /** The first recorded call on `route` satisfying `predicate`, already recorded or still to come. */
  waitForCall(
    route: ConnectorRoute,
    predicate: (call: RecordedConnectorCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedConnectorCall> {
    return this.log.waitFor(route, predicate, timeoutMs);
  }

  /** Forgets recorded calls and pending failures; conversation state (activities, members) is kept. */
  reset(): void {
    this.log.clear();
    this.log.clearFailures();
  }

  /** Makes the next `times` requests on `route` fail as described. */
  failNext(route: ConnectorRoute, failure: InjectedConnectorFailure, times = 1): void {
    this.log.failNext(route, failure, times);
  }

  /** The activities the bot posted to a conversation (exact id), oldest first, with updates applied. */
  activities(conversationId: string): readonly StoredActivity[] {
    return this.conversations.get(conversationId) ?? [];
  }

  /** Every conversation id that holds at least one activity. */
  conversationIds(): string[] {
    return [...this.conversations.keys()];
  }

  /** Seeds an activity (e.g. one the bot posted before a restart) and returns its id. */
  addActivity(conversationId: string, activity: Record<string, unknown>, id = nextActivityId()): string {
    this.store(conversationId, id, activity);
    return id;
  }

  addMember(member: EmulatedTeamsMember): void {
    this.members.push(member);
  }

  /**
   * Restricts who the member APIs list for a conversation (and its channel threads) to these
   * member ids; by default every member of the directory is in every conversation.
   */
  setConversationMembers(conversationId: string, memberIds: string[]): void {
    this.conversationMembers.set(baseConversationId(conversationId), [...memberIds]);
  }

  addTeam(team: EmulatedTeam): void {
    this.teams.set(team.id, team);
  }

  /** Keeps a file as Teams keeps one sent to the bot; put it on an activity with fileDownloadAttachment(). */
  hostFile(file: { name: string; bytes: Buffer; mimetype?: string }): HostedFile {
    return this.files.host(file);
  }

  /** Stop the bot first: closing the emulator under a running bot looks like an outage to it. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.log.close();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive connections from the connector client would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(request.url ?? '/', this.baseUrl);
    const raw = await readBody(request);
    const method = request.method ?? 'GET';
    if (method === 'GET' && url.pathname.startsWith(FILES_PREFIX)) {
      const file = this.files.serve(url);
      this.log.record({
        method: 'GET',
        route: 'fileDownload',
        path: url.pathname,
        status: file.status,
        at,
        ...(request.headers.authorization !== undefined && { authorization: request.headers.authorization }),
        ...(file.status !== 200 && { error: String(file.status) }),
      });
      response.writeHead(file.status, file.headers);
      response.end(file.body);
      return;
    }
    const routed = routeOf(method, url.pathname);
    let body: unknown;
    let unparsable = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = raw;
        unparsable = true;
      }
    }
    const authorization = request.headers.authorization;
    const call: Omit<RecordedConnectorCall, 'status'> = {
      method: METHODS.has(method) ? (method as ConnectorMethod) : 'OTHER',
      ...routed,
      path: url.pathname,
      ...(body !== undefined && { body }),
      ...(authorization !== undefined && { authorization }),
      at,
    };

    let reply: Reply;
    let failed = false;
    const failure = this.log.takeFailure(routed.route);
    if (failure) {
      reply = failureReply(failure);
      failed = true;
    } else if (unparsable) {
      reply = errorReply(400, 'BadArgument', 'The request body is not valid JSON');
    } else {
      reply = this.answer(routed, body, call);
    }

    const error = isRecord(reply.body) ? stringAt(recordAt(reply.body, 'error'), 'code') : undefined;
    this.log.record({
      ...call,
      status: reply.status,
      ...(error !== undefined && { error }),
      ...(failed && { failed: true as const }),
    });
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    response.writeHead(reply.status, headers);
    response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  /** Produces the answer; may fill in ids on `call` that only exist once the request is handled. */
  private answer(routed: Routed, body: unknown, call: Partial<RecordedConnectorCall>): Reply {
    const { conversationId, activityId } = routed;
    switch (routed.route) {
      case 'createConversation':
        return this.createConversation(body, call);
      case 'sendToConversation':
      case 'replyToActivity': {
        if (!isRecord(body) || typeof body.type !== 'string') {
          return errorReply(400, 'BadArgument', 'The activity is missing or has no type');
        }
        const id = nextActivityId();
        this.store(conversationId!, id, body, activityId);
        return { status: 201, body: { id } };
      }
      case 'updateActivity': {
        if (!isRecord(body) || typeof body.type !== 'string') {
          return errorReply(400, 'BadArgument', 'The activity is missing or has no type');
        }
        const stored = this.find(conversationId!, activityId!);
        if (!stored)
          return errorReply(404, 'NotFound', `Activity ${activityId} not found in the conversation`);
        stored.activity = { ...body, id: stored.id };
        stored.updatedAt = Date.now();
        return { status: 200, body: { id: stored.id } };
      }
      case 'deleteActivity': {
        const stored = this.find(conversationId!, activityId!);
        if (!stored)
          return errorReply(404, 'NotFound', `Activity ${activityId} not found in the conversation`);
        const list = this.conversations.get(stored.conversationId) ?? [];
        list.splice(list.indexOf(stored), 1);
        return { status: 200 };
      }
      case 'getMembers':
        return { status: 200, body: this.membersOf(conversationId!).map(memberJson) };
      case 'getPagedMembers':
        return { status: 200, body: { members: this.membersOf(conversationId!).map(memberJson) } };
      case 'getMember': {
        const wanted = routed.memberId!.toLowerCase();
        const member = this.membersOf(conversationId!).find(
          (candidate) =>
            candidate.id.toLowerCase() === wanted ||
            candidate.aadObjectId.toLowerCase() === wanted ||
            candidate.userPrincipalName?.toLowerCase() === wanted,
        );
        if (!member) {
          return errorReply(404, 'MemberNotFoundInConversation', 'The member is not in the conversation');
        }
        return { status: 200, body: memberJson(member) };
      }
      case 'getTeamChannels': {
        const team = this.teams.get(routed.teamId!);
        if (!team) return errorReply(404, 'NotFound', `Team ${routed.teamId} not found`);
        // The General channel shares the team's id and comes back without a name.
        const conversations = [
          { id: team.id },
          ...(team.channels ?? []).map(({ id, name, type }) => ({ id, name, ...(type && { type }) })),
        ];
        return { status: 200, body: { conversations } };
      }
      case 'getTeamDetails': {
        const team = this.teams.get(routed.teamId!);
        if (!team) return errorReply(404, 'NotFound', `Team ${routed.teamId} not found`);
        return {
          status: 200,
          body: {
            id: team.id,
            name: team.name,
            aadGroupId: team.aadGroupId ?? null,
            channelCount: 1 + (team.channels?.length ?? 0),
            memberCount: this.membersOf(team.id).length,
          },
        };
      }
      // File downloads are served before routing (see handle()); never routed here.
      case 'fileDownload':
      case 'other':
        return errorReply(404, 'NotFound', 'The emulator does not implement this operation');
    }
  }

  private createConversation(body: unknown, call: Partial<RecordedConnectorCall>): Reply {
    if (!isRecord(body)) return errorReply(400, 'BadArgument', 'ConversationParameters are required');
    const activity = recordAt(body, 'activity');
    const channelId = stringAt(recordAt(recordAt(body, 'channelData'), 'channel'), 'id');
    if (channelId !== undefined) {
      // Teams starts a new thread in the channel: the conversation is the channel plus the root post.
      if (!activity)
        return errorReply(400, 'BadArgument', 'An activity is required to start a channel thread');
      const activityId = nextActivityId();
      const conversationId = channelThreadId(channelId, activityId);
      this.store(conversationId, activityId, activity);
      call.conversationId = conversationId;
      call.activityId = activityId;
      return { status: 201, body: { id: conversationId, activityId } };
    }
    const members = Array.isArray(body.members) ? (body.members as unknown[]) : [];
    const firstMemberId = stringAt(members[0], 'id');
    if (firstMemberId === undefined) {
      return errorReply(400, 'BadArgument', 'Members are required unless channelData names a channel');
    }
    let conversationId: string;
    if (body.isGroup === true || members.length > 1) {
      conversationId = `19:${randomBytes(16).toString('hex')}@thread.v2`;
    } else {
      conversationId =
        this.personalConversations.get(firstMemberId) ?? `a:1${randomBytes(24).toString('hex')}`;
      this.personalConversations.set(firstMemberId, conversationId);
    }
    call.conversationId = conversationId;
    if (!activity) return { status: 201, body: { id: conversationId } };
    const activityId = nextActivityId();
    this.store(conversationId, activityId, activity);
    call.activityId = activityId;
    return { status: 201, body: { id: conversationId, activityId } };
  }

  private store(
    conversationId: string,
    id: string,
    activity: Record<string, unknown>,
    replyToId?: string,
  ): void {
    // Typing indicators are transient in Teams: they are acknowledged but never become messages.
    if (activity.type === 'typing') return;
    const list = this.conversations.get(conversationId) ?? [];
    list.push({
      id,
      conversationId,
      activity: { ...activity, id },
      ...(replyToId !== undefined && { replyToId }),
      at: Date.now(),
    });
    this.conversations.set(conversationId, list);
  }

  /**
   * Finds an activity addressed either by its own conversation or by any conversation of the same
   * channel: a root post lives in its thread `19:…;messageid=X` but may be edited through the channel id.
   */
  private find(conversationId: string, activityId: string): StoredActivity | undefined {
    const exact = this.conversations.get(conversationId)?.find((stored) => stored.id === activityId);
    if (exact) return exact;
    const base = baseConversationId(conversationId);
    for (const [id, list] of this.conversations) {
      if (baseConversationId(id) !== base) continue;
      const found = list.find((stored) => stored.id === activityId);
      if (found) return found;
    }
    return undefined;
  }

  private membersOf(conversationId: string): EmulatedTeamsMember[] {
    const ids = this.conversationMembers.get(baseConversationId(conversationId));
    if (ids === undefined) return this.members;
    return this.members.filter((member) => ids.includes(member.id));
  }
}

export async function startBotConnectorEmulator(
  options: BotConnectorEmulatorOptions = {},
): Promise<BotConnectorEmulator> {
  return BotConnectorEmulator.start(options);
}
