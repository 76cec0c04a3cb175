// Adaptive Cards 1.5 (https://adaptivecards.io/explorer/): the small subset of the schema the Teams
// renderer produces, as our own types. Nothing in src/ imports the adaptivecards or botbuilder
// packages for this; the tests check the output with the official parser instead.
//
// Enum values are written as the schema spells them (PascalCase); hosts compare them
// case-insensitively, so this is only for readability next to the documentation.

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention';

interface ElementBase {
  /** A line above the element: how a divider of the neutral model is drawn. */
  separator?: boolean;
  spacing?: Spacing;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  /** Markdown (the small subset hosts render); user text is escaped before it lands here. */
  text: string;
  wrap: true;
  size?: 'Small' | 'Medium' | 'Large';
  weight?: 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface TableCell {
  type: 'TableCell';
  items: TextBlock[];
}

export interface TableRow {
  type: 'TableRow';
  cells: TableCell[];
}

export interface Table extends ElementBase {
  type: 'Table';
  columns: { width: number }[];
  rows: TableRow[];
  firstRowAsHeader: boolean;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

interface InputBase extends ElementBase {
  id: string;
  label: string;
  isRequired?: true;
  errorMessage?: string;
}

export interface TextInput extends InputBase {
  type: 'Input.Text';
  isMultiline?: true;
  placeholder?: string;
  value?: string;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ChoiceSetInput extends InputBase {
  type: 'Input.ChoiceSet';
  style: 'compact';
  isMultiSelect?: true;
  choices: Choice[];
  /** The initial choice; for a multi-select the initial values joined with ",". */
  value?: string;
  placeholder?: string;
}

export type CardElement = TextBlock | FactSet | Table | ActionSet | TextInput | ChoiceSetInput;

/** What a button sends: the command line to run (the verb says it is one). */
export interface CommandData {
  command: string;
}

/** What a form's submit sends besides the inputs: the packed form metadata. */
export interface FormSubmitData {
  tsunagiForm: string;
}

/**
 * Action.Submit data carries its own marker because a submit arrives as a plain message activity
 * whose `value` is this object merged with the inputs; there is no verb to tell what it is.
 */
export type SubmitData = ({ tsunagi: 'command' } & CommandData) | ({ tsunagi: 'form' } & FormSubmitData);

/** The fallback for clients without Universal Actions (Action.Execute came with 1.4). */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
  associatedInputs?: 'auto';
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: CommandData | FormSubmitData;
  style?: 'positive' | 'destructive';
  associatedInputs?: 'auto';
  fallback: SubmitAction;
}

/** Every action the renderer puts on a card is a Universal Action with an Action.Submit fallback. */
export type CardAction = ExecuteAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  /** Teams only: use the full width of the conversation instead of a narrow bubble. */
  msteams: { width: 'Full' };
}
