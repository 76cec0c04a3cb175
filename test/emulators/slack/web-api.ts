// In-memory workspace state and the Web API methods that read and change it. Pure request → response
// logic with no HTTP in sight, so the server in slack-emulator.ts stays about transport concerns.
//
// Error codes follow Slack's method reference: a wrong code here would let the bot handle an error
// in tests that Slack never sends, or miss one it does.
import { randomBytes } from 'node:crypto';
import { EmulatedFiles, type SeedFile } from './files.js';
import {
  APP_ID,
  BOT_ID,
  BOT_USER_ID,
  BOT_USER_NAME,
  TEAM_ID,
  TEAM_NAME,
  WORKSPACE_URL,
} from './workspace.js';

export interface EmulatedUser {
  id: string;
  name: string;
  /** Returned by users.info only when include_locale is true, as Slack does. Default 'en-US'. */
  locale?: string;
  /** Home team; set it to another team id to model a Slack Connect guest. Default the emulated team. */
  teamId?: string;
  /** Default: `name`. */
  realName?: string;
  /** IANA zone. Default 'Asia/Tokyo'. */
  tz?: string;
}

export type ApiArgs = Record<string, unknown>;
export type ApiBody = { ok: boolean } & Record<string, unknown>;

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

export interface StoredMessage {
  type: 'message';
  ts: string;
  text: string;
  user: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reactions?: Reaction[];
  edited?: { user: string; ts: string };
  /** Files shared with the message, as Slack's file objects. */
  files?: Record<string, unknown>[];
  upload?: boolean;
}

export interface StoredChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isExtShared: boolean;
  created: number;
  creator: string;
  topic: { value: string; creator: string; last_set: number };
  members: Set<string>;
}

export interface SeedChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  isExtShared?: boolean;
  /** The bot is a member unless botIsMember is false; list anyone else already in the channel. */
  members?: string[];
  /** False for a private channel the bot has not been invited to (posting there fails). */
  botIsMember?: boolean;
}

export interface SeedMessage {
  user: string;
  text: string;
  ts?: string;
  threadTs?: string;
  reactions?: Reaction[];
  /** Files shared with the message; each gets an id, and a url_private_download on the emulator. */
  files?: SeedFile[];
}

// Deterministic timestamps keep test output stable; they still sort and parse like real ones.
const TS_BASE_SECONDS = 1_700_000_000;
const CHANNEL_NAME_MAX_LENGTH = 80;
const TOPIC_MAX_LENGTH = 250;
const MESSAGE_MAX_BLOCKS = 50;
// Longest `text.text` Slack accepts per block type.
const TEXT_LIMITS: Partial<Record<string, number>> = { section: 3000, header: 150 };

const ok = (fields: Record<string, unknown> = {}): ApiBody => ({ ok: true, ...fields });
const fail = (error: string, fields: Record<string, unknown> = {}): ApiBody => ({
  ok: false,
  error,
  ...fields,
});

/** A string argument; form bodies only carry strings but JSON bodies may carry numbers. */
function str(args: ApiArgs, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Slack reads 'true', '1' and JSON true alike as a set boolean flag. */
function flag(args: ApiArgs, key: string): boolean {
  const value = args[key];
  return value === true || value === 1 || value === 'true' || value === '1';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Seconds east of UTC for an IANA zone, the way Slack reports tz_offset. */
function tzOffsetSeconds(timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

/**
 * Slack's rule: lowercase letters, numbers, hyphens and underscores, at most 80 characters. Letters
 * from scripts without case (Japanese, Chinese, …) count as lowercase, which is why Japanese channel
 * names work in real workspaces.
 */
export function channelNameError(name: string | undefined): string | undefined {
  if (name === undefined) return 'invalid_name_required';
  if ([...name].length > CHANNEL_NAME_MAX_LENGTH) return 'invalid_name_maxlength';
  if (!/^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}_-]+$/u.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

/**
 * The Block Kit limits a chat bot most plausibly trips over. Slack rejects the whole message, so a
 * bot that only works because an emulator is lenient would fail in production.
 */
function blocksError(blocks: unknown, maxBlocks: number): ApiBody | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  const problems: string[] = [];
  if (blocks.length > maxBlocks)
    problems.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  blocks.forEach((block: unknown, index) => {
    const pointer = `/blocks/${index}`;
    if (!isRecord(block) || typeof block.type !== 'string') {
      problems.push(`missing required field: type [json-pointer:${pointer}]`);
      return;
    }
    const max = TEXT_LIMITS[block.type];
    const text = isRecord(block.text) ? block.text.text : undefined;
    if (max !== undefined && typeof text === 'string' && text.length > max) {
      problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text/text]`);
    }
  });
  if (problems.length === 0) return undefined;
  return fail('invalid_blocks', {
    errors: problems,
    response_metadata: { messages: problems.map((problem) => `[ERROR] ${problem}`) },
  });
}

export class SlackWorkspace {
  private readonly channels = new Map<string, StoredChannel>();
  private readonly messagesByChannel = new Map<string, StoredMessage[]>();
  private readonly views = new Map<string, Record<string, unknown>>();
  private readonly usersById: Map<string, EmulatedUser>;
  private tsCounter = 0;
  private idCounter = 0;
  /** Files shared in messages; their downloads are served by the emulator at `baseUrl`. */
  readonly files: EmulatedFiles;

  constructor(users: readonly EmulatedUser[], baseUrl = 'http://127.0.0.1') {
    this.usersById = new Map(users.map((user) => [user.id, user]));
    this.files = new EmulatedFiles(baseUrl);
  }

  /** Unique, increasing message timestamps: 1700000000.000100, 1700000000.000200, … */
  nextTs(): string {
    this.tsCounter += 1;
    const micros = this.tsCounter * 100;
    return `${TS_BASE_SECONDS + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}0EMU${String(this.idCounter).padStart(5, '0')}`;
  }

  /** Slack refuses to post into a private channel the bot is not a member of (chat:write.public covers public ones). */
  private botLocked(channelId: string): boolean {
    const channel = this.channels.get(channelId);
    return channel !== undefined && channel.isPrivate && !channel.members.has(BOT_USER_ID);
  }

  addChannel(seed: SeedChannel): StoredChannel {
    const channel: StoredChannel = {
      id: seed.id,
      name: seed.name,
      isPrivate: seed.isPrivate ?? false,
      isExtShared: seed.isExtShared ?? false,
      created: nowSeconds(),
      creator: BOT_USER_ID,
      topic: { value: '', creator: '', last_set: 0 },
      members: new Set([...(seed.botIsMember === false ? [] : [BOT_USER_ID]), ...(seed.members ?? [])]),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  getChannel(id: string): StoredChannel | undefined {
    return this.channels.get(id);
  }

  shareChannel(id: string): void {
    const channel = this.channels.get(id);
    if (!channel)
      throw new Error(`shareChannel: no channel ${id}; create it or seed it with addChannel first`);
    channel.isExtShared = true;
  }

  /** Messages in a channel, oldest first, thread replies included. */
  messages(channel: string): StoredMessage[] {
    let list = this.messagesByChannel.get(channel);
    if (!list) {
      list = [];
      this.messagesByChannel.set(channel, list);
    }
    return list;
  }

  addMessage(channel: string, seed: SeedMessage): string {
    const ts = seed.ts ?? this.nextTs();
    const user = this.usersById.get(seed.user);
    const files = (seed.files ?? []).map((file) =>
      this.files.object(this.files.add(file, { user: seed.user, channel })),
    );
    this.messages(channel).push({
      type: 'message',
      ts,
      text: seed.text,
      user: seed.user,
      team: user?.teamId ?? TEAM_ID,
      ...(seed.threadTs !== undefined && { thread_ts: seed.threadTs }),
      ...(seed.reactions !== undefined && { reactions: seed.reactions }),
      // Slack marks a message that shared files as an upload and lists the files on it.
      ...(files.length > 0 && { files, upload: true }),
    });
    return ts;
  }

  knows(method: string): boolean {
    return Object.hasOwn(this.methods, method);
  }

  /** The response for `method`, or undefined when the emulator does not know the method. */
  call(method: string, args: ApiArgs): ApiBody | undefined {
    return this.knows(method) ? this.methods[method]?.(args) : undefined;
  }

  private readonly methods: Record<string, (args: ApiArgs) => ApiBody> = {
    'auth.test': () =>
      ok({
        url: WORKSPACE_URL,
        team: TEAM_NAME,
        user: BOT_USER_NAME,
        team_id: TEAM_ID,
        user_id: BOT_USER_ID,
        bot_id: BOT_ID,
        is_enterprise_install: false,
      }),

    'chat.postMessage': (args) => {
      const channel = this.resolvePostTarget(str(args, 'channel'));
      if (channel === undefined) return fail('channel_not_found');
      if (this.botLocked(channel)) return fail('not_in_channel');
      const invalid = this.messageContentError(args);
      if (invalid) return invalid;
      const threadTs = str(args, 'thread_ts');
      const message: StoredMessage = {
        type: 'message',
        ts: this.nextTs(),
        text: str(args, 'text') ?? '',
        user: BOT_USER_ID,
        team: TEAM_ID,
        bot_id: BOT_ID,
        app_id: APP_ID,
        ...(Array.isArray(args.blocks) && { blocks: args.blocks }),
        ...(Array.isArray(args.attachments) && { attachments: args.attachments }),
        ...(threadTs !== undefined && { thread_ts: threadTs }),
      };
      this.messages(channel).push(message);
      return ok({ channel, ts: message.ts, message: { ...message } });
    },

    'chat.update': (args) => {
      const channel = this.resolvePostTarget(str(args, 'channel'));
      if (channel === undefined) return fail('channel_not_found');
      if (this.botLocked(channel)) return fail('not_in_channel');
      const message = this.findMessage(channel, str(args, 'ts'));
      if (!message) return fail('message_not_found');
      if (message.user !== BOT_USER_ID) return fail('cant_update_message');
      const invalid = blocksError(args.blocks, MESSAGE_MAX_BLOCKS);
      if (invalid) return invalid;
      const text = str(args, 'text');
      if (text !== undefined) message.text = text;
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      message.edited = { user: BOT_USER_ID, ts: this.nextTs() };
      return ok({ channel, ts: message.ts, text: message.text, message: { ...message } });
    },

    'chat.postEphemeral': (args) => {
      const channel = this.resolvePostTarget(str(args, 'channel'));
      if (channel === undefined) return fail('channel_not_found');
      if (this.botLocked(channel)) return fail('not_in_channel');
      const user = str(args, 'user');
      if (user === undefined || !this.isKnownUser(user)) return fail('user_not_found');
      const invalid = this.messageContentError(args);
      if (invalid) return invalid;
      // Ephemeral messages are not stored in history, exactly as in Slack.
      return ok({ message_ts: this.nextTs() });
    },

    'chat.getPermalink': (args) => {
      const channel = this.resolvePostTarget(str(args, 'channel'));
      if (channel === undefined) return fail('channel_not_found');
      const message = this.findMessage(channel, str(args, 'message_ts'));
      if (!message) return fail('message_not_found');
      let permalink = `${WORKSPACE_URL}archives/${channel}/p${message.ts.replace('.', '')}`;
      if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
        permalink += `?thread_ts=${message.thread_ts}&cid=${channel}`;
      }
      return ok({ channel, permalink });
    },

    'conversations.create': (args) => {
      const name = str(args, 'name');
      const nameError = channelNameError(name);
      if (nameError !== undefined || name === undefined) return fail(nameError ?? 'invalid_name_required');
      if ([...this.channels.values()].some((channel) => channel.name === name)) return fail('name_taken');
      const channel = this.addChannel({ id: this.nextId('C'), name, isPrivate: flag(args, 'is_private') });
      return ok({ channel: this.conversationObject(channel) });
    },

    'conversations.info': (args) => {
      const channel = this.channels.get(str(args, 'channel') ?? '');
      return channel ? ok({ channel: this.conversationObject(channel) }) : fail('channel_not_found');
    },

    'conversations.list': (args) => {
      const types = (str(args, 'types') ?? 'public_channel').split(',').map((type) => type.trim());
      // Like Slack, a bot sees every public channel but only the private channels it is in.
      const visible = [...this.channels.values()].filter((channel) =>
        channel.isPrivate
          ? types.includes('private_channel') && channel.members.has(BOT_USER_ID)
          : types.includes('public_channel'),
      );
      const limit = Math.min(Math.max(Number(str(args, 'limit') ?? 100) || 100, 1), 1000);
      const cursor = str(args, 'cursor');
      const start =
        cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64').toString('utf8').split(':')[1]);
      if (!Number.isInteger(start) || start < 0) return fail('invalid_cursor');
      const page = visible.slice(start, start + limit);
      const next =
        start + limit < visible.length ? Buffer.from(`next:${start + limit}`).toString('base64') : '';
      return ok({
        channels: page.map((channel) => this.conversationObject(channel)),
        response_metadata: { next_cursor: next },
      });
    },

    'conversations.members': (args) => {
      const channel = this.channels.get(str(args, 'channel') ?? '');
      if (!channel) return fail('channel_not_found');
      return ok({ members: [...channel.members], response_metadata: { next_cursor: '' } });
    },

    'conversations.invite': (args) => {
      const channel = this.channels.get(str(args, 'channel') ?? '');
      if (!channel) return fail('channel_not_found');
      const users = (str(args, 'users') ?? '')
        .split(',')
        .map((user) => user.trim())
        .filter((user) => user !== '');
      if (users.length === 0) return fail('no_user');
      if (users.includes(BOT_USER_ID)) return fail('cant_invite_self');
      const unknown = users.filter((user) => !this.isKnownUser(user));
      if (unknown.length > 0) {
        return fail('user_not_found', {
          errors: unknown.map((user) => ({ user, ok: false, error: 'user_not_found' })),
        });
      }
      const newcomers = users.filter((user) => !channel.members.has(user));
      // Slack only refuses when nobody new would join; already-present users in a mixed list are skipped.
      if (newcomers.length === 0) {
        return fail('already_in_channel', {
          errors: users.map((user) => ({ user, ok: false, error: 'already_in_channel' })),
        });
      }
      for (const user of newcomers) channel.members.add(user);
      return ok({ channel: this.conversationObject(channel) });
    },

    'conversations.setTopic': (args) => {
      const channel = this.channels.get(str(args, 'channel') ?? '');
      if (!channel) return fail('channel_not_found');
      const topic = str(args, 'topic') ?? '';
      if ([...topic].length > TOPIC_MAX_LENGTH) return fail('too_long');
      channel.topic = { value: topic, creator: BOT_USER_ID, last_set: nowSeconds() };
      return ok({ channel: this.conversationObject(channel) });
    },

    'bookmarks.add': (args) => {
      const channelId = str(args, 'channel_id') ?? '';
      if (!this.channels.has(channelId)) return fail('channel_not_found');
      const title = str(args, 'title');
      if (title === undefined) return fail('invalid_arguments');
      if (str(args, 'type') !== 'link') return fail('invalid_bookmark_type');
      const link = str(args, 'link');
      if (link === undefined || !/^https?:\/\//.test(link)) return fail('invalid_link');
      return ok({
        bookmark: {
          id: this.nextId('Bk'),
          channel_id: channelId,
          title,
          link,
          emoji: str(args, 'emoji') ?? null,
          icon_url: null,
          type: 'link',
          entity_id: null,
          date_created: nowSeconds(),
          date_updated: 0,
          rank: 'U',
          last_updated_by_user_id: BOT_USER_ID,
          last_updated_by_team_id: TEAM_ID,
          shortcut_id: null,
          app_id: APP_ID,
        },
      });
    },

    'views.open': (args) => {
      if (str(args, 'trigger_id') === undefined) {
        return fail('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] invalid `trigger_id`'] },
        });
      }
      return this.storeView(args.view);
    },

    'views.publish': (args) => {
      if (str(args, 'user_id') === undefined) return fail('invalid_arguments');
      return this.storeView(args.view);
    },

    'views.update': (args) => {
      const viewId = str(args, 'view_id');
      const externalId = str(args, 'external_id');
      const existing = [...this.views.values()].find(
        (view) =>
          (viewId !== undefined && view.id === viewId) ||
          (externalId !== undefined && view.external_id === externalId),
      );
      if (!existing) return fail('not_found');
      const hash = str(args, 'hash');
      if (hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
      return this.storeView(args.view, existing);
    },

    'users.info': (args) => {
      const user = this.usersById.get(str(args, 'user') ?? '');
      if (!user) return fail('user_not_found');
      const tz = user.tz ?? 'Asia/Tokyo';
      const realName = user.realName ?? user.name;
      return ok({
        user: {
          id: user.id,
          team_id: user.teamId ?? TEAM_ID,
          name: user.name,
          deleted: false,
          real_name: realName,
          tz,
          tz_offset: tzOffsetSeconds(tz),
          is_bot: false,
          is_admin: false,
          is_restricted: false,
          ...(flag(args, 'include_locale') && { locale: user.locale ?? 'en-US' }),
          profile: {
            display_name: user.name,
            display_name_normalized: user.name,
            real_name: realName,
            real_name_normalized: realName,
            team: user.teamId ?? TEAM_ID,
          },
        },
      });
    },

    'files.info': (args) => {
      const id = str(args, 'file');
      if (id === undefined) return fail('invalid_arguments');
      const file = this.files.get(id);
      if (!file) return fail('file_not_found');
      return ok({ file: this.files.object(file), comments: [], response_metadata: { next_cursor: '' } });
    },

    'reactions.get': (args) => {
      const channel = this.resolvePostTarget(str(args, 'channel'));
      if (channel === undefined) return fail('channel_not_found');
      const message = this.findMessage(channel, str(args, 'timestamp'));
      if (!message) return fail('message_not_found');
      return ok({ type: 'message', channel, message: { ...message } });
    },
  };

  /**
   * Where chat.postMessage may post: any known channel, anything shaped like a channel/group/DM id
   * (tests need not seed every channel), or a user id, which Slack turns into the bot's DM with them.
   */
  private resolvePostTarget(channel: string | undefined): string | undefined {
    if (channel === undefined) return undefined;
    if (this.channels.has(channel) || /^[CGD][A-Z0-9]+$/.test(channel)) return channel;
    if (/^[UW][A-Z0-9]+$/.test(channel) && this.isKnownUser(channel)) return `D${channel.slice(1)}`;
    return undefined;
  }

  /** With no users configured every user id is accepted, so simple tests need no directory. */
  private isKnownUser(id: string): boolean {
    return this.usersById.size === 0 || this.usersById.has(id);
  }

  private findMessage(channel: string, ts: string | undefined): StoredMessage | undefined {
    return ts === undefined ? undefined : this.messages(channel).find((message) => message.ts === ts);
  }

  private messageContentError(args: ApiArgs): ApiBody | undefined {
    if (str(args, 'text') === undefined && args.blocks === undefined && args.attachments === undefined) {
      return fail('no_text');
    }
    return blocksError(args.blocks, MESSAGE_MAX_BLOCKS);
  }

  private storeView(view: unknown, replacing?: Record<string, unknown>): ApiBody {
    if (!isRecord(view) || typeof view.type !== 'string') return fail('invalid_arguments');
    const invalid = blocksError(view.blocks, 100);
    if (invalid) return invalid;
    const id = typeof replacing?.id === 'string' ? replacing.id : this.nextId('V');
    const stored: Record<string, unknown> = {
      private_metadata: '',
      callback_id: '',
      external_id: '',
      state: { values: {} },
      clear_on_close: false,
      notify_on_close: false,
      previous_view_id: null,
      ...view,
      // Fields Slack owns; a view payload cannot override them.
      id,
      team_id: TEAM_ID,
      root_view_id: replacing?.root_view_id ?? id,
      app_id: APP_ID,
      app_installed_team_id: TEAM_ID,
      bot_id: BOT_ID,
      // A fresh hash on every change; views.update compares it to detect concurrent edits.
      hash: `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
    };
    this.views.set(id, stored);
    return ok({ view: stored });
  }

  private conversationObject(channel: StoredChannel): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: channel.isPrivate,
      is_archived: false,
      is_general: false,
      is_shared: channel.isExtShared,
      is_ext_shared: channel.isExtShared,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      is_member: channel.members.has(BOT_USER_ID),
      created: channel.created,
      creator: channel.creator,
      context_team_id: TEAM_ID,
      topic: { ...channel.topic },
      purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [],
      num_members: channel.members.size,
    };
  }
}
