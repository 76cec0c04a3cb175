// The Slack adapter: receives slash commands, button presses, modal submissions, shortcuts and
// events (over HTTP at POST /slack/events, or over Socket Mode when SLACK_APP_TOKEN is set),
// verifies them (Bolt checks the v0 signature and its 5-minute window on every HTTP request),
// acknowledges at once, and only then runs the command through the router and answers. It
// translates and delivers; every decision is the core's. A message put on an incident's timeline
// (📌 or the shortcut) brings its files along as evidence (see slack-timeline.ts).
import bolt from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Express } from 'express';
import type { Core } from '../../core/core.js';
import type { ChatFile } from '../../core/evidence/chat-file.js';
import { ConfigError, toTsunagiError, type TsunagiError } from '../../core/errors.js';
import { homeIntro } from '../../core/views/home.js';
import { ViewContext } from '../../core/views/view-context.js';
import type { Logger } from '../../observability/logger.js';
import { ACTION_ID_PREFIX, readModalValues, renderHomeView } from '../../render/blockkit.js';
import { formToCommand } from '../../router/forms.js';
import { errorReply, type Router } from '../../router/router.js';
import type { PlatformAdapter } from '../adapter.js';
import { AcksFirst } from './acks-first.js';
import { boltLogger } from './bolt-logger.js';
import { unpackFormMetadata } from '../../router/form-metadata.js';
import { slackErrorCode } from './slack-errors.js';
import { SlackFiles } from './slack-files.js';
import { SlackPeople } from './slack-people.js';
import { FORM_CALLBACK_ID, SlackReplies, type Conversation } from './slack-replies.js';
import { SlackSpace } from './slack-space.js';
import { SlackTimeline, type TimelineMessage } from './slack-timeline.js';
import { SlackStore } from './slack-store.js';

const { App, ExpressReceiver, SocketModeReceiver } = bolt;

export const ADD_TO_TIMELINE_CALLBACK_ID = 'tsunagi.add_to_timeline';
export const PIN_REACTION = 'pushpin';

export interface SlackAdapterOptions {
  readonly router: Router;
  readonly core: Core;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly botToken: string;
  /** Required for HTTP; Socket Mode connections are authenticated by the app token instead. */
  readonly signingSecret?: string;
  readonly appToken?: string;
  /** Web API base URL (SLACK_API_URL); Slack's own when undefined. */
  readonly apiUrl?: string;
}

export class SlackAdapter implements PlatformAdapter {
  readonly name = 'slack';
  readonly space: SlackSpace;
  private readonly app: InstanceType<typeof App>;
  private readonly receiver: InstanceType<typeof ExpressReceiver> | undefined;
  private readonly client: WebClient;
  private readonly people: SlackPeople;
  private readonly log: Logger;
  private readonly acksFirst = new AcksFirst();
  private readonly replies: SlackReplies;
  private readonly timeline: SlackTimeline;

  private constructor(
    private readonly options: SlackAdapterOptions,
    private readonly store: SlackStore,
  ) {
    this.log = options.logger.child({ platform: 'slack' });
    const logger = boltLogger(this.log);
    const clientOptions = options.apiUrl ? { slackApiUrl: withTrailingSlash(options.apiUrl) } : {};
    if (options.appToken) {
      const receiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        installerOptions: { clientOptions },
      });
      this.app = new App({
        token: options.botToken,
        receiver,
        logger,
        clientOptions,
        deferInitialization: true,
      });
    } else {
      // Signature verification is never switched off: Bolt's default, and no option here changes it.
      this.receiver = new ExpressReceiver({
        signingSecret: options.signingSecret!,
        endpoints: '/slack/events',
        logger,
        processBeforeResponse: false,
      });
      this.app = new App({
        token: options.botToken,
        receiver: this.receiver,
        logger,
        clientOptions,
        deferInitialization: true,
      });
    }
    this.client = this.app.client;
    this.replies = new SlackReplies(this.client);
    this.timeline = new SlackTimeline({
      core: options.core,
      client: this.client,
      replies: this.replies,
      files: new SlackFiles(this.client, options.botToken, options.core.directory, options.apiUrl),
      log: this.log,
      run: (conversation, text, deliveryId, files) => this.run(conversation, text, deliveryId, files),
    });
    this.people = new SlackPeople(this.client, options.core.directory, this.log);
    this.space = new SlackSpace(this.client, store, this.log, options.core.defaultLocale, this.people);
    this.registerListeners();
  }

  static async create(options: SlackAdapterOptions): Promise<SlackAdapter> {
    const store = await SlackStore.open(options.dataDir, () => options.core.now());
    return new SlackAdapter(options, store);
  }

  /** Adds POST /slack/events to the bot's HTTP server (not used in Socket Mode). */
  mount(express: Express): void {
    if (!this.receiver) return;
    express.use('/slack', this.acksFirst.track);
    express.use(this.receiver.router);
  }

  async start(): Promise<void> {
    // Checks the bot token (auth.test) before anything is received.
    try {
      await this.app.init();
      if (this.options.appToken) await this.app.start();
    } catch (error) {
      throw slackStartError(error);
    }
    this.log.info({ mode: this.options.appToken ? 'socket' : 'http' }, 'slack adapter started');
  }

  async stop(): Promise<void> {
    if (this.options.appToken) await this.app.stop();
  }

  private registerListeners(): void {
    const { app } = this;
    // Slack retries an event it thinks was not received (X-Slack-Retry-Num); the same event_id
    // must have exactly one effect.
    app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (typeof eventId !== 'string') return next();
      if (!this.store.deliveries.claim(eventId)) {
        this.log.info({ eventId }, 'duplicate event delivery ignored');
        return;
      }
      try {
        await next();
        await this.store.deliveries.complete(eventId);
      } catch (error) {
        this.store.deliveries.release(eventId);
        throw error;
      }
    });

    app.command(/.+/u, async ({ command, ack }) => {
      await ack();
      await this.boundary(command.user_id, command.channel_id, command.response_url, async (conversation) => {
        await this.run(
          { ...conversation, triggerId: command.trigger_id },
          `${command.command} ${command.text}`,
          `cmd-${command.trigger_id}`,
        );
      });
    });

    app.action(new RegExp(`^${escapeRegExp(ACTION_ID_PREFIX)}`, 'u'), async ({ action, body, ack }) => {
      await ack();
      if (action.type !== 'button' || !action.value) return;
      const value = action.value;
      const userId = body.user.id;
      const channelId = body.channel?.id ?? userId;
      const responseUrl = 'response_url' in body ? body.response_url : undefined;
      const triggerId = 'trigger_id' in body ? body.trigger_id : undefined;
      await this.boundary(userId, channelId, responseUrl, async (conversation) => {
        await this.run(
          { ...conversation, ...(triggerId ? { triggerId } : {}) },
          value,
          `action-${'action_ts' in action ? action.action_ts : Date.now()}`,
        );
      });
    });

    app.view(FORM_CALLBACK_ID, async ({ view, body, ack }) => {
      await ack();
      const unpacked = unpackFormMetadata(view.private_metadata);
      if (!unpacked) {
        this.log.warn({ viewId: view.id }, 'modal submission without our metadata ignored');
        return;
      }
      const answers = readModalValues(unpacked.form, view.state.values);
      await this.boundary(body.user.id, unpacked.channelId, undefined, async (conversation) => {
        await this.run(conversation, formToCommand(unpacked.form, answers), `view-${view.id}`);
      });
    });

    app.shortcut(ADD_TO_TIMELINE_CALLBACK_ID, async ({ shortcut, ack }) => {
      await ack();
      if (shortcut.type !== 'message_action') return;
      const message = shortcut.message as TimelineMessage;
      await this.boundary(
        shortcut.user.id,
        shortcut.channel.id,
        shortcut.response_url,
        async (conversation) => {
          await this.timeline.add(conversation, message, `shortcut-${shortcut.action_ts}`);
        },
      );
    });

    app.event('reaction_added', async ({ event, body }) => {
      if (event.reaction !== PIN_REACTION || event.item.type !== 'message') return;
      const { channel, ts } = event.item;
      await this.boundary(event.user, channel, undefined, async (conversation) => {
        const found = await this.client.reactions.get({ channel, timestamp: ts, full: true });
        const message = found.message;
        await this.timeline.add(
          conversation,
          {
            ts,
            text: message?.text ?? '',
            user: message?.user ?? '',
            // Present on messages that shared files; the SDK's type leaves it out.
            files: (message as { files?: unknown } | undefined)?.files,
          },
          (body as { event_id: string }).event_id,
        );
      });
    });

    app.event('app_home_opened', async ({ event }) => {
      if (event.tab !== 'home') return;
      await this.boundary(event.user, event.user, undefined, async (conversation) => {
        await this.publishHome(conversation);
      });
    });

    app.error((error) => {
      this.log.error({ err: error }, 'slack request failed');
      return Promise.resolve();
    });
  }

  /**
   * The error boundary for one inbound interaction: whatever fails is logged and the person is
   * told, in their language, as an ephemeral message; nothing propagates to Bolt.
   */
  private async boundary(
    userId: string,
    channelId: string,
    responseUrl: string | undefined,
    work: (conversation: Conversation) => Promise<void>,
  ): Promise<void> {
    let conversation: Conversation = {
      userId,
      channelId,
      locale: this.options.core.defaultLocale,
      ...(responseUrl ? { responseUrl } : {}),
    };
    try {
      await this.acksFirst.run(async () => {
        conversation = {
          ...conversation,
          locale: (await this.people.localeOf(userId)) ?? conversation.locale,
        };
        await work(conversation);
      });
    } catch (thrown) {
      this.log.error({ err: thrown, user: userId, channel: channelId }, 'slack interaction failed');
      try {
        await this.replies.deliver(conversation, [errorReply(toTsunagiError(thrown), conversation.locale)]);
      } catch (second) {
        this.log.error({ err: second }, 'could not tell the user about the failure');
      }
    }
  }

  /** Runs a command line as the person in the conversation and delivers the replies. */
  private async run(
    conversation: Conversation,
    text: string,
    deliveryId: string,
    files?: readonly ChatFile[],
  ): Promise<void> {
    const shared = await this.people.isShared(conversation.channelId);
    const replies = await this.options.router.handle({
      platform: 'slack',
      deliveryId,
      user: { id: conversation.userId, locale: conversation.locale },
      channel: { platform: 'slack', id: conversation.channelId, shared },
      text,
      capabilities: { forms: conversation.triggerId !== undefined },
      ...(files ? { files } : {}),
    });
    // Between running the command and rendering its replies, acknowledgements waiting get the loop.
    await this.acksFirst.yield();
    await this.replies.deliver(conversation, replies);
  }

  private async publishHome(conversation: Conversation): Promise<void> {
    const { core } = this.options;
    const actor = core.directory.personByChat('slack', conversation.userId);
    const v = new ViewContext(conversation.locale, core.directory, core.timeZone, core.now(), actor);
    const list = await this.options.router.handle({
      platform: 'slack',
      deliveryId: `home-${conversation.userId}`,
      user: { id: conversation.userId, locale: conversation.locale },
      channel: { platform: 'slack', id: conversation.userId },
      text: '/incident list',
    });
    const view = renderHomeView([homeIntro(v), ...list], { locale: conversation.locale });
    await this.client.views.publish({ user_id: conversation.userId, view });
  }
}

/** Why the adapter could not connect, as an operator can act on it. */
function slackStartError(error: unknown): TsunagiError {
  const code = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  const tokenProblem = ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'].some((c) =>
    code.includes(c),
  );
  return new ConfigError(
    tokenProblem
      ? {
          ja: `Slack がトークンを受け付けませんでした（${code}）。SLACK_BOT_TOKEN（Socket Mode では SLACK_APP_TOKEN も）を確認してください。`,
          en: `Slack rejected the token (${code}). Check SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode).`,
        }
      : {
          ja: `Slack に接続できませんでした（${code}）。ネットワークと SLACK_API_URL を確認してください。`,
          en: `Could not connect to Slack (${code}). Check the network and SLACK_API_URL.`,
        },
  );
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
