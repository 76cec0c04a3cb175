// The core's ChatSpace on Slack: incident channels (private, named from id and title), topics,
// bookmarks, invitations, live cards that are posted once and then updated in place, whether a
// channel is shared with another organisation (Slack Connect), and direct messages from the app.
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../core/i18n/locale.js';
import type { Person } from '../../core/parties/model.js';
import type { Reply } from '../../core/reply.js';
import type { ChatSpace, IncidentChannelRequest } from '../../core/rooms/chat-space.js';
import type { Logger } from '../../observability/logger.js';
import { renderMessages } from '../../render/blockkit.js';
import { incidentChannelName } from './channel-name.js';
import { slackErrorCode } from './slack-errors.js';
import type { SlackPeople } from './slack-people.js';
import type { SlackStore } from './slack-store.js';

/** Slack's limit on a channel topic. */
const TOPIC_MAX = 250;
const NAME_ATTEMPTS = 5;
/** Slack's answers meaning this person cannot get a direct message from the app (not an outage). */
const UNREACHABLE = new Set([
  'user_not_found',
  'channel_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'not_allowed_token_type',
]);

export class SlackSpace implements ChatSpace {
  readonly platform = 'slack' as const;
  private readonly channelIds = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly store: SlackStore,
    private readonly logger: Logger,
    private readonly locale: Locale,
    private readonly people: SlackPeople,
  ) {}

  async openIncidentChannel(request: IncidentChannelRequest): Promise<string> {
    const id = await this.createChannel(request);
    await this.setTopic(id, request.topic);
    for (const link of request.links) {
      await this.client.bookmarks
        .add({ channel_id: id, title: link.title, type: 'link', link: link.url })
        .catch((error: unknown) => this.logger.warn({ err: error, channel: id }, 'bookmark not added'));
    }
    return id;
  }

  private async createChannel(request: IncidentChannelRequest): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      const name = incidentChannelName(request.incidentId, request.title, attempt);
      try {
        // Private: incident details (especially security incidents) are on a need-to-know basis;
        // the people on the incident are invited and more join through /incident invite.
        const created = await this.client.conversations.create({ name, is_private: true });
        return created.channel!.id!;
      } catch (error) {
        if (slackErrorCode(error) !== 'name_taken' || attempt >= NAME_ATTEMPTS) throw error;
      }
    }
  }

  async setTopic(channelId: string, topic: string): Promise<void> {
    const text = [...topic].length > TOPIC_MAX ? `${[...topic].slice(0, TOPIC_MAX - 1).join('')}…` : topic;
    await this.client.conversations.setTopic({ channel: channelId, topic: text });
  }

  async invite(channelId: string, people: readonly Person[]): Promise<void> {
    // One by one: Slack refuses the whole batch when one user cannot be invited.
    for (const person of people) {
      const user = person.chat.slack?.[0];
      if (!user) continue;
      try {
        await this.client.conversations.invite({ channel: channelId, users: user });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === 'already_in_channel' || code === 'cant_invite_self') continue;
        this.logger.warn(
          { err: error, channel: channelId, person: person.id },
          'could not invite to channel',
        );
      }
    }
  }

  async publish(channelId: string, reply: Reply): Promise<void> {
    const messages = renderMessages(reply, { locale: this.locale });
    const live = reply.subject !== undefined && messages.length === 1;
    if (live) {
      const ts = this.store.cardTs(channelId, reply.subject);
      if (ts) {
        try {
          await this.client.chat.update({ channel: channelId, ts, ...messages[0]! });
          return;
        } catch (error) {
          // The card was deleted by someone: post a new one below.
          if (slackErrorCode(error) !== 'message_not_found') throw error;
        }
      }
    }
    for (const message of messages) {
      const posted = await this.client.chat.postMessage({ channel: channelId, ...message });
      if (live && posted.ts) await this.store.rememberCard(channelId, reply.subject, posted.ts);
    }
  }

  isShared(channelId: string): Promise<boolean> {
    return this.people.isShared(channelId);
  }

  /** A direct message from the app (chat.postMessage to the user id), in the person's language. */
  async sendDirect(person: Person, reply: Reply): Promise<boolean> {
    const user = person.chat.slack?.[0];
    if (!user) return false;
    const messages = renderMessages(reply, { locale: person.locale ?? this.locale });
    try {
      for (const message of messages) await this.client.chat.postMessage({ channel: user, ...message });
      return true;
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === undefined || !UNREACHABLE.has(code)) throw error;
      this.logger.warn({ err: error, person: person.id, code }, 'slack: cannot send a direct message');
      return false;
    }
  }

  async resolveChannel(name: string): Promise<string | undefined> {
    const wanted = name.replace(/^#/u, '');
    // Already an id (C…, G…): use it as is.
    if (/^[CG][A-Z0-9]{6,}$/u.test(wanted)) return wanted;
    const known = this.channelIds.get(wanted);
    if (known) return known;
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      for (const channel of page.channels ?? []) {
        if (channel.name && channel.id) this.channelIds.set(channel.name, channel.id);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && !this.channelIds.has(wanted));
    return this.channelIds.get(wanted);
  }
}
