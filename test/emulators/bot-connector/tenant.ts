// The single fake Microsoft 365 tenant every Bot Connector emulator instance pretends to serve.
// Shared by the emulator (what the Connector answers) and the activity builders (what Teams sends
// to the bot), so both sides of a test agree on ids without repeating magic strings.

export const TENANT_ID = '5b1e7c52-3f0a-4d6e-9c1b-7a2f0e8d4c31';

/** The bot's Microsoft App ID; Teams addresses the bot as `28:<app id>`. */
export const BOT_APP_ID = 'bot-app-id';
export const BOT_ID = `28:${BOT_APP_ID}`;
export const BOT_NAME = 'Tsunagi';

/** Teams' `channelId` for every activity it sends. */
export const TEAMS_CHANNEL_ID = 'msteams';

let lastActivityId = 0;

/**
 * A fresh activity id of the shape Teams uses (milliseconds since the epoch, 13 digits), unique
 * within the process: the emulator and the activity builders share this counter so an inbound
 * message and a bot reply never collide.
 */
export function nextActivityId(): string {
  lastActivityId = Math.max(Date.now(), lastActivityId + 1);
  return String(lastActivityId);
}

/** The conversation id of a thread in a Teams channel: the channel id plus the root message id. */
export function channelThreadId(channelId: string, rootMessageId: string): string {
  return `${channelId};messageid=${rootMessageId}`;
}

/** The channel id of a conversation id, dropping the `;messageid=` thread suffix if present. */
export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(';messageid=');
  return at === -1 ? conversationId : conversationId.slice(0, at);
}
