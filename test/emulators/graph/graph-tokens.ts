// The Microsoft identity platform's token endpoint as an app using the client-credentials grant
// meets it (`POST /<tenant>/oauth2/v2.0/token`, form body), and the check the emulated Graph API
// makes on the bearer tokens it issued. Error answers carry the AADSTS codes Entra ID uses.
import { randomBytes } from 'node:crypto';

export interface GraphAppRegistration {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export const DEFAULT_APP: GraphAppRegistration = {
  tenantId: '00000000-0000-4000-8000-00000000c1f1',
  clientId: '11111111-1111-4111-8111-111111111111',
  clientSecret: 'emulated-client-secret-value',
};

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

function oauthError(status: number, error: string, code: number, description: string): TokenAnswer {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    },
  };
}

export class GraphTokens {
  /** Seconds a new token lives (`expires_in`). */
  lifetimeSeconds = 3599;
  private readonly issued = new Map<string, number>();

  constructor(readonly app: GraphAppRegistration) {}

  /** Answers a token request for `tenant` with the form fields sent. */
  issue(tenant: string, form: URLSearchParams): TokenAnswer {
    if (tenant !== this.app.tenantId) {
      return oauthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`,
      );
    }
    if (form.get('client_id') !== this.app.clientId) {
      return oauthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`,
      );
    }
    if (form.get('client_secret') !== this.app.clientSecret) {
      return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    if (form.get('scope') !== GRAPH_SCOPE) {
      return oauthError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
      );
    }
    const token = `emulated.${randomBytes(18).toString('base64url')}`;
    this.issued.set(token, Date.now() + this.lifetimeSeconds * 1000);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: this.lifetimeSeconds,
        ext_expires_in: this.lifetimeSeconds,
        access_token: token,
      },
    };
  }

  /** Why Graph refuses this Authorization header, or undefined when it accepts it. */
  refusal(authorization: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return 'Access token is empty.';
    const expiresAt = this.issued.get(match[1]!);
    if (expiresAt === undefined) return 'Invalid JWT token. The token is not issued by this tenant.';
    if (Date.now() >= expiresAt) return 'Lifetime validation failed, the token is expired.';
    return undefined;
  }

  /** Every token issued so far is refused from now on (as after their expiry). */
  expireAll(): void {
    for (const token of this.issued.keys()) this.issued.set(token, 0);
  }

  get issuedCount(): number {
    return this.issued.size;
  }
}
