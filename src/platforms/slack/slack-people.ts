// Who is asking and where, as Slack knows it: a person's language (users.info with locale, when
// tsunagi.yaml does not set one) and whether a channel is shared with another organisation's
// workspace (Slack Connect), in which case channel replies are built for every party in it.
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../core/i18n/locale.js';
import type { Directory } from '../../core/parties/directory.js';
import type { Logger } from '../../observability/logger.js';

const CACHE_MS = 60 * 60 * 1000;

interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

export class SlackPeople {
  private readonly locales = new Map<string, Cached<Locale | undefined>>();
  private readonly shared = new Map<string, Cached<boolean>>();

  constructor(
    private readonly client: WebClient,
    private readonly directory: Directory,
    private readonly logger: Logger,
  ) {}

  /** The person's language: tsunagi.yaml first, then Slack's own setting for them. */
  async localeOf(userId: string): Promise<Locale | undefined> {
    const configured = this.directory.personByChat('slack', userId)?.locale;
    if (configured) return configured;
    return this.cached(this.locales, userId, undefined, async () => {
      const info = await this.client.users.info({ user: userId, include_locale: true });
      const locale = info.user?.locale?.toLowerCase();
      if (!locale) return undefined;
      return locale.startsWith('ja') ? 'ja' : 'en';
    });
  }

  /** True for a Slack Connect channel (shared with another organisation's workspace). */
  async isShared(channelId: string): Promise<boolean> {
    // Direct messages with the bot are never shared.
    if (channelId.startsWith('D')) return false;
    // Not knowing is treated as shared: the cautious choice.
    return this.cached(this.shared, channelId, true, async () => {
      const info = await this.client.conversations.info({ channel: channelId });
      return Boolean(info.channel?.is_ext_shared || info.channel?.is_shared);
    });
  }

  private async cached<T>(
    cache: Map<string, Cached<T>>,
    key: string,
    fallback: T,
    load: () => Promise<T>,
  ): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    try {
      const value = await load();
      cache.set(key, { value, until: Date.now() + CACHE_MS });
      return value;
    } catch (error) {
      // Not knowing the language or the sharing is no reason to fail the command.
      this.logger.warn({ err: error, key }, 'slack lookup failed; using the default');
      return fallback;
    }
  }
}
