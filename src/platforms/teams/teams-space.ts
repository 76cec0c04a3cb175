// The core's ChatSpace on Teams: each incident gets a thread in the configured incidents channel
// (tsunagi.yaml channels.incidents.teams), cards are posted once and then updated in place, and
// announcements go to the channel as new posts. Proactive messages need a conversation reference,
// which the bot learns when it is added to a team or spoken to there.
import { MessageFactory, TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { NotFoundError } from '../../core/errors.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { Reply } from '../../core/reply.js';
import type { ChatSpace, IncidentChannelRequest } from '../../core/rooms/chat-space.js';
import type { Logger } from '../../observability/logger.js';
import { renderCard } from '../../render/adaptive.js';
import { cardActivity } from './card-activity.js';
import type { TeamsStore } from './teams-store.js';

/** The Bot Connector's token audience for the public cloud. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export class TeamsSpace implements ChatSpace {
  readonly platform = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: TeamsStore,
    private readonly logger: Logger,
    private readonly locale: Locale,
  ) {}

  async openIncidentChannel(request: IncidentChannelRequest): Promise<string | undefined> {
    if (!request.parent) return undefined;
    const known = this.store.referenceForChannel(request.parent);
    if (!known?.serviceUrl) {
      this.logger.warn(
        { channel: request.parent },
        'the incidents channel is not known yet: add the Tsunagi app to its team first',
      );
      return undefined;
    }
    let threadId: string | undefined;
    await this.adapter.createConversationAsync(
      this.appId,
      'msteams',
      known.serviceUrl,
      BOT_FRAMEWORK_AUDIENCE,
      {
        isGroup: true,
        bot: known.bot!,
        channelData: { channel: { id: request.parent }, ...tenantOf(known) },
        activity: MessageFactory.text(
          `🚨 ${request.incidentId} ${request.title}\n\n${request.topic}`,
        ) as never,
      },
      async (context) => {
        threadId = context.activity.conversation.id;
        await this.store.rememberReference(threadId, TurnContext.getConversationReference(context.activity));
      },
    );
    return threadId;
  }

  /** Teams threads have no topic; the card carries severity, status and commander. */
  setTopic(): Promise<void> {
    return Promise.resolve();
  }

  /** Everyone in the incidents channel can follow the thread; nobody needs inviting. */
  invite(): Promise<void> {
    return Promise.resolve();
  }

  async publish(conversationId: string, reply: Reply): Promise<void> {
    const reference = this.store.reference(conversationId) ?? this.channelReference(conversationId);
    const activity = cardActivity(renderCard(reply, { locale: this.locale }), reply.summary);
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      const subject = reply.subject;
      const existing = subject ? this.store.cardActivity(conversationId, subject) : undefined;
      if (existing) {
        try {
          await context.updateActivity({ ...activity, id: existing });
          return;
        } catch (error) {
          // The card was deleted: post a new one below.
          this.logger.warn({ err: error, conversationId }, 'card update failed; posting it again');
        }
      }
      const sent = await context.sendActivity(activity);
      if (subject && sent?.id) await this.store.rememberCard(conversationId, subject, sent.id);
    });
  }

  resolveChannel(name: string): Promise<string | undefined> {
    return Promise.resolve(this.store.referenceForChannel(name) ? name : undefined);
  }

  /** A top-level post in a channel: the channel's own reference, or a thread's with the thread cut off. */
  private channelReference(channelId: string): Partial<ConversationReference> {
    const known = this.store.referenceForChannel(channelId);
    if (!known?.conversation) {
      throw new NotFoundError({
        ja: `Teams の会話 ${channelId} をボットはまだ知りません。そのチームに Tsunagi アプリを追加してください。`,
        en: `The bot does not know the Teams conversation ${channelId} yet. Add the Tsunagi app to its team.`,
      });
    }
    return { ...known, conversation: { ...known.conversation, id: channelId } };
  }
}

function tenantOf(reference: Partial<ConversationReference>): { tenant?: { id: string } } {
  const tenantId = reference.conversation?.tenantId;
  return tenantId ? { tenant: { id: tenantId } } : {};
}
