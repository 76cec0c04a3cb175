// Builders for what Microsoft Teams sends *to* the bot: Bot Framework activities as they arrive at
// the bot's messaging endpoint (POST /api/messages), shaped like the ones the Teams channel sends,
// with `serviceUrl` pointing at a Bot Connector emulator so the bot's replies land there.
//
// Usage:
//   const activity = messageActivity({ serviceUrl: connector.serviceUrl, text: 'status', from, conversation });
//   const { status } = await postActivity(`${botUrl}/api/messages`, activity);
import { performance } from 'node:perf_hooks';
import { BOT_ID, BOT_NAME, TEAMS_CHANNEL_ID, TENANT_ID, nextActivityId } from './tenant.js';

export { BOT_APP_ID, BOT_ID, BOT_NAME, TENANT_ID, channelThreadId, nextActivityId } from './tenant.js';

export type TeamsConversationType = 'personal' | 'groupChat' | 'channel';

export interface TeamsUser {
  /** The Teams user id, `29:...`. */
  id: string;
  name: string;
  /** The Entra ID (Azure AD) object id. */
  aadObjectId?: string;
}

export interface TeamsConversation {
  /**
   * `a:...` for a personal chat, `19:...@thread.v2` for a group chat, and for a channel the thread:
   * `19:...@thread.tacv2;messageid=<root id>` (see channelThreadId()).
   */
  id: string;
  conversationType: TeamsConversationType;
  tenantId?: string;
  name?: string;
}

/** What every builder needs: who sent it, where, and which Connector the bot should answer at. */
export interface ActivityContext {
  /** The Bot Connector base URL, e.g. the emulator's `serviceUrl`. */
  serviceUrl: string;
  from: TeamsUser;
  conversation: TeamsConversation;
  /** The team, for channel conversations (the team id is its General channel's id). */
  teamId?: string;
  teamName?: string;
  /** The Teams channel (`19:...@thread.tacv2`) for channel conversations; not the Bot Framework channelId. */
  channelId?: string;
  channelName?: string;
  /** Defaults to 'ja-JP'. */
  locale?: string;
  /** Defaults to a fresh id from nextActivityId(). */
  id?: string;
  timestamp?: Date;
}

export interface MessageActivityInput extends ActivityContext {
  text: string;
  /** @-mentions the bot: prefixes the text with `<at>Tsunagi</at> ` and adds the mention entity. */
  mentionBot?: boolean;
  replyToId?: string;
  /** e.g. fileDownloadAttachment(...) for a file the user sent with the message. */
  attachments?: Record<string, unknown>[];
}

/** What Teams puts on a message for a file the user sent the bot in their personal chat. */
export function fileDownloadAttachment(file: {
  name: string;
  downloadUrl: string;
  contentUrl?: string;
  uniqueId?: string;
  fileType?: string;
}): Record<string, unknown> {
  return {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    contentUrl: file.contentUrl ?? file.downloadUrl,
    name: file.name,
    content: {
      downloadUrl: file.downloadUrl,
      uniqueId: file.uniqueId ?? '00000000-0000-0000-0000-000000000000',
      fileType: file.fileType ?? (file.name.split('.').pop() ?? '').toLowerCase(),
    },
  };
}

export interface InstallationUpdateInput extends ActivityContext {
  /** Defaults to 'add'. */
  action?: 'add' | 'remove' | 'add-upgrade' | 'remove-upgrade';
}

export interface ConversationUpdateInput extends ActivityContext {
  /** Defaults to the bot itself, i.e. the bot was just added. */
  membersAdded?: { id: string; aadObjectId?: string }[];
  membersRemoved?: { id: string; aadObjectId?: string }[];
  /** Defaults to 'teamMemberAdded' in a team (or 'teamMemberRemoved' with only membersRemoved), none elsewhere. */
  eventType?: string;
}

export interface CardActionInput extends ActivityContext {
  /** The id of the bot's message that carries the card. */
  replyToId: string;
  data: Record<string, unknown>;
}

export interface AdaptiveCardActionInput extends CardActionInput {
  verb: string;
  /** The `id` of the Action.Execute in the card; defaults to the verb. */
  cardActionId?: string;
}

export type TeamsActivity = Record<string, unknown> & { type: string; id: string };

const BOT_AT_TEXT = `<at>${BOT_NAME}</at>`;

function tenantOf(context: ActivityContext): string {
  return context.conversation.tenantId ?? TENANT_ID;
}

function channelData(context: ActivityContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = { ...extra };
  if (context.teamId !== undefined) {
    data.teamsTeamId = context.teamId;
    data.team = { id: context.teamId, ...(context.teamName !== undefined && { name: context.teamName }) };
  }
  if (context.channelId !== undefined) {
    data.teamsChannelId = context.channelId;
    data.channel = {
      id: context.channelId,
      ...(context.channelName !== undefined && { name: context.channelName }),
    };
  }
  data.tenant = { id: tenantOf(context) };
  return data;
}

/** The fields Teams puts on every activity it sends to a bot. */
function baseActivity(type: string, context: ActivityContext): TeamsActivity {
  const { conversation } = context;
  const locale = context.locale ?? 'ja-JP';
  return {
    type,
    id: context.id ?? nextActivityId(),
    timestamp: (context.timestamp ?? new Date()).toISOString(),
    localTimestamp: (context.timestamp ?? new Date()).toISOString(),
    localTimezone: 'Asia/Tokyo',
    serviceUrl: context.serviceUrl,
    channelId: TEAMS_CHANNEL_ID,
    from: {
      id: context.from.id,
      name: context.from.name,
      ...(context.from.aadObjectId !== undefined && { aadObjectId: context.from.aadObjectId }),
    },
    conversation: {
      isGroup: conversation.conversationType !== 'personal',
      conversationType: conversation.conversationType,
      tenantId: tenantOf(context),
      id: conversation.id,
      ...(conversation.name !== undefined && { name: conversation.name }),
    },
    recipient: { id: BOT_ID, name: BOT_NAME },
    locale,
  };
}

function clientInfo(locale: string): Record<string, unknown> {
  return {
    type: 'clientInfo',
    locale,
    country: locale.split('-')[1] ?? 'JP',
    platform: 'Web',
    timezone: 'Asia/Tokyo',
  };
}

/** A message a user typed; in a channel Teams only delivers it to the bot when the bot is @-mentioned. */
export function messageActivity(input: MessageActivityInput): TeamsActivity {
  const activity = baseActivity('message', input);
  const entities: Record<string, unknown>[] = [];
  if (input.mentionBot) {
    entities.push({ type: 'mention', text: BOT_AT_TEXT, mentioned: { id: BOT_ID, name: BOT_NAME } });
  }
  entities.push(clientInfo(activity.locale as string));
  return {
    ...activity,
    text: input.mentionBot ? `${BOT_AT_TEXT} ${input.text}` : input.text,
    textFormat: 'plain',
    entities,
    ...(input.replyToId !== undefined && { replyToId: input.replyToId }),
    ...(input.attachments !== undefined && { attachments: input.attachments }),
    channelData: channelData(input),
  };
}

/**
 * The app was installed (action 'add') or uninstalled ('remove'). For a team install the
 * conversation is the General channel (conversation id = team id) and channelData names the channel
 * the user picked; for a personal install the conversation is the 1:1 chat.
 */
export function installationUpdateActivity(input: InstallationUpdateInput): TeamsActivity {
  const extra: Record<string, unknown> = {};
  if (input.teamId !== undefined) {
    extra.settings = { selectedChannel: { id: input.channelId ?? input.teamId } };
  }
  return {
    ...baseActivity('installationUpdate', input),
    action: input.action ?? 'add',
    channelData: channelData(input, extra),
  };
}

/** Members joined or left; by default the bot itself was added (Teams sends this alongside installationUpdate). */
export function conversationUpdateActivity(input: ConversationUpdateInput): TeamsActivity {
  const membersAdded = input.membersAdded ?? (input.membersRemoved ? undefined : [{ id: BOT_ID }]);
  const defaultEvent = membersAdded ? 'teamMemberAdded' : 'teamMemberRemoved';
  const eventType = input.eventType ?? (input.teamId !== undefined ? defaultEvent : undefined);
  return {
    ...baseActivity('conversationUpdate', input),
    ...(membersAdded && { membersAdded }),
    ...(input.membersRemoved && { membersRemoved: input.membersRemoved }),
    channelData: channelData(input, eventType !== undefined ? { eventType } : {}),
  };
}

/** A click on an Action.Execute button of an Adaptive Card (Universal Actions); the bot answers the invoke inline. */
export function adaptiveCardActionInvoke(input: AdaptiveCardActionInput): TeamsActivity {
  return {
    ...baseActivity('invoke', input),
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        id: input.cardActionId ?? input.verb,
        verb: input.verb,
        data: input.data,
      },
      trigger: 'manual',
    },
    replyToId: input.replyToId,
    channelData: channelData(input, { source: { name: 'message' }, legacy: { replyToId: input.replyToId } }),
  };
}

/** A click on an Action.Submit button (the fallback for clients without Universal Actions): a message with `value`. */
export function messageBackSubmit(input: CardActionInput): TeamsActivity {
  return {
    ...baseActivity('message', input),
    text: '',
    textFormat: 'plain',
    value: input.data,
    replyToId: input.replyToId,
    entities: [clientInfo(input.locale ?? 'ja-JP')],
    channelData: channelData(input, { source: { name: 'message' }, legacy: { replyToId: input.replyToId } }),
  };
}

export interface PostActivityOptions {
  /** Sent as-is; a bot without MicrosoftAppId ignores it. */
  authorization?: string;
  /** Aborts the request after this long; default 10 s. */
  timeoutMs?: number;
}

export interface PostActivityResult {
  status: number;
  /** The response body as text (JSON for invoke responses, often empty otherwise). */
  body: string;
  /** Wall-clock milliseconds until the response body was read. */
  ms: number;
}

/** POSTs an activity to the bot's messaging endpoint the way the Teams channel does. */
export async function postActivity(
  botUrl: string,
  activity: object,
  options: PostActivityOptions = {},
): Promise<PostActivityResult> {
  const started = performance.now();
  const response = await fetch(botUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      ...(options.authorization !== undefined && { Authorization: options.authorization }),
    },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}
