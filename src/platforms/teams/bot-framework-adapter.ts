// CloudAdapter with its activity processing reachable, so that the HTTP endpoint can answer and
// log in our own way: botbuilder's own `process()` prints every refused request's stack trace to
// stderr with console.error, outside the structured log.
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

export class BotFrameworkAdapter extends CloudAdapter {
  /** Authenticates the request (when an app id is configured) and runs the turn. */
  handle(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/** The Bot Framework's refusal of a missing or invalid token. */
export function isAuthenticationFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, name } = error as { statusCode?: unknown; name?: unknown };
  return statusCode === 401 || name === 'AuthenticationError';
}
