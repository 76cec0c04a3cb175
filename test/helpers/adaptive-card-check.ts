// Checks an Adaptive Card with the official `adaptivecards` parser (what Teams' own renderer uses),
// plus the rules the parser does not look at. Shared by the renderer's unit tests and the Teams
// end-to-end test, which checks every card the bot actually sent.
import { createRequire } from 'node:module';

// The package's ESM build does not load under Node; its UMD bundle does.
interface AcEvent {
  readonly event: number;
  readonly message: string;
}
interface AcModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: AcEvent[] };
  };
  SerializationContext: new () => { readonly eventCount: number; getEventAt(index: number): AcEvent };
}
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AcModule;

function parserProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const parsing = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  // In 3.0.6 validateProperties() returns ValidationResults; its validationEvents are the problems.
  return [...parsing, ...card.validateProperties().validationEvents.map((e) => e.message)];
}

const allActions = (json: Record<string, unknown>): Record<string, unknown>[] => {
  const body = (json.body ?? []) as Record<string, unknown>[];
  const sets = body
    .filter((e) => e.type === 'ActionSet')
    .flatMap((e) => e.actions as Record<string, unknown>[]);
  return [...((json.actions ?? []) as Record<string, unknown>[]), ...sets];
};

/**
 * Everything wrong with a card: what the official parser reports while parsing and validating,
 * plus what it does not look at in 3.0.6 (found by trying): it drops an action's `fallback`
 * unread, so each fallback is parsed as the only action of a card of its own, and it accepts an
 * Action.Execute without a verb and actions without a title. Our own rule on top: every action
 * has an Action.Submit fallback, for clients without Universal Actions.
 */
export function cardProblems(json: unknown): string[] {
  const found = parserProblems(json);
  for (const action of allActions(json as Record<string, unknown>)) {
    const title = typeof action.title === 'string' ? action.title : '';
    const fallback = action.fallback as Record<string, unknown> | undefined;
    if (!title.trim()) found.push(`action ${String(action.type)} has no title`);
    if (fallback?.type !== 'Action.Submit') found.push(`action "${title}" has no Action.Submit fallback`);
    else if (typeof fallback.title !== 'string' || !fallback.title.trim()) {
      found.push(`fallback of "${title}" has no title`);
    }
    if (action.type === 'Action.Execute' && (typeof action.verb !== 'string' || !action.verb)) {
      found.push(`Action.Execute "${title}" has no verb`);
    }
    if (fallback !== undefined) {
      const own = { type: 'AdaptiveCard', version: '1.5', body: [], actions: [fallback] };
      found.push(...parserProblems(own).map((p) => `fallback of "${title}": ${p}`));
    }
  }
  return found;
}
