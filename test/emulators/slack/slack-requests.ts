// Builders for what Slack sends *to* the app, usable over both transports: hand the payloads to
// `emulator.socketMode.send(...)` for Socket Mode, or to `postToSlackEndpoint(...)` for the HTTP
// (Events API / interactivity / slash command request URL) mode, which also signs them like Slack.
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, VERIFICATION_TOKEN } from './workspace.js';

/** A trigger_id of the shape Slack issues; the emulator accepts any non-empty one. */
export function fakeTriggerId(): string {
  return `${Date.now()}.${TEAM_ID.slice(1)}.${randomBytes(16).toString('hex')}`;
}

/** An action_ts / event time like Slack's: seconds with microseconds. */
function slackNow(): string {
  return (Date.now() / 1000).toFixed(6);
}

function userName(userId: string): string {
  return userId.toLowerCase();
}

export interface SlashCommandInput {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
  triggerId?: string;
  teamId?: string;
  userName?: string;
  channelName?: string;
}

/** The form fields of a slash command invocation (the Socket Mode payload is the same object). */
export function slashCommandPayload(input: SlashCommandInput): Record<string, string> {
  const teamId = input.teamId ?? TEAM_ID;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: TEAM_DOMAIN,
    channel_id: input.channelId,
    channel_name: input.channelName ?? (input.channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: input.userId,
    user_name: input.userName ?? userName(input.userId),
    command: input.command,
    text: input.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? fakeTriggerId(),
  };
}

export interface BlockActionInput {
  userId: string;
  channelId: string;
  actionId: string;
  value: string;
  responseUrl: string;
  messageTs?: string;
  triggerId?: string;
  blockId?: string;
  teamId?: string;
  channelName?: string;
}

/** A `block_actions` payload for a button click in a message the bot posted. */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const teamId = input.teamId ?? TEAM_ID;
  const messageTs = input.messageTs ?? slackNow();
  return {
    type: 'block_actions',
    user: {
      id: input.userId,
      username: userName(input.userId),
      name: userName(input.userId),
      team_id: teamId,
    },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: messageTs, channel_id: input.channelId, is_ephemeral: false },
    trigger_id: input.triggerId ?? fakeTriggerId(),
    team: { id: teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: input.channelName ?? 'general' },
    ...(input.messageTs !== undefined && {
      message: { type: 'message', user: BOT_USER_ID, ts: input.messageTs, text: '' },
    }),
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: input.blockId ?? 'actions',
        value: input.value,
        action_ts: slackNow(),
        text: { type: 'plain_text', text: 'Button', emoji: true },
      },
    ],
  };
}

/** One input element's state as Slack reports it in `view.state.values`. */
export interface InputValue {
  type: string;
  value?: string | null;
  selected_option?: { text?: { type: 'plain_text'; text: string }; value: string } | null;
  selected_options?: { text?: { type: 'plain_text'; text: string }; value: string }[];
}

export interface ViewSubmissionInput {
  userId: string;
  callbackId: string;
  privateMetadata: string;
  /** block_id → action_id → element state. */
  values: Record<string, Record<string, InputValue>>;
  viewId?: string;
  teamId?: string;
}

/** A `view_submission` payload for a modal the bot opened with views.open. */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const teamId = input.teamId ?? TEAM_ID;
  const viewId = input.viewId ?? 'V0EMU00000';
  return {
    type: 'view_submission',
    team: { id: teamId, domain: TEAM_DOMAIN },
    user: {
      id: input.userId,
      username: userName(input.userId),
      name: userName(input.userId),
      team_id: teamId,
    },
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: fakeTriggerId(),
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata,
      state: { values: input.values },
      hash: `${Math.floor(Date.now() / 1000)}.emulator`,
      root_view_id: viewId,
      previous_view_id: null,
      app_id: APP_ID,
      bot_id: BOT_ID,
      external_id: '',
    },
    response_urls: [],
  };
}

export interface MessageShortcutInput {
  userId: string;
  channelId: string;
  callbackId: string;
  /** The message as Slack puts it in the payload; `files` as on the stored message (emulator.messages()). */
  message: { ts: string; text: string; user: string; files?: unknown[] };
  responseUrl: string;
  triggerId?: string;
  teamId?: string;
  channelName?: string;
}

/** A `message_action` payload: a message shortcut invoked from a message's "more actions" menu. */
export function messageShortcutPayload(input: MessageShortcutInput): Record<string, unknown> {
  const teamId = input.teamId ?? TEAM_ID;
  return {
    type: 'message_action',
    token: VERIFICATION_TOKEN,
    action_ts: slackNow(),
    team: { id: teamId, domain: TEAM_DOMAIN },
    user: {
      id: input.userId,
      username: userName(input.userId),
      name: userName(input.userId),
      team_id: teamId,
    },
    channel: { id: input.channelId, name: input.channelName ?? 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId ?? fakeTriggerId(),
    response_url: input.responseUrl,
    message_ts: input.message.ts,
    message: { type: 'message', ...input.message },
  };
}

/** The Events API outer envelope around an event (what the `events_api` Socket Mode payload holds). */
export function eventCallback(
  event: object,
  options: { eventId: string; teamId?: string },
): Record<string, unknown> {
  const teamId = options.teamId ?? TEAM_ID;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: options.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: BOT_USER_ID, is_bot: true }],
    is_ext_shared_channel: false,
  };
}

export interface SlackSignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Signs a raw request body the way Slack does: v0= + hex HMAC-SHA256 of `v0:<ts>:<body>`. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${digest}` };
}

export type SlackRequestKind = 'command' | 'interaction' | 'event';

export interface PostOptions {
  /** Defaults to now; set it in the past to test replay protection. */
  timestampSeconds?: number;
  /** Overrides the computed signature; null sends neither signature nor timestamp header. */
  signature?: string | null;
  /** Slack's redelivery count for events, sent as X-Slack-Retry-Num. */
  retryNum?: number;
  retryReason?: string;
}

/**
 * POSTs a payload to the app's request URL encoded as Slack encodes it: slash commands as form
 * fields, interactions as a form with one `payload` field holding JSON, events as a JSON body.
 */
export async function postToSlackEndpoint(
  url: string,
  signingSecret: string,
  kind: SlackRequestKind,
  payload: object,
  options: PostOptions = {},
): Promise<{ status: number; body: string; ms: number }> {
  let rawBody: string;
  let contentType: string;
  if (kind === 'event') {
    rawBody = JSON.stringify(payload);
    contentType = 'application/json';
  } else {
    const fields: Record<string, string> =
      kind === 'interaction'
        ? { payload: JSON.stringify(payload) }
        : Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, String(value)]));
    rawBody = new URLSearchParams(fields).toString();
    contentType = 'application/x-www-form-urlencoded';
  }

  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.signature !== null) {
    const signed = signSlackRequest(signingSecret, rawBody, options.timestampSeconds);
    Object.assign(headers, signed);
    if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  }
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;

  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body: rawBody });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}
