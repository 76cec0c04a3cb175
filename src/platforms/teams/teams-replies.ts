// Delivering replies in Teams: channel-visible replies (and forms) go to the conversation the
// person typed in; ephemeral ones — Teams has no ephemeral messages — go to the person privately:
// in their personal chat with the bot, opened proactively when they typed in a channel or group.
import { TurnContext, type CloudAdapter } from 'botbuilder';
import type { Locale } from '../../core/i18n/locale.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../observability/logger.js';
import { renderCard, renderFormCard } from '../../render/adaptive.js';
import { packFormMetadata } from '../../router/form-metadata.js';
import { cardActivity } from './card-activity.js';

const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

export class TeamsReplies {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly logger: Logger,
  ) {}

  async deliver(context: TurnContext, replies: readonly Reply[], locale: Locale): Promise<void> {
    const conversationId = context.activity.conversation.id;
    const personal = context.activity.conversation.conversationType === 'personal';
    const privately: Reply[] = [];
    for (const reply of replies) {
      if (reply.form) {
        const card = renderFormCard(reply.form, {
          locale,
          metadata: packFormMetadata(reply.form, conversationId),
        });
        await context.sendActivity(cardActivity(card, reply.summary));
      } else if (reply.visibility === 'ephemeral' && !personal) {
        privately.push(reply);
      } else {
        await context.sendActivity(cardActivity(renderCard(reply, { locale }), reply.summary));
      }
    }
    if (privately.length > 0) await this.sendPrivately(context, privately, locale);
  }

  /** Opens (or reuses) the person's 1:1 chat with the bot and sends the replies there. */
  private async sendPrivately(
    context: TurnContext,
    replies: readonly Reply[],
    locale: Locale,
  ): Promise<void> {
    const activity = context.activity;
    const tenantId =
      activity.conversation.tenantId ??
      (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    await this.adapter.createConversationAsync(
      this.appId,
      activity.channelId,
      activity.serviceUrl,
      BOT_FRAMEWORK_AUDIENCE,
      {
        isGroup: false,
        bot: activity.recipient,
        members: [activity.from],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      } as never,
      async (personal) => {
        for (const reply of replies) {
          await personal.sendActivity(cardActivity(renderCard(reply, { locale }), reply.summary));
        }
        this.logger.debug(
          { conversation: TurnContext.getConversationReference(personal.activity).conversation?.id },
          'sent privately',
        );
      },
    );
  }
}
