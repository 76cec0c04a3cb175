// What a failed poll tells people in /notices sources: one bilingual sentence saying what went
// wrong and what happens next, with secrets masked and no stack trace. The full error goes to the
// log. Also decides which failures stop a source until the next start (a missing support plan or
// credentials: trying again every few minutes cannot fix them) rather than back off and retry.
import { ConfigError, PermissionError, TsunagiError, UpstreamError } from '../../core/errors.js';
import type { Bilingual } from '../../core/i18n/locale.js';
import { maskSecrets } from '../../core/secrets/mask-secrets.js';

/** The poll ran out of time (TSUNAGI_FEED_TIMEOUT_MS) or the bot is stopping. */
export class PollAbortedError extends Error {
  constructor(readonly reason: 'timeout' | 'stopping') {
    super(reason === 'timeout' ? 'poll timed out' : 'poll aborted: stopping');
    this.name = 'PollAbortedError';
  }
}

/** A failure that waiting will not fix: the source is reported disabled until the bot restarts. */
export function disablesSource(error: unknown): boolean {
  return error instanceof ConfigError || error instanceof PermissionError;
}

/** The retry hint of an upstream error, in milliseconds. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof UpstreamError ? error.retryAfterMs : undefined;
}

export function describePollError(error: unknown, timeoutMs: number): Bilingual {
  if (error instanceof PollAbortedError || isAbort(error)) {
    const seconds = Math.round(timeoutMs / 1000);
    return {
      ja: `${seconds}秒以内に応答がありませんでした。時間をおいて再試行します。`,
      en: `No answer within ${seconds} s; will try again later.`,
    };
  }
  if (error instanceof TsunagiError) return mask(error.userMessage);
  return {
    ja: 'フィードを処理できませんでした（詳細はログを参照）。時間をおいて再試行します。',
    en: 'The source could not be read (details in the log); will try again later.',
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function mask(message: Bilingual): Bilingual {
  return { ja: maskSecrets(message.ja).text, en: maskSecrets(message.en).text };
}
