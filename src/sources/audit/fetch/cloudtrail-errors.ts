// What CloudTrail LookupEvents failures mean for the audit poller: missing credentials need an
// administrator (ConfigError), missing IAM permission is a PermissionError, and throttling, server
// errors, timeouts and network failures are retryable UpstreamErrors (the SDK has already retried
// them a few times by then).
import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { ConfigError, PermissionError } from '../../../core/errors.js';
import { maskSecrets } from '../../../core/secrets/mask-secrets.js';
import {
  FeedFetchError,
  httpStatusError,
  networkError,
  timeoutError,
} from '../../feeds/fetch/fetch-error.js';

export const AWS_CLOUDTRAIL = 'AWS CloudTrail';

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
]);
const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

function detail(error: Error): string {
  return maskSecrets(`${error.name}: ${error.message}`).text.slice(0, 300);
}

/** Turns whatever the SDK threw for `stream` (`<account>/<region>`) into the project's typed errors. */
export function cloudTrailError(error: unknown, stream: string, timedOut: boolean, timeoutMs: number): Error {
  const upstream = `${AWS_CLOUDTRAIL} (${stream})`;
  if (timedOut) return timeoutError(upstream, timeoutMs, error);
  if (!(error instanceof Error)) return networkError(upstream, error);
  if (CREDENTIAL_ERRORS.has(error.name)) {
    return new ConfigError(
      {
        ja: `${upstream} に使える AWS の資格情報がありません（${detail(error)}）。AWS_PROFILE、AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY、または IAM ロールを設定してください。`,
        en: `No usable AWS credentials for ${upstream} (${detail(error)}). Set AWS_PROFILE, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or an IAM role.`,
      },
      [],
      { cause: error },
    );
  }
  if (error.name === 'AccessDeniedException') {
    return new PermissionError(
      {
        ja: `${upstream} の参照が IAM で許可されていません（${detail(error)}）。cloudtrail:LookupEvents を許可してください。`,
        en: `IAM does not allow reading ${upstream} (${detail(error)}). Allow cloudtrail:LookupEvents.`,
      },
      { cause: error },
    );
  }
  if (!(error instanceof CloudTrailServiceException)) return networkError(upstream, error);
  const status = error.$metadata.httpStatusCode ?? 0;
  if (THROTTLING_ERRORS.has(error.name)) {
    return new FeedFetchError(
      {
        ja: `${upstream} が要求を制限しました（${error.name}）。間隔を空けて再試行します。`,
        en: `${upstream} throttled the requests (${error.name}); they will be retried after a pause.`,
      },
      upstream,
      'http-status',
      true,
      { status, cause: error },
    );
  }
  const failure = httpStatusError(upstream, status, undefined, detail(error), error);
  if (error.$fault === 'server' && !failure.retryable) {
    return new FeedFetchError(failure.userMessage, upstream, 'http-status', true, { status, cause: error });
  }
  return failure;
}
