// The Bot Connector emulator must be faithful enough that the real SDKs work against it unchanged;
// these tests drive it with botframework-connector's ConnectorClient and with botbuilder's
// CloudAdapter running unauthenticated (no MicrosoftAppId) behind a real express endpoint.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startBotConnectorEmulator,
  type BotConnectorEmulator,
  type EmulatedTeamsMember,
} from '../emulators/bot-connector/bot-connector-emulator.js';
import {
  BOT_ID,
  TENANT_ID,
  adaptiveCardActionInvoke,
  channelThreadId,
  conversationUpdateActivity,
  installationUpdateActivity,
  messageActivity,
  messageBackSubmit,
  postActivity,
} from '../emulators/bot-connector/teams-activities.js';

const TEAM_ID = '19:general0team0id@thread.tacv2';
const CHANNEL_ID = '19:incidents0channel@thread.tacv2';
const ALICE: EmulatedTeamsMember = {
  id: '29:1alice-teams-user-id',
  name: 'Alice Example',
  aadObjectId: '6b3c2a1d-0000-4000-8000-00000000a11c',
  userPrincipalName: 'alice@example.onmicrosoft.com',
};
const BOB: EmulatedTeamsMember = {
  id: '29:1bob-teams-user-id',
  name: 'Bob Example',
  aadObjectId: '6b3c2a1d-0000-4000-8000-000000000b0b',
  email: 'bob@example.com',
};
const alice = { id: ALICE.id, name: ALICE.name, aadObjectId: ALICE.aadObjectId };

let connector: BotConnectorEmulator;

beforeEach(async () => {
  connector = await startBotConnectorEmulator({
    members: [ALICE, BOB],
    teams: [{ id: TEAM_ID, name: 'SRE', channels: [{ id: CHANNEL_ID, name: 'incidents' }] }],
  });
});
afterEach(async () => {
  await connector.close();
});

function unauthenticatedClient(): ConnectorClient {
  // An empty app id makes AppCredentials skip the token entirely (shouldSetToken() is falsy).
  return new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: connector.serviceUrl });
}

describe('Bot Connector emulator with the real ConnectorClient', () => {
  it('starts a channel thread, then sends, replies, updates and deletes in it', async () => {
    const client = unauthenticatedClient();
    const created = await client.conversations.createConversation({
      isGroup: true,
      bot: { id: BOT_ID, name: 'Tsunagi' },
      members: [],
      channelData: { channel: { id: CHANNEL_ID }, tenant: { id: TENANT_ID } },
      activity: { type: 'message', text: 'INC-1 opened' } as never,
    });
    expect(created.activityId).toMatch(/^\d{13,}$/);
    expect(created.id).toBe(channelThreadId(CHANNEL_ID, created.activityId));
    const thread = created.id;
    expect(connector.activities(thread)).toMatchObject([
      { id: created.activityId, activity: { text: 'INC-1 opened' } },
    ]);
    const createCall = await connector.waitForCall('createConversation');
    expect(createCall).toMatchObject({ method: 'POST', conversationId: thread, status: 201 });
    expect(createCall.authorization).toBeUndefined();

    const sent = await client.conversations.sendToConversation(thread, {
      type: 'message',
      text: 'update 1',
    });
    const replied = await client.conversations.replyToActivity(thread, created.activityId, {
      type: 'message',
      text: 'reply',
    });
    expect(new Set([created.activityId, sent.id, replied.id]).size).toBe(3);
    // The client URL-encodes ';', ':' and '@' in the path; the emulator records decoded ids.
    const replyCall = await connector.waitForCall('replyToActivity');
    expect(replyCall.path).toContain('%3Bmessageid%3D');
    expect(replyCall).toMatchObject({ conversationId: thread, activityId: created.activityId });
    expect(replyCall.body).toMatchObject({ type: 'message', text: 'reply' });

    // The root post can be edited through its thread or through the bare channel id.
    await expect(
      client.conversations.updateActivity(CHANNEL_ID, created.activityId, {
        type: 'message',
        text: 'INC-1 resolved',
      }),
    ).resolves.toMatchObject({ id: created.activityId });
    await client.conversations.updateActivity(thread, sent.id, {
      type: 'message',
      text: 'update 1 (edited)',
    });
    expect(connector.activities(thread).map((stored) => stored.activity.text)).toEqual([
      'INC-1 resolved',
      'update 1 (edited)',
      'reply',
    ]);
    expect(connector.activities(thread)[2]).toMatchObject({ replyToId: created.activityId });

    await expect(
      client.conversations.updateActivity(thread, '1111111111111', { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(connector.callsTo('updateActivity').at(-1)).toMatchObject({ status: 404, error: 'NotFound' });

    await client.conversations.deleteActivity(thread, replied.id);
    expect(connector.activities(thread)).toHaveLength(2);
    await expect(client.conversations.deleteActivity(thread, replied.id)).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('creates 1:1 conversations, reusing the id for the same user', async () => {
    const client = unauthenticatedClient();
    const parameters = {
      isGroup: false,
      bot: { id: BOT_ID, name: 'Tsunagi' },
      members: [{ id: ALICE.id, name: ALICE.name }],
      tenantId: TENANT_ID,
      channelData: { tenant: { id: TENANT_ID } },
    } as ConversationParameters;
    const first = await client.conversations.createConversation(parameters);
    const again = await client.conversations.createConversation(parameters);
    expect(first.id).toMatch(/^a:1/);
    expect(again.id).toBe(first.id);
    expect(first.activityId).toBeUndefined();
    const other = await client.conversations.createConversation({
      ...parameters,
      members: [{ id: BOB.id, name: BOB.name }],
    });
    expect(other.id).not.toBe(first.id);
  });

  it('answers member lookups with Teams-style accounts', async () => {
    const client = unauthenticatedClient();
    const members = await client.conversations.getConversationMembers(TEAM_ID);
    expect(members.map((member) => member.id)).toEqual([ALICE.id, BOB.id]);
    expect(members[0]).toMatchObject({
      name: 'Alice Example',
      aadObjectId: ALICE.aadObjectId,
      userPrincipalName: ALICE.userPrincipalName,
      email: ALICE.userPrincipalName,
    });
    // Teams accepts the AAD object id in place of the 29: id.
    await expect(client.conversations.getConversationMember(TEAM_ID, BOB.aadObjectId)).resolves.toMatchObject(
      {
        id: BOB.id,
        email: 'bob@example.com',
      },
    );
    connector.setConversationMembers(CHANNEL_ID, [ALICE.id]);
    await expect(
      client.conversations.getConversationMember(channelThreadId(CHANNEL_ID, '1700000000000'), BOB.id),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(connector.callsTo('getMember').map((call) => call.memberId)).toEqual([BOB.aadObjectId, BOB.id]);
  });

  it('makes a 429 visible: honoured via Retry-After once, surfaced when it persists', async () => {
    const client = unauthenticatedClient();
    connector.failNext('sendToConversation', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    await client.conversations.sendToConversation('a:1chat', {
      type: 'message',
      text: 'after throttling',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(
      connector.callsTo('sendToConversation').map((call) => [call.status, call.failed ?? false]),
    ).toEqual([
      [429, true],
      [201, false],
    ]);
    expect(connector.activities('a:1chat')).toHaveLength(1);

    // The client retries throttling at most three times, then gives up with the 429.
    connector.reset();
    connector.failNext('replyToActivity', { status: 429, retryAfterSeconds: 0 }, 4);
    await expect(
      client.conversations.replyToActivity('a:1chat', '1', { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({ statusCode: 429 });
    expect(connector.callsTo('replyToActivity')).toHaveLength(4);

    connector.failNext('updateActivity', { status: 403, code: 'ConversationBlockedByUser' });
    await expect(
      client.conversations.updateActivity('a:1chat', '1', { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({ statusCode: 403, code: 'ConversationBlockedByUser' });
  });

  it('lists team channels and rejects waits that never match, naming what was called', async () => {
    const response = await fetch(
      `${connector.serviceUrl}v3/teams/${encodeURIComponent(TEAM_ID)}/conversations`,
    );
    expect(await response.json()).toEqual({
      conversations: [{ id: TEAM_ID }, { id: CHANNEL_ID, name: 'incidents' }],
    });
    await expect(connector.waitForCall('deleteActivity', () => true, 50)).rejects.toThrow(
      /waiting for a matching Bot Connector call to deleteActivity\. Recorded calls: getTeamChannels/,
    );
  });
});

interface BotHarness {
  url: string;
  adapter: CloudAdapter;
  references: ConversationReference[];
  close(): Promise<void>;
}

class EchoBot extends TeamsActivityHandler {
  readonly references: ConversationReference[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.references.push(TurnContext.getConversationReference(context.activity) as ConversationReference);
      if (context.activity.value !== undefined) {
        await context.sendActivity(`submitted ${JSON.stringify(context.activity.value)}`);
      } else {
        const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? '';
        const member = await TeamsInfo.getMember(context, context.activity.from.id);
        await context.sendActivity(`echo ${text} for ${member.userPrincipalName}`);
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await context.sendActivity('thanks for installing');
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(
    _context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return Promise.resolve({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: `did ${invokeValue.action.verb}` as never,
    });
  }
}

async function startBot(authConfig: Record<string, string>): Promise<BotHarness> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authConfig));
  // No onTurnError: a failing turn then rejects process(), which answers 500 with the error message.
  const bot = new EchoBot();
  const app = express();
  app.post('/api/messages', express.json(), async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    adapter,
    references: bot.references,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

describe('Bot Connector emulator files', () => {
  it('serves a hosted file at its pre-authenticated downloadUrl only', async () => {
    const bytes = Buffer.from('Received: from mx.example.net\n');
    const file = connector.hostFile({ name: 'headers.txt', bytes, mimetype: 'text/plain' });
    expect(file.fileType).toBe('txt');
    const answered = await fetch(file.downloadUrl);
    expect(answered.status).toBe(200);
    expect(Buffer.from(await answered.arrayBuffer())).toEqual(bytes);
    const tampered = new URL(file.downloadUrl);
    tampered.searchParams.set('tempauth', 'guessed');
    expect((await fetch(tampered)).status).toBe(401);
    expect(connector.callsTo('fileDownload').map((c) => c.status)).toEqual([200, 401]);
  });
});

describe('CloudAdapter without an app id against the emulator', () => {
  let bot: BotHarness | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  it.each([
    ['an empty configuration', {}],
    [
      'empty MicrosoftApp* settings (MultiTenant)',
      {
        MicrosoftAppId: '',
        MicrosoftAppPassword: '',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: '',
      },
    ],
  ])('processes a channel @-mention and replies through the emulator with %s', async (_name, config) => {
    bot = await startBot(config);
    const thread = channelThreadId(CHANNEL_ID, '1700000000001');
    const activity = messageActivity({
      serviceUrl: connector.serviceUrl,
      text: 'status INC-1',
      from: alice,
      conversation: { id: thread, conversationType: 'channel' },
      teamId: TEAM_ID,
      channelId: CHANNEL_ID,
      mentionBot: true,
    });
    expect(activity.text).toBe('<at>Tsunagi</at> status INC-1');

    // A bot without an app id ignores any Authorization header rather than validating it.
    const response = await postActivity(bot.url, activity, { authorization: 'Bearer not-a-real-token' });
    expect(response.status).toBe(200);

    const reply = await connector.waitForCall('replyToActivity');
    expect(reply).toMatchObject({ conversationId: thread, activityId: activity.id, status: 201 });
    expect(reply.authorization).toBeUndefined();
    expect(reply.body).toMatchObject({
      type: 'message',
      text: 'echo status INC-1 for alice@example.onmicrosoft.com',
      replyToId: activity.id,
      from: { id: BOT_ID },
      conversation: { id: thread },
    });
    // TeamsInfo.getMember in a channel asks the team (channelData.team.id), not the thread.
    expect(connector.callsTo('getMember')[0]).toMatchObject({ conversationId: TEAM_ID, memberId: ALICE.id });
    expect(connector.activities(thread)).toHaveLength(1);
  });

  it('answers Action.Execute invokes inline, and handles Action.Submit and installs', async () => {
    bot = await startBot({});
    const personal = { id: 'a:1alice-personal-chat', conversationType: 'personal' as const };
    const context = { serviceUrl: connector.serviceUrl, from: alice, conversation: personal };

    const invoke = await postActivity(
      bot.url,
      adaptiveCardActionInvoke({
        ...context,
        replyToId: '1700000000002',
        verb: 'ack',
        data: { incident: 'INC-1' },
      }),
    );
    expect(invoke.status).toBe(200);
    expect(JSON.parse(invoke.body)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'did ack',
    });

    const submit = await postActivity(
      bot.url,
      messageBackSubmit({ ...context, replyToId: '1700000000002', data: { command: 'ack INC-1' } }),
    );
    expect(submit.status).toBe(200);
    await expect(
      connector.waitForCall('replyToActivity', (call) => JSON.stringify(call.body).includes('submitted')),
    ).resolves.toMatchObject({ conversationId: personal.id });

    const install = await postActivity(
      bot.url,
      installationUpdateActivity({
        ...context,
        conversation: { id: TEAM_ID, conversationType: 'channel' },
        teamId: TEAM_ID,
      }),
    );
    expect(install.status).toBe(200);
    await connector.waitForCall('replyToActivity', (call) => call.conversationId === TEAM_ID);

    const added = await postActivity(
      bot.url,
      conversationUpdateActivity({
        ...context,
        conversation: { id: TEAM_ID, conversationType: 'channel' },
        teamId: TEAM_ID,
      }),
    );
    expect(added.status).toBe(200);
  });

  it('posts proactively with continueConversationAsync and createConversationAsync using an empty app id', async () => {
    bot = await startBot({});
    const activity = messageActivity({
      serviceUrl: connector.serviceUrl,
      text: 'hello',
      from: alice,
      conversation: { id: 'a:1alice-personal-chat', conversationType: 'personal' },
    });
    await postActivity(bot.url, activity);
    const reference = bot.references[0]!;
    connector.reset();

    await bot.adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('proactive');
    });
    // The continuation activity gets a fresh random id, so a proactive send is a "reply" to a uuid
    // Teams never issued: the Connector must accept replies to unknown activity ids.
    await expect(connector.waitForCall('replyToActivity')).resolves.toMatchObject({
      conversationId: 'a:1alice-personal-chat',
      activityId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
    });

    let threadId: string | undefined;
    await bot.adapter.createConversationAsync(
      '',
      'msteams',
      connector.serviceUrl,
      'https://api.botframework.com',
      {
        isGroup: true,
        bot: { id: BOT_ID, name: 'Tsunagi' },
        channelData: { channel: { id: CHANNEL_ID }, tenant: { id: TENANT_ID } },
        activity: { type: 'message', text: 'INC-2 opened' },
      } as unknown as ConversationParameters,
      async (context) => {
        threadId = context.activity.conversation.id;
        await context.sendActivity('first update');
      },
    );
    const created = await connector.waitForCall('createConversation');
    expect(threadId).toBe(created.conversationId);
    expect(threadId).toBe(channelThreadId(CHANNEL_ID, created.activityId!));
    // botbuilder's create event uses the conversation id as the activity id, so the first send is a
    // "reply" to an activity whose id is the whole thread id.
    await expect(
      connector.waitForCall('replyToActivity', (call) => call.conversationId === threadId),
    ).resolves.toMatchObject({
      activityId: threadId,
    });
    expect(connector.activities(threadId!).map((stored) => stored.activity.text)).toEqual([
      'INC-2 opened',
      'first update',
    ]);
  });
});
