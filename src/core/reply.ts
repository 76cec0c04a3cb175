// The neutral reply model. Commands and the core describe what to show; renderers in src/render/
// turn it into terminal text, Block Kit or Adaptive Cards. Text here is already in the viewer's
// language and is plain (no platform markup).

export type Tone = 'info' | 'success' | 'warning' | 'danger';

/** A button: pressing it runs `command` as the person who pressed it. */
export interface ReplyAction {
  readonly label: string;
  readonly command: string;
  readonly style?: 'primary' | 'danger';
  /** The command still needs input: platforms with forms ask for it, the terminal shows "…". */
  readonly needsInput?: boolean;
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

/** One question of a form. Its answer becomes `--name value` (or the positional when `positional`). */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'textarea' | 'choice' | 'multichoice';
  readonly required: boolean;
  /** The answer is the command's free-text positional rather than an option. */
  readonly positional?: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly initial?: string | readonly string[];
  readonly placeholder?: string;
  readonly hint?: string;
}

/**
 * A form that platforms able to show one (Slack modals, Teams cards) open instead of asking for
 * arguments. Submitting it runs `command` with the answers, through the router like typed text.
 */
export interface Form {
  readonly title: string;
  readonly submitLabel: string;
  readonly command: string;
  readonly fields: readonly FormField[];
}

export interface Reply {
  readonly blocks: readonly Block[];
  /** Ephemeral replies are shown only to the person who asked. */
  readonly visibility: 'ephemeral' | 'channel';
  readonly tone: Tone;
  /** One line for notifications and platforms that cannot show blocks. */
  readonly summary: string;
  /** A card that platforms update in place when the subject changes (e.g. an incident card). */
  readonly subject?: string;
  /** A form to open (platforms that cannot show forms show the blocks instead). */
  readonly form?: Form;
}

export function reply(
  summary: string,
  blocks: readonly Block[],
  options: { tone?: Tone; visibility?: Reply['visibility']; subject?: string; form?: Form } = {},
): Reply {
  return {
    summary,
    blocks,
    tone: options.tone ?? 'info',
    visibility: options.visibility ?? 'channel',
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.form ? { form: options.form } : {}),
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
