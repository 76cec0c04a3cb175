// What Microsoft Graph's failures mean for the notice poller: throttling and server errors are
// retryable UpstreamErrors carrying Graph's Retry-After; a refused token or missing application
// permission needs an administrator (ConfigError / PermissionError); timeouts and network failures
// are retried later. Token-endpoint failures arrive already typed from graph-token.ts.
import { GraphError } from '@microsoft/microsoft-graph-client';
import { ConfigError, PermissionError, TsunagiError } from '../../../core/errors.js';
import { maskSecrets } from '../../../core/secrets/mask-secrets.js';
import { httpStatusError, networkError, timeoutError } from './fetch-error.js';

const GRAPH = 'Microsoft Graph';

function detail(error: GraphError): string {
  const text = error.code ? `${error.code}: ${error.message}` : error.message;
  return maskSecrets(text).text.slice(0, 300);
}

/** The application permissions the notice sources need; the audit sources pass their own. */
export const NOTICE_GRAPH_PERMISSIONS = 'ServiceMessage.Read.All, ServiceHealth.Read.All';

export function graphError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  permissions: string = NOTICE_GRAPH_PERMISSIONS,
): Error {
  if (error instanceof TsunagiError) return error;
  if (timedOut) return timeoutError(GRAPH, timeoutMs, error);
  // The client wraps transport failures (fetch's TypeError) in a GraphError without an HTTP status.
  if (!(error instanceof GraphError) || error.statusCode <= 0) return networkError(GRAPH, error);
  const status = error.statusCode;
  if (status === 401) {
    return new ConfigError(
      {
        ja: `Microsoft Graph が新しいアクセストークンも受け付けませんでした（${detail(error)}）。GRAPH_TENANT_ID と、トークンを発行したテナントが同じか確認してください。`,
        en: `Microsoft Graph refused a fresh access token too (${detail(error)}). Check that GRAPH_TENANT_ID is the tenant that issued it.`,
      },
      [],
      { cause: error },
    );
  }
  if (status === 403) {
    return new PermissionError(
      {
        ja: `Microsoft Graph がアクセスを拒否しました（${detail(error)}）。アプリに ${permissions} のアプリケーション権限を付与し、管理者の同意を与えてください。`,
        en: `Microsoft Graph denied access (${detail(error)}). Give the app the ${permissions} application permissions, with admin consent.`,
      },
      { cause: error },
    );
  }
  return httpStatusError(GRAPH, status, error.headers?.get('retry-after'), detail(error), error);
}
