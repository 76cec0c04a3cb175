// 📌 on a message, or the message shortcut "Add to incident timeline": the message goes on the
// timeline of the channel's incident as a note (who wrote it, and its permalink), and each file
// attached to it becomes an evidence item of the incident (see slack-files.ts). Both run as
// commands through the router as the person who reacted, so the core decides who may.
import type { WebClient } from '@slack/web-api';
import type { Core } from '../../core/core.js';
import type { ChatFile } from '../../core/evidence/chat-file.js';
import { reply } from '../../core/reply.js';
import type { Logger } from '../../observability/logger.js';
import { quoteArgument } from '../../router/forms.js';
import { SlackFiles } from './slack-files.js';
import type { Conversation, SlackReplies } from './slack-replies.js';

/** A message put on the timeline, as Slack delivers it (files as Slack's file objects). */
export interface TimelineMessage {
  readonly ts: string;
  readonly text?: string;
  readonly user?: string;
  readonly files?: unknown;
}

export interface SlackTimelineDeps {
  readonly core: Core;
  readonly client: WebClient;
  readonly replies: SlackReplies;
  readonly files: SlackFiles;
  readonly log: Logger;
  /** Runs a command line as the person in the conversation and delivers the replies. */
  readonly run: (
    conversation: Conversation,
    text: string,
    deliveryId: string,
    files?: readonly ChatFile[],
  ) => Promise<void>;
}

export class SlackTimeline {
  constructor(private readonly deps: SlackTimelineDeps) {}

  async add(conversation: Conversation, message: TimelineMessage, deliveryId: string): Promise<void> {
    const { core, client, log, run } = this.deps;
    const incident = core.incidents.incidentForChannel('slack', conversation.channelId);
    if (!incident) {
      const text = {
        ja: 'このチャンネルはインシデントのチャンネルではないため、タイムラインに追加できません。インシデントのチャンネルで使うか、/incident note INC-n <内容> で記録してください。',
        en: "This channel is not an incident's channel, so the message cannot go on a timeline. Use it in the incident's channel, or record it with /incident note INC-n <text>.",
      };
      await this.deps.replies.deliver(conversation, [
        reply(text[conversation.locale], [{ type: 'text', text: `✗ ${text[conversation.locale]}` }], {
          visibility: 'ephemeral',
          tone: 'warning',
        }),
      ]);
      return;
    }
    const permalink = await client.chat
      .getPermalink({ channel: conversation.channelId, message_ts: message.ts })
      .then((r) => r.permalink)
      .catch((error: unknown) => {
        log.warn({ err: error }, 'permalink not available');
        return undefined;
      });
    const author = message.user ? core.directory.personByChat('slack', message.user) : undefined;
    const authorName = author ? author.name[core.defaultLocale] : (message.user ?? '?');
    const note = `📌 ${authorName}: ${message.text ?? ''}${permalink ? `\n${permalink}` : ''}`;
    await run(conversation, `/incident note ${incident} ${quoteArgument(note)}`, deliveryId);
    const ids = SlackFiles.idsOf(message);
    if (ids.length === 0) return;
    const files = await this.deps.files.filesOf(ids, {
      channel: conversation.channelId,
      ts: message.ts,
      ...(permalink ? { permalink } : {}),
      ...(message.user ? { user: message.user } : {}),
    });
    await run(conversation, `/incident evidence ${incident}`, `${deliveryId}-files`, files);
  }
}
