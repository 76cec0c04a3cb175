// Reading the Web API's errors: the SDK throws with `data.error` holding Slack's error code.
import { UpstreamError } from '../../core/errors.js';

/** Slack's error code ("name_taken", "not_in_channel"…) of a failed Web API call, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** A failed Web API call as our upstream error, with the call named for the logs. */
export function slackUpstreamError(method: string, error: unknown): UpstreamError {
  const code = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
  return new UpstreamError(
    {
      ja: `Slack の ${method} が失敗しました（${code}）。しばらくしてからもう一度お試しください。`,
      en: `Slack's ${method} failed (${code}). Please try again shortly.`,
    },
    'slack',
    true,
    undefined,
    { cause: error },
  );
}
