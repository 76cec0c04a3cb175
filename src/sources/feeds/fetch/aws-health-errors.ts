// What the AWS Health API's failures mean for the notice poller. A missing support plan and bad
// credentials are configuration problems that waiting will not fix (ConfigError, reported once);
// missing IAM permission is a PermissionError; throttling, server errors, timeouts and network
// failures are retryable UpstreamErrors.
import { HealthServiceException } from '@aws-sdk/client-health';
import { ConfigError, PermissionError } from '../../../core/errors.js';
import { maskSecrets } from '../../../core/secrets/mask-secrets.js';
import { FeedFetchError, httpStatusError, networkError, timeoutError } from './fetch-error.js';

export const AWS_HEALTH = 'AWS Health';

/** The account has no Business, Enterprise On-Ramp or Enterprise support plan (SubscriptionRequiredException). */
export class HealthSubscriptionRequiredError extends ConfigError {
  constructor(cause: unknown) {
    super(
      {
        ja: 'AWS Health API を使うには、AWS アカウントにビジネス、エンタープライズ On-Ramp またはエンタープライズのサポートプランが必要です（SubscriptionRequiredException）。プランを契約するか、tsunagi.yaml から aws-health ソースを外してください。AWS のお知らせは AWS What’s New（RSS）でも受け取れます。',
        en: 'The AWS Health API needs a Business, Enterprise On-Ramp or Enterprise support plan on the AWS account (SubscriptionRequiredException). Subscribe to one, or remove the aws-health source from tsunagi.yaml; AWS announcements are also available from AWS What’s New (RSS).',
      },
      [],
      { cause },
    );
  }
}

const CREDENTIAL_ERRORS = new Set([
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

/** Turns whatever the SDK threw into the project's typed errors. */
export function healthError(error: unknown, timedOut: boolean, timeoutMs: number): Error {
  if (timedOut) return timeoutError(AWS_HEALTH, timeoutMs, error);
  if (!(error instanceof Error)) return networkError(AWS_HEALTH, error);
  if (error.name === 'SubscriptionRequiredException') return new HealthSubscriptionRequiredError(error);
  if (error.name === 'CredentialsProviderError' || CREDENTIAL_ERRORS.has(error.name)) {
    return new ConfigError(
      {
        ja: `AWS Health に使える AWS の資格情報がありません（${detail(error)}）。AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY、AWS_PROFILE、または IAM ロールを設定してください。`,
        en: `No usable AWS credentials for AWS Health (${detail(error)}). Set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an IAM role.`,
      },
      [],
      { cause: error },
    );
  }
  if (error.name === 'AccessDeniedException') {
    return new PermissionError(
      {
        ja: `AWS Health の参照が IAM で許可されていません（${detail(error)}）。health:DescribeEvents と health:DescribeEventDetails を許可してください。`,
        en: `IAM does not allow reading AWS Health (${detail(error)}). Allow health:DescribeEvents and health:DescribeEventDetails.`,
      },
      { cause: error },
    );
  }
  if (!(error instanceof HealthServiceException)) return networkError(AWS_HEALTH, error);
  const status = error.$metadata.httpStatusCode ?? 0;
  if (THROTTLING_ERRORS.has(error.name)) {
    return new FeedFetchError(
      {
        ja: `AWS Health が要求を制限しました（${error.name}）。間隔を空けて再試行します。`,
        en: `AWS Health throttled the requests (${error.name}); they will be retried after a pause.`,
      },
      AWS_HEALTH,
      'http-status',
      true,
      { status, cause: error },
    );
  }
  const failure = httpStatusError(AWS_HEALTH, status, undefined, detail(error), error);
  // A server-side fault is worth retrying whatever status carried it.
  if (error.$fault === 'server' && !failure.retryable) {
    return new FeedFetchError(failure.userMessage, AWS_HEALTH, 'http-status', true, { status, cause: error });
  }
  return failure;
}
