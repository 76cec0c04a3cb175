// The neutral reply model. Commands and the core describe what to show; renderers in src/render/
// turn it into terminal text, Block Kit or Adaptive Cards. Text here is already in the viewer's
// language and is plain (no platform markup).

export type Tone = 'info' | 'success' | 'warning' | 'danger';

/** A button: pressing it runs `command` as the person who pressed it. */
export interface ReplyAction {
  readonly label: string;
  readonly command: string;
  readonly style?: 'primary' | 'danger';
}

export type Block =
  | { readonly type: 'header'; readonly text: string }
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'fields';
      readonly fields: readonly { readonly label: string; readonly value: string }[];
    }
  | { readonly type: 'list'; readonly title?: string; readonly items: readonly string[] }
  | {
      readonly type: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly type: 'context'; readonly text: string }
  | { readonly type: 'divider' }
  | { readonly type: 'actions'; readonly actions: readonly ReplyAction[] };

export interface Reply {
  readonly blocks: readonly Block[];
  /** Ephemeral replies are shown only to the person who asked. */
  readonly visibility: 'ephemeral' | 'channel';
  readonly tone: Tone;
  /** One line for notifications and platforms that cannot show blocks. */
  readonly summary: string;
  /** A card that platforms update in place when the subject changes (e.g. an incident card). */
  readonly subject?: string;
}

export function reply(
  summary: string,
  blocks: readonly Block[],
  options: { tone?: Tone; visibility?: Reply['visibility']; subject?: string } = {},
): Reply {
  return {
    summary,
    blocks,
    tone: options.tone ?? 'info',
    visibility: options.visibility ?? 'channel',
    ...(options.subject ? { subject: options.subject } : {}),
  };
}

/** A reply consisting of one line of text. */
export function textReply(
  text: string,
  tone: Tone = 'info',
  visibility: Reply['visibility'] = 'ephemeral',
): Reply {
  return reply(text, [{ type: 'text', text }], { tone, visibility });
}
