// An app-only access token for Microsoft Graph from the Microsoft identity platform, with the
// OAuth 2.0 client-credentials grant (`POST <authority>/<tenant>/oauth2/v2.0/token`, scope
// `https://graph.microsoft.com/.default`). Cached until shortly before it expires, so a poll every
// few minutes asks for a token about once an hour. The secret is only ever sent in that form body.
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { ConfigError } from '../../../core/errors.js';
import { maskSecrets } from '../../../core/secrets/mask-secrets.js';
import {
  FeedFetchError,
  httpStatusError,
  isTimeoutAbort,
  networkError,
  timeoutError,
} from './fetch-error.js';
import { TSUNAGI_USER_AGENT } from './user-agent.js';

export const DEFAULT_GRAPH_AUTHORITY_URL = 'https://login.microsoftonline.com';
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
const ENTRA_ID = 'Microsoft Entra ID';
/** Renew this long before expiry (or at half the lifetime, for short-lived tokens). */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface GraphCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenProviderOptions {
  readonly authorityUrl?: string;
  readonly timeoutMs?: number;
  /** Default Date.now; tests of expiry pass their own clock. */
  readonly now?: () => number;
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

export class ClientCredentialsTokenProvider implements AuthenticationProvider {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly tokenUrl: string;
  private readonly now: () => number;

  constructor(
    private readonly credentials: GraphCredentials,
    private readonly options: TokenProviderOptions = {},
  ) {
    const authority = (options.authorityUrl ?? DEFAULT_GRAPH_AUTHORITY_URL).replace(/\/+$/, '');
    this.tokenUrl = `${authority}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
    this.now = options.now ?? Date.now;
  }

  /** A valid token, from the cache when it has one that is not about to expire. */
  getAccessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached token (Graph refused it: revoked, or expired early). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async request(): Promise<string> {
    const timeoutMs = this.options.timeoutMs ?? 20_000;
    const signal = AbortSignal.timeout(timeoutMs);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      scope: GRAPH_DEFAULT_SCOPE,
    });
    let response: Response;
    let answer: TokenAnswer;
    try {
      response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': TSUNAGI_USER_AGENT },
        body: form,
        signal,
      });
      answer = (await response.json().catch(() => ({}))) as TokenAnswer;
    } catch (error) {
      if (isTimeoutAbort(error, signal)) throw timeoutError(ENTRA_ID, timeoutMs, error);
      throw networkError(ENTRA_ID, error);
    }
    if (response.ok && typeof answer.access_token === 'string') {
      const lifetimeMs = (typeof answer.expires_in === 'number' ? answer.expires_in : 3599) * 1000;
      const started = this.now();
      this.cached = {
        token: answer.access_token,
        renewAt: started + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2),
      };
      return answer.access_token;
    }
    throw this.failure(response, answer);
  }

  private failure(response: Response, answer: TokenAnswer): Error {
    const code = typeof answer.error === 'string' ? answer.error : undefined;
    const description =
      typeof answer.error_description === 'string'
        ? maskSecrets(answer.error_description.split(/\r?\n/)[0] ?? '').text.slice(0, 300)
        : undefined;
    // 400/401 with an OAuth error: the tenant, app id, secret or consent is wrong. Waiting will not help.
    if ((response.status === 400 || response.status === 401) && code !== undefined) {
      return new GraphCredentialsError(code, description);
    }
    if (response.ok) {
      return new FeedFetchError(
        {
          ja: `${ENTRA_ID} の応答にアクセストークンがありませんでした。GRAPH_AUTHORITY_URL を確認してください。`,
          en: `The answer from ${ENTRA_ID} held no access token. Check GRAPH_AUTHORITY_URL.`,
        },
        ENTRA_ID,
        'invalid-response',
        true,
        { status: response.status },
      );
    }
    return httpStatusError(ENTRA_ID, response.status, response.headers.get('retry-after'), code);
  }
}

/** The identity platform refused the app's credentials; the message carries its AADSTS error. */
export class GraphCredentialsError extends ConfigError {
  constructor(
    readonly oauthError: string,
    description: string | undefined,
  ) {
    const detail = description ? `${oauthError}: ${description}` : oauthError;
    super({
      ja: `Microsoft Graph のアクセストークンを取得できませんでした（${detail}）。GRAPH_TENANT_ID、GRAPH_CLIENT_ID、GRAPH_CLIENT_SECRET（期限切れでないか）と、アプリに ServiceMessage.Read.All と ServiceHealth.Read.All のアプリケーション権限が管理者の同意付きで付与されているかを確認してください。`,
      en: `Could not get a Microsoft Graph access token (${detail}). Check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (has it expired?), and that the app has the ServiceMessage.Read.All and ServiceHealth.Read.All application permissions with admin consent.`,
    });
  }
}
