// The ways fetching a notice source fails, as UpstreamErrors the poller can act on: whether to try
// again, and when (the source's own Retry-After, in seconds or as an HTTP date). `reason` and
// `status` let `/notices sources` say what went wrong without parsing messages.
import { UpstreamError } from '../../../core/errors.js';

export type FetchFailureReason =
  'http-status' | 'timeout' | 'network' | 'too-large' | 'too-many-redirects' | 'invalid-response';

export class FeedFetchError extends UpstreamError {
  constructor(
    message: { ja: string; en: string },
    upstream: string,
    readonly reason: FetchFailureReason,
    retryable: boolean,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, upstream, retryable, options.retryAfterMs, { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
  }

  /** The HTTP status the source answered with, when it answered. */
  readonly status?: number;
}

/** Retry-After (RFC 9110 §10.2.3) as milliseconds from `now`: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Statuses worth trying again later: throttling, timeouts and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function seconds(ms: number): string {
  return String(Math.ceil(ms / 1000));
}

function adviceFor(status: number, retryAfterMs: number | undefined): { ja: string; en: string } {
  if (status === 429) {
    return retryAfterMs === undefined
      ? {
          ja: '要求が多すぎるため制限されています。間隔を空けて再試行します。',
          en: 'Rate limited; it will be retried after a pause.',
        }
      : {
          ja: `要求が多すぎるため制限されています。指定どおり ${seconds(retryAfterMs)} 秒後以降に再試行します。`,
          en: `Rate limited; it will be retried after the ${seconds(retryAfterMs)} s the source asked for.`,
        };
  }
  if (status === 401 || status === 403) {
    return {
      ja: '認証または権限が不足しています。資格情報とアプリの権限を確認してください。',
      en: 'Authentication or permission is missing. Check the credentials and the app’s permissions.',
    };
  }
  if (status === 404 || status === 410) {
    return {
      ja: 'URL が見つかりません。tsunagi.yaml の通知ソースの URL を確認してください。',
      en: 'The URL was not found. Check the notice source’s URL in tsunagi.yaml.',
    };
  }
  if (isRetryableStatus(status)) {
    return {
      ja: '提供元のサーバー側の問題です。しばらくしてから自動で再試行します。',
      en: 'The problem is on the provider’s side; it will be retried automatically later.',
    };
  }
  return {
    ja: '要求が受け付けられませんでした。ソースの設定を確認してください。',
    en: 'The request was refused. Check the source’s configuration.',
  };
}

/** An HTTP answer that is neither success nor 304. `detail` is the source's own error text, if any. */
export function httpStatusError(
  upstream: string,
  status: number,
  retryAfter: string | null | undefined,
  detail?: string,
  cause?: unknown,
): FeedFetchError {
  const retryAfterMs = parseRetryAfter(retryAfter);
  const advice = adviceFor(status, retryAfterMs);
  const suffix = detail ? ` (${detail})` : '';
  return new FeedFetchError(
    {
      ja: `${upstream} が HTTP ${status} を返しました${suffix}。${advice.ja}`,
      en: `${upstream} answered HTTP ${status}${suffix}. ${advice.en}`,
    },
    upstream,
    'http-status',
    isRetryableStatus(status),
    { status, ...(retryAfterMs !== undefined && { retryAfterMs }), ...(cause !== undefined && { cause }) },
  );
}

export function timeoutError(upstream: string, timeoutMs: number, cause: unknown): FeedFetchError {
  return new FeedFetchError(
    {
      ja: `${upstream} から ${seconds(timeoutMs)} 秒以内に応答がなかったため中断しました。後で再試行します。`,
      en: `${upstream} did not answer within ${seconds(timeoutMs)} s, so the request was abandoned. It will be retried later.`,
    },
    upstream,
    'timeout',
    true,
    { cause },
  );
}

export function networkError(upstream: string, cause: unknown): FeedFetchError {
  const detail = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
  return new FeedFetchError(
    {
      ja: `${upstream} に接続できませんでした（${detail}）。ネットワークと URL を確認してください。後で再試行します。`,
      en: `Could not connect to ${upstream} (${detail}). Check the network and the URL; it will be retried later.`,
    },
    upstream,
    'network',
    true,
    { cause },
  );
}

export function invalidResponseError(upstream: string, what: { ja: string; en: string }): FeedFetchError {
  return new FeedFetchError(
    {
      ja: `${upstream} の応答を読めませんでした: ${what.ja}`,
      en: `The answer from ${upstream} could not be read: ${what.en}`,
    },
    upstream,
    'invalid-response',
    true,
  );
}

/** True for the errors an AbortSignal.timeout() abort produces (fetch and the AWS SDK). */
export function isTimeoutAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
