// The core's ChatSpace on Teams: each incident gets a thread in the configured incidents channel
// (tsunagi.yaml channels.incidents.teams), cards are posted once and then updated in place, and
// announcements go to the channel as new posts, and people get direct messages in their 1:1 chat
// with the bot. Proactive messages need a conversation reference, which the bot learns when it is
// added to a team or spoken to there.
import {
  MessageFactory,
  TeamsInfo,
  TurnContext,
  type ChannelAccount,
  type CloudAdapter,
  type ConversationReference,
} from 'botbuilder';
import { NotFoundError } from '../../core/errors.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { Person } from '../../core/parties/model.js';
import type { Reply } from '../../core/reply.js';
import type { ChatSpace, IncidentChannelRequest } from '../../core/rooms/chat-space.js';
import type { Logger } from '../../observability/logger.js';
import { renderCard } from '../../render/adaptive.js';
import { cardActivity } from './card-activity.js';
import type { TeamsStore } from './teams-store.js';

/** The Bot Connector's token audience for the public cloud. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';
/** How long a channel's sharing is trusted before it is looked up again. */
const SHARING_CACHE_MS = 60 * 60 * 1000;

export class TeamsSpace implements ChatSpace {
  readonly platform = 'teams' as const;
  private readonly sharing = new Map<string, { shared: boolean; until: number }>();

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

  /**
   * Whether the channel (of a thread) is a shared channel, from the team's channel list. A 1:1 chat
   * is never shared; a channel whose team or type is unknown counts as shared.
   */
  async isShared(conversationId: string): Promise<boolean> {
    if (this.store.reference(conversationId)?.conversation?.conversationType === 'personal') return false;
    const channelId = channelOf(conversationId);
    const cached = this.sharing.get(channelId);
    if (cached && cached.until > Date.now()) return cached.shared;
    const type = await this.channelType(channelId);
    const shared = type === undefined || type === 'shared';
    if (type !== undefined) this.sharing.set(channelId, { shared, until: Date.now() + SHARING_CACHE_MS });
    return shared;
  }

  /**
   * A direct message in the person's 1:1 chat with the bot: the chat the bot knows, or one opened
   * with them (found by their Entra object id in a team the bot is in). False when they cannot be
   * found or have blocked the bot.
   */
  async sendDirect(person: Person, reply: Reply): Promise<boolean> {
    const aadObjectId = person.chat.teams?.[0];
    if (!aadObjectId) return false;
    const activity = cardActivity(renderCard(reply, { locale: person.locale ?? this.locale }), reply.summary);
    try {
      const known = this.store.personalReference(aadObjectId);
      if (known) {
        await this.adapter.continueConversationAsync(this.appId, known, async (context) => {
          await context.sendActivity(activity);
        });
        return true;
      }
      const found = await this.findMember(aadObjectId);
      if (!found) return false;
      await this.openPersonalChat(found.reference, found.member, aadObjectId, async (context) => {
        await context.sendActivity(activity);
      });
      return true;
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      this.logger.warn({ err: error, person: person.id }, 'teams: cannot send a direct message');
      return false;
    }
  }

  resolveChannel(name: string): Promise<string | undefined> {
    return Promise.resolve(this.store.referenceForChannel(name) ? name : undefined);
  }

  private async channelType(channelId: string): Promise<string | undefined> {
    const teamId = this.store.teamOf(channelId);
    const reference = this.store.referenceForChannel(channelId);
    if (!teamId || !reference?.serviceUrl) return undefined;
    let type: string | undefined;
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        { ...reference, conversation: { ...reference.conversation!, id: channelId } },
        async (context) => {
          const channels = await TeamsInfo.getTeamChannels(context, teamId);
          type = channels.find((c) => c.id === channelId)?.type;
        },
      );
    } catch (error) {
      // Not knowing is no reason to fail a delivery: the channel then counts as shared.
      this.logger.warn({ err: error, channel: channelId }, 'teams: channel type lookup failed');
    }
    return type;
  }

  /** The person in one of the bot's teams, by their Entra object id, and the channel they were found through. */
  private async findMember(
    aadObjectId: string,
  ): Promise<{ reference: Partial<ConversationReference>; member: ChannelAccount } | undefined> {
    for (const reference of this.store.channelReferences()) {
      if (!reference.serviceUrl) continue;
      let member: ChannelAccount | undefined;
      try {
        await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
          member = await TeamsInfo.getMember(context, aadObjectId);
        });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      if (member?.id) return { reference, member };
    }
    return undefined;
  }

  /** Opens the bot's 1:1 chat with a team member, remembers it, and runs `logic` in it. */
  private async openPersonalChat(
    via: Partial<ConversationReference>,
    member: ChannelAccount,
    aadObjectId: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const tenantId = via.conversation?.tenantId;
    await this.adapter.createConversationAsync(
      this.appId,
      'msteams',
      via.serviceUrl!,
      BOT_FRAMEWORK_AUDIENCE,
      {
        isGroup: false,
        bot: via.bot!,
        members: [{ id: member.id, name: member.name }],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      } as never,
      async (context) => {
        const reference = TurnContext.getConversationReference(context.activity);
        delete reference.activityId;
        await this.store.rememberReference(context.activity.conversation.id, {
          ...reference,
          user: { id: member.id, name: member.name, aadObjectId },
          conversation: { ...reference.conversation!, conversationType: 'personal' },
        });
        await logic(context);
      },
    );
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

/** The channel of a thread (`19:…@thread.tacv2;messageid=…`), or the conversation itself. */
function channelOf(conversationId: string): string {
  const at = conversationId.indexOf(';messageid=');
  return at === -1 ? conversationId : conversationId.slice(0, at);
}

function statusOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { statusCode?: unknown }).statusCode
    : undefined;
}

/** The person cannot be messaged (not found, blocked the bot, left the tenant), as opposed to an outage. */
function isUnreachable(error: unknown): boolean {
  const status = statusOf(error);
  return status === 403 || status === 404;
}

function tenantOf(reference: Partial<ConversationReference>): { tenant?: { id: string } } {
  const tenantId = reference.conversation?.tenantId;
  return tenantId ? { tenant: { id: tenantId } } : {};
}
