// Teams single sign-on for the board: inside Teams the page asks Teams for an Entra ID access token
// (authentication.getAuthToken) and sends it instead of a signed link. The token is checked here
// against Microsoft's published signing keys (JWKS), for this app (audience) and a v2.0 Entra issuer,
// and its `oid` (the person's Entra object id) is looked up in people[].chat.teams.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Environment } from '../config/environment.js';
import { ConfigError } from '../core/errors.js';

export interface SsoVerifier {
  /** Resolves with the signed-in person's Entra object id; rejects when the token is not acceptable. */
  verify(jwt: string): Promise<{ aadObjectId: string }>;
}

/** The keys could not be fetched: the token was not judged, so the page should say "try again". */
export class SsoUnavailableError extends Error {}

export const DEFAULT_SSO_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

export interface EntraSsoOptions {
  /** The bot's Entra app (client) id, MICROSOFT_APP_ID. */
  readonly appId: string;
  /** The host of TSUNAGI_PUBLIC_URL, as in the Application ID URI api://<host>/<app id>. */
  readonly publicHost: string;
  readonly jwksUrl?: string;
  /** Only tokens of this tenant (MICROSOFT_APP_TENANT_ID) when set; any tenant otherwise. */
  readonly tenantId?: string;
  /** Replaces the remote key set (tests). */
  readonly keys?: JWTVerifyGetKey;
}

export function entraSsoVerifier(options: EntraSsoOptions): SsoVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl ?? DEFAULT_SSO_JWKS_URL), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  // Teams asks Entra for a token for the Application ID URI api://<host>/<app id>. Entra puts that
  // URI in `aud` of v1.0 tokens and the app's client id in `aud` of v2.0 tokens; either names us.
  const audience = [`api://${options.publicHost}/${options.appId}`, options.appId];
  return {
    async verify(jwt) {
      let payload;
      try {
        ({ payload } = await jwtVerify(jwt, keys, {
          audience,
          algorithms: ['RS256'],
          clockTolerance: 60,
          requiredClaims: ['exp', 'iss', 'tid', 'oid'],
        }));
      } catch (error) {
        if (isUnavailable(error))
          throw new SsoUnavailableError('the signing keys could not be fetched', { cause: error });
        throw error;
      }
      const tid = payload.tid;
      if (typeof tid !== 'string' || payload.iss !== `https://login.microsoftonline.com/${tid}/v2.0`) {
        throw new Error('the token was not issued by the Microsoft Entra ID v2.0 endpoint');
      }
      if (options.tenantId && tid !== options.tenantId) {
        throw new Error('the token belongs to another tenant');
      }
      if (typeof payload.oid !== 'string' || payload.oid === '')
        throw new Error('the token names no user (oid)');
      return { aadObjectId: payload.oid };
    },
  };
}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // fetch failed (network, DNS)
  return error.code === 'ERR_JWKS_TIMEOUT' || error.code === 'ERR_JOSE_GENERIC';
}

/**
 * SSO is on when the bot has an Entra app id and a public URL (the Application ID URI needs its
 * host); otherwise the board accepts signed links only.
 */
export function ssoFromEnvironment(env: Environment): SsoVerifier | undefined {
  if (!env.MICROSOFT_APP_ID || !env.TSUNAGI_PUBLIC_URL) return undefined;
  let host: string;
  try {
    host = new URL(env.TSUNAGI_PUBLIC_URL).host;
  } catch {
    return undefined; // reported at start-up by the board link settings
  }
  const jwksUrl = env.TSUNAGI_SSO_JWKS_URL;
  if (jwksUrl !== undefined && !/^https?:\/\/[^/\s]+/u.test(jwksUrl)) {
    throw new ConfigError({
      ja: `TSUNAGI_SSO_JWKS_URL「${jwksUrl}」は http(s):// で始まる URL にしてください（既定: ${DEFAULT_SSO_JWKS_URL}）。`,
      en: `TSUNAGI_SSO_JWKS_URL "${jwksUrl}" must be an http(s):// URL (default ${DEFAULT_SSO_JWKS_URL}).`,
    });
  }
  return entraSsoVerifier({
    appId: env.MICROSOFT_APP_ID,
    publicHost: host,
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(env.MICROSOFT_APP_TENANT_ID ? { tenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
  });
}
