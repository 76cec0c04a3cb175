// Delivering the router's replies in Slack: a form opens as a modal, an ephemeral reply goes to the
// person (response_url, chat.postEphemeral, or a direct message where neither works), a channel
// reply to the channel (or through response_url where the bot is not a member).
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../core/i18n/locale.js';
import type { Reply } from '../../core/reply.js';
import { renderMessages, renderModal } from '../../render/blockkit.js';
import { packFormMetadata } from '../../router/form-metadata.js';
import { postJson } from './post-json.js';
import { slackErrorCode } from './slack-errors.js';

export const FORM_CALLBACK_ID = 'tsunagi.form';

/** Where and to whom one inbound interaction is answered. */
export interface Conversation {
  readonly userId: string;
  readonly channelId: string;
  readonly locale: Locale;
  readonly responseUrl?: string;
  readonly triggerId?: string;
}

export class SlackReplies {
  constructor(private readonly client: WebClient) {}

  /** Sends replies: forms as modals, ephemeral ones to the person, channel ones to the channel. */
  async deliver(conversation: Conversation, replies: readonly Reply[]): Promise<void> {
    const { locale } = conversation;
    for (const item of replies) {
      if (item.form && conversation.triggerId) {
        await this.client.views.open({
          trigger_id: conversation.triggerId,
          view: renderModal(item.form, {
            callbackId: FORM_CALLBACK_ID,
            privateMetadata: packFormMetadata(item.form, conversation.channelId),
            locale,
          }),
        });
        continue;
      }
      for (const message of renderMessages(item, { locale })) {
        if (item.visibility === 'ephemeral') await this.sendEphemeral(conversation, message);
        else await this.sendToChannel(conversation, message);
      }
    }
  }

  private async sendEphemeral(
    conversation: Conversation,
    message: { text: string; blocks: unknown[] },
  ): Promise<void> {
    if (conversation.responseUrl) {
      await this.respond(conversation.responseUrl, {
        response_type: 'ephemeral',
        replace_original: false,
        ...message,
      });
      return;
    }
    if (conversation.channelId !== conversation.userId) {
      try {
        await this.client.chat.postEphemeral({
          channel: conversation.channelId,
          user: conversation.userId,
          ...message,
        });
        return;
      } catch (error) {
        if (!botNotInChannel(error)) throw error;
      }
    }
    // No channel (the Home tab), or one the bot is not in: a direct message from the app.
    await this.client.chat.postMessage({ channel: conversation.userId, ...message });
  }

  private async sendToChannel(
    conversation: Conversation,
    message: { text: string; blocks: unknown[] },
  ): Promise<void> {
    try {
      await this.client.chat.postMessage({ channel: conversation.channelId, ...message });
    } catch (error) {
      if (!botNotInChannel(error)) throw error;
      // The bot is not in this (private) channel: answer through the command's response_url,
      // which works anywhere the person could type the command, or else to the person directly.
      if (conversation.responseUrl) {
        await this.respond(conversation.responseUrl, {
          response_type: 'in_channel',
          replace_original: false,
          ...message,
        });
      } else {
        await this.client.chat.postMessage({ channel: conversation.userId, ...message });
      }
    }
  }

  private respond(url: string, body: object): Promise<void> {
    return postJson(url, body);
  }
}

function botNotInChannel(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code === 'not_in_channel' || code === 'channel_not_found';
}
