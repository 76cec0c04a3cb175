// An access token for the Google Workspace Admin SDK from a service account with domain-wide
// delegation: the OAuth 2.0 JWT bearer grant (RFC 7523) as Google documents it, a JWT signed RS256
// with the key file's private key, `sub` the administrator to act as, `aud` and the POST target the
// key file's own `token_uri`. Written here rather than taken from google-auth-library because its
// token request (gtoken) is fixed to https://oauth2.googleapis.com/token, which no emulator can
// answer; honouring `token_uri` is what the key file format asks for anyway. Cached until shortly
// before expiry; the private key never leaves this module.
import { readFile } from 'node:fs/promises';
import { importPKCS8, SignJWT } from 'jose';
import { ConfigError } from '../../../core/errors.js';
import { maskSecrets } from '../../../core/secrets/mask-secrets.js';
import {
  httpStatusError,
  isTimeoutAbort,
  networkError,
  timeoutError,
} from '../../feeds/fetch/fetch-error.js';
import { TSUNAGI_USER_AGENT } from '../../feeds/fetch/user-agent.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const REPORTS_SCOPE = 'https://www.googleapis.com/auth/admin.reports.audit.readonly';
const GOOGLE_OAUTH = 'Google OAuth';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const RENEW_BEFORE_MS = 5 * 60_000;

export interface ServiceAccountKey {
  readonly clientEmail: string;
  readonly privateKey: string;
  readonly tokenUri: string;
}

/** Reads a service account key file (GOOGLE_APPLICATION_CREDENTIALS). */
export async function readServiceAccountKey(file: string): Promise<ServiceAccountKey> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(
      {
        ja: `サービスアカウントの鍵ファイル ${file} を読めませんでした。GOOGLE_APPLICATION_CREDENTIALS を確認してください。`,
        en: `Could not read the service account key file ${file}. Check GOOGLE_APPLICATION_CREDENTIALS.`,
      },
      [],
      { cause: error },
    );
  }
  if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string') {
    throw new ConfigError({
      ja: `${file} はサービスアカウントの鍵ファイルではありません（client_email と private_key が必要です）。`,
      en: `${file} is not a service account key file (it needs client_email and private_key).`,
    });
  }
  return {
    clientEmail: parsed.client_email,
    privateKey: parsed.private_key,
    tokenUri: typeof parsed.token_uri === 'string' ? parsed.token_uri : GOOGLE_TOKEN_URL,
  };
}

export class ServiceAccountTokenProvider {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly key: ServiceAccountKey,
    /** The Workspace administrator the service account acts as (GOOGLE_ADMIN_SUBJECT). */
    private readonly subject: string,
    private readonly timeoutMs = 20_000,
  ) {}

  getAccessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async request(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    let assertion: string;
    try {
      const privateKey = await importPKCS8(this.key.privateKey, 'RS256');
      assertion = await new SignJWT({ scope: REPORTS_SCOPE })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(this.key.clientEmail)
        .setSubject(this.subject)
        .setAudience(this.key.tokenUri)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey);
    } catch (error) {
      throw new ConfigError(
        {
          ja: 'サービスアカウントの秘密鍵で署名できませんでした。鍵ファイルの private_key を確認してください。',
          en: 'Could not sign with the service account’s private key. Check private_key in the key file.',
        },
        [],
        { cause: error },
      );
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let answer: Record<string, unknown>;
    try {
      response = await fetch(this.key.tokenUri, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': TSUNAGI_USER_AGENT },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }),
        signal,
      });
      answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    } catch (error) {
      if (isTimeoutAbort(error, signal)) throw timeoutError(GOOGLE_OAUTH, this.timeoutMs, error);
      throw networkError(GOOGLE_OAUTH, error);
    }
    if (response.ok && typeof answer.access_token === 'string') {
      const lifetimeMs = (typeof answer.expires_in === 'number' ? answer.expires_in : 3599) * 1000;
      this.cached = {
        token: answer.access_token,
        renewAt: Date.now() + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2),
      };
      return answer.access_token;
    }
    const code = typeof answer.error === 'string' ? answer.error : undefined;
    const description =
      typeof answer.error_description === 'string'
        ? maskSecrets(answer.error_description).text.slice(0, 300)
        : undefined;
    if ((response.status === 400 || response.status === 401) && code !== undefined) {
      const detail = description ? `${code}: ${description}` : code;
      throw new ConfigError({
        ja: `Google のアクセストークンを取得できませんでした（${detail}）。鍵ファイル、GOOGLE_ADMIN_SUBJECT（管理者のメールアドレス）、管理コンソールのドメイン全体の委任で ${REPORTS_SCOPE} が許可されているかを確認してください。`,
        en: `Could not get a Google access token (${detail}). Check the key file, GOOGLE_ADMIN_SUBJECT (an administrator’s address), and that domain-wide delegation in the Admin console allows ${REPORTS_SCOPE}.`,
      });
    }
    throw httpStatusError(GOOGLE_OAUTH, response.status, response.headers.get('retry-after'), code);
  }
}
