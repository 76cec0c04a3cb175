// The Teams adapter: Bot Framework activities at POST /api/messages through botbuilder's
// CloudAdapter, which validates every request's token when MICROSOFT_APP_ID is set (401 without a
// valid one). It remembers conversation references (to post proactively), turns messages, card
// actions and form submissions into commands for the router (files attached to a message go with
// it, for /incident evidence: see teams-files.ts), and delivers the replies as Adaptive Cards. Only
// this folder imports botbuilder (see DESIGN.md on its end of life).
import {
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import express, { type Express } from 'express';
import type { Core } from '../../core/core.js';
import type { ChatFile } from '../../core/evidence/chat-file.js';
import { toTsunagiError } from '../../core/errors.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { Logger } from '../../observability/logger.js';
import { COMMAND_VERB, FORM_VERB, readFormValues } from '../../render/adaptive.js';
import { unpackFormMetadata } from '../../router/form-metadata.js';
import { formToCommand } from '../../router/forms.js';
import { errorReply, type Router } from '../../router/router.js';
import type { PlatformAdapter } from '../adapter.js';
import { BotFrameworkAdapter, isAuthenticationFailure } from './bot-framework-adapter.js';
import { evidenceShorthand, teamsFiles } from './teams-files.js';
import { TeamsReplies } from './teams-replies.js';
import { TeamsSpace } from './teams-space.js';
import { TeamsStore } from './teams-store.js';

export interface TeamsAdapterOptions {
  readonly router: Router;
  readonly core: Core;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appType?: string;
  readonly tenantId?: string;
}

/** What a card button or form sends back (Action.Execute data, or the Action.Submit fallback's value). */
interface ActionData {
  readonly command?: unknown;
  readonly tsunagiForm?: unknown;
  readonly [field: string]: unknown;
}

export class TeamsAdapter implements PlatformAdapter {
  readonly name = 'teams';
  readonly space: TeamsSpace;
  private readonly adapter: BotFrameworkAdapter;
  private readonly replies: TeamsReplies;
  private readonly log: Logger;

  private constructor(
    private readonly options: TeamsAdapterOptions,
    private readonly store: TeamsStore,
  ) {
    this.log = options.logger.child({ platform: 'teams' });
    const auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: options.appId ?? '',
      MicrosoftAppPassword: options.appPassword ?? '',
      MicrosoftAppType: options.appType ?? 'MultiTenant',
      MicrosoftAppTenantId: options.tenantId ?? '',
    });
    this.adapter = new BotFrameworkAdapter(auth);
    this.adapter.onTurnError = async (context, error) => {
      this.log.error({ err: error, activity: context.activity.id }, 'teams turn failed');
      await Promise.resolve();
    };
    this.replies = new TeamsReplies(this.adapter, options.appId ?? '', this.log);
    this.space = new TeamsSpace(
      this.adapter,
      options.appId ?? '',
      store,
      this.log,
      options.core.defaultLocale,
    );
  }

  static async create(options: TeamsAdapterOptions): Promise<TeamsAdapter> {
    const store = await TeamsStore.open(options.dataDir, () => options.core.now());
    return new TeamsAdapter(options, store);
  }

  /** POST /api/messages on the bot's HTTP server. */
  mount(app: Express): void {
    app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
      const activity = req.body as Activity | undefined;
      if (typeof activity?.type !== 'string') {
        res.status(400).json({ error: 'the body must be a Bot Framework activity' });
        return;
      }
      try {
        const invoke = await this.adapter.handle(req.headers.authorization ?? '', activity, (context) =>
          this.onTurn(context),
        );
        res.status(invoke?.status ?? 200);
        if (invoke?.body !== undefined) res.json(invoke.body);
        else res.end();
      } catch (error) {
        if (isAuthenticationFailure(error)) {
          this.log.info({ activity: activity.id }, 'request refused: no valid Bot Framework token');
          res.status(401).end();
          return;
        }
        this.log.error({ err: error, activity: activity.id }, 'teams request failed');
        res.status(500).end();
      }
    });
  }

  start(): Promise<void> {
    this.log.info({ authenticated: Boolean(this.options.appId) }, 'teams adapter started');
    if (!this.options.appId) {
      this.log.warn(
        'MICROSOFT_APP_ID is empty: Teams requests are NOT authenticated (local development mode)',
      );
    }
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** The error boundary for one inbound activity. */
  private async onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    await this.remember(activity);
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      await this.onCardAction(context);
      return;
    }
    if (activity.type !== 'message') return;
    if (!this.store.deliveries.claim(activity.id ?? '')) {
      this.log.info({ activity: activity.id }, 'duplicate activity ignored');
      return;
    }
    try {
      const submitted = actionData(activity.value);
      if (submitted) {
        await this.runAction(context, submitted);
      } else {
        const files = teamsFiles(activity, this.options.core.directory);
        await this.run(context, evidenceShorthand(messageText(activity), files), files);
      }
      await this.store.deliveries.complete(activity.id ?? '');
    } catch (thrown) {
      this.store.deliveries.release(activity.id ?? '');
      await this.tell(context, thrown);
    }
  }

  /** Action.Execute (Universal Actions): answer the invoke at once, deliver the replies as messages. */
  private async onCardAction(context: TurnContext): Promise<void> {
    const value = context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined;
    const data = actionData(value?.action?.data) ?? {};
    const verb = value?.action?.verb;
    let summary = '';
    try {
      if (verb === COMMAND_VERB || verb === FORM_VERB) summary = await this.runAction(context, data);
    } catch (thrown) {
      await this.tell(context, thrown);
    }
    // The clicked card stays as it is: live cards are updated for everyone by the incident rooms.
    await context.sendActivity({
      type: 'invokeResponse',
      value: {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: summary || '✓' },
      },
    });
  }

  /** A button's command or a submitted form, as a command line. Returns the first reply's summary. */
  private async runAction(context: TurnContext, data: ActionData): Promise<string> {
    if (typeof data.tsunagiForm === 'string') {
      const unpacked = unpackFormMetadata(data.tsunagiForm);
      if (!unpacked) return '';
      return this.run(context, formToCommand(unpacked.form, readFormValues(unpacked.form, data)));
    }
    if (typeof data.command === 'string') return this.run(context, data.command);
    return '';
  }

  private async run(context: TurnContext, text: string, files?: readonly ChatFile[]): Promise<string> {
    const activity = context.activity;
    const replies = await this.options.router.handle({
      platform: 'teams',
      deliveryId: activity.id ?? `teams-${Date.now()}`,
      user: {
        id: activity.from.aadObjectId ?? activity.from.id,
        ...(activity.from.name ? { displayName: activity.from.name } : {}),
        ...(localeOf(activity) ? { locale: localeOf(activity)! } : {}),
      },
      channel: { platform: 'teams', id: activity.conversation.id },
      text,
      capabilities: { forms: true },
      ...(files?.length ? { files } : {}),
    });
    await this.replies.deliver(context, replies, this.localeFor(activity));
    return replies[0]?.summary ?? '';
  }

  private localeFor(activity: Activity): Locale {
    const person = this.options.core.directory.personByChat(
      'teams',
      activity.from.aadObjectId ?? activity.from.id,
    );
    return person?.locale ?? localeOf(activity) ?? this.options.core.defaultLocale;
  }

  private async tell(context: TurnContext, thrown: unknown): Promise<void> {
    this.log.error({ err: thrown, activity: context.activity.id }, 'teams activity failed');
    try {
      await this.replies.deliver(
        context,
        [errorReply(toTsunagiError(thrown), this.localeFor(context.activity))],
        this.localeFor(context.activity),
      );
    } catch (second) {
      this.log.error({ err: second }, 'could not tell the user about the failure');
    }
  }

  /**
   * Keeps a reference for the conversation and, for a team channel, for the channel itself, so the
   * bot can later post there proactively (threads, announcements).
   */
  private async remember(activity: Activity): Promise<void> {
    const reference = TurnContext.getConversationReference(activity);
    await this.store.rememberReference(activity.conversation.id, reference);
    const data = activity.channelData as { channel?: { id?: string }; team?: { id?: string } } | undefined;
    const channelId = data?.channel?.id;
    // The team is needed later to look up whether the channel is shared with other organisations.
    const teamId = data?.team?.id;
    if (channelId && teamId) await this.store.rememberTeam(channelId, teamId);
    if (channelId && channelId !== activity.conversation.id) {
      const channelReference: Partial<ConversationReference> = {
        ...reference,
        conversation: { ...reference.conversation!, id: channelId },
      };
      delete channelReference.activityId;
      await this.store.rememberReference(channelId, channelReference);
    }
  }
}

/** The typed text without the bot's @mention (Teams puts "<at>Tsunagi</at>" in channels). */
function messageText(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text
    .replace(/<at>[^<]*<\/at>/gu, '')
    .replace(/&nbsp;/gu, ' ')
    .trim();
}

function actionData(value: unknown): ActionData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const data = value as ActionData;
  return typeof data.command === 'string' || typeof data.tsunagiForm === 'string' ? data : undefined;
}

/** The client's language from the activity ("ja-JP" → ja; anything else → en). */
function localeOf(activity: Activity): Locale | undefined {
  const tag = activity.locale?.toLowerCase();
  if (!tag) return undefined;
  return tag.startsWith('ja') ? 'ja' : 'en';
}
