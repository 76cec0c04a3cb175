// Typed errors. Every failure a user can meet is one of these, carrying a bilingual message that
// says what was wrong and how to fix it. Anything else reaching an error boundary is a bug and is
// reported as an internal error without its stack trace.
import type { Bilingual } from './i18n/locale.js';

export type ErrorCode =
  'user_input' | 'permission' | 'not_found' | 'upstream' | 'config' | 'storage' | 'internal';

export abstract class TsunagiError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    readonly userMessage: Bilingual,
    options?: { cause?: unknown },
  ) {
    super(userMessage.en, options);
    this.name = new.target.name;
  }
}

/** The input was wrong; `usage` shows how it should look. */
export class UserInputError extends TsunagiError {
  readonly code = 'user_input';
  constructor(
    message: Bilingual,
    readonly usage?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The person may not do this; the message says why and who may. */
export class PermissionError extends TsunagiError {
  readonly code = 'permission';
}

/** Something named does not exist; the message suggests what does. */
export class NotFoundError extends TsunagiError {
  readonly code = 'not_found';
}

/** A remote service failed. `retryable` and `retryAfterMs` tell callers whether and when to try again. */
export class UpstreamError extends TsunagiError {
  readonly code = 'upstream';
  constructor(
    message: Bilingual,
    readonly upstream: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where a configuration problem is: file, line and column (1-based) and the field's path. */
export interface ConfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
  readonly message: Bilingual;
}

/** Configuration is invalid; each problem points at the file, line and field to fix. */
export class ConfigError extends TsunagiError {
  readonly code = 'config';
  constructor(
    message: Bilingual,
    readonly problems: readonly ConfigProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Local storage failed or was found damaged. Never retried silently: data integrity is at stake. */
export class StorageError extends TsunagiError {
  readonly code = 'storage';
}

/** Wraps an unknown throw so the boundary can treat everything uniformly. */
export class InternalError extends TsunagiError {
  readonly code = 'internal';
}

export function toTsunagiError(error: unknown): TsunagiError {
  if (error instanceof TsunagiError) return error;
  return new InternalError(
    {
      ja: '内部エラーが発生しました。操作は記録されていない可能性があります。少し待ってから再度お試しください。解決しない場合は管理者にお問い合わせください。',
      en: 'An internal error occurred. The action may not have been recorded. Please try again shortly; if it persists, contact your administrator.',
    },
    { cause: error },
  );
}
