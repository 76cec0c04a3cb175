// What a command sees when it runs: who is asking, in which language and channel, and the core.
import type { ChatFile } from '../core/evidence/chat-file.js';
import type { Bilingual, Locale } from '../core/i18n/locale.js';
import type { Directory } from '../core/parties/directory.js';
import type { Person, Platform } from '../core/parties/model.js';
import type { Core } from '../core/core.js';
import type { CommandSpec } from './command-spec.js';
import type { ViewContext } from '../core/views/view-context.js';

export interface ChannelRef {
  readonly platform: Platform;
  readonly id: string;
  /** Shared with another organisation's workspace (Slack Connect): replies are built for all parties. */
  readonly shared?: boolean;
}

/** An inbound message or button press, already translated from the platform's own shape. */
export interface ChatEvent {
  readonly platform: Platform;
  /** The platform's delivery id, for logs and de-duplication. */
  readonly deliveryId: string;
  readonly user: { readonly id: string; readonly displayName?: string; readonly locale?: Locale };
  readonly channel: ChannelRef;
  /** The command as typed, with or without the leading slash; bot mentions already removed. */
  readonly text: string;
  /** What the platform can show besides messages. */
  readonly capabilities?: { readonly forms?: boolean };
  /** Files attached to the message, fetched only if a command keeps them (/incident evidence). */
  readonly files?: readonly ChatFile[];
}

export interface ParseContext {
  readonly directory: Directory;
  readonly actor: Person | undefined;
  readonly platform: Platform;
}

export interface CommandContext extends ParseContext {
  readonly event: ChatEvent;
  readonly locale: Locale;
  readonly channel: ChannelRef;
  readonly core: Core;
  /** Picks the viewer's language. */
  t(text: Bilingual): string;
  /** Names, times and language for building replies to this person. */
  readonly view: ViewContext;
  /** Every registered command, for help. */
  readonly commands: readonly CommandSpec[];
  /** The actor, or a PermissionError explaining how to get listed. */
  requireActor(): Person;
}
