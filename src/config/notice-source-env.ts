// The environment the notice pollers need: how long one fetch may take (TSUNAGI_FEED_TIMEOUT_MS)
// and the Microsoft Graph app credentials. AWS credentials, region and endpoint are read by the AWS
// SDK itself from its usual variables (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_ENDPOINT_URL_HEALTH, …).
import { ConfigError } from '../core/errors.js';
import type { Environment } from './environment.js';

export const DEFAULT_FEED_TIMEOUT_MS = 30_000;
const MIN_FEED_TIMEOUT_MS = 100;
const MAX_FEED_TIMEOUT_MS = 600_000;

export interface GraphSettings {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl?: string;
  readonly authorityUrl?: string;
}

export interface NoticeSourceEnvironment {
  /** The deadline of one fetch (each request of a paged API). */
  readonly timeoutMs: number;
  /** Absent with the names of the variables missing, so the m365 sources can say what to set. */
  readonly graph: GraphSettings | { readonly missing: readonly string[] };
}

export function noticeSourceEnvironment(env: Environment): NoticeSourceEnvironment {
  return { timeoutMs: feedTimeoutMs(env), graph: graphSettings(env) };
}

function feedTimeoutMs(env: Environment): number {
  const text = env.TSUNAGI_FEED_TIMEOUT_MS;
  if (text === undefined) return DEFAULT_FEED_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < MIN_FEED_TIMEOUT_MS || value > MAX_FEED_TIMEOUT_MS) {
    throw new ConfigError({
      ja: `環境変数 TSUNAGI_FEED_TIMEOUT_MS「${text}」は ${MIN_FEED_TIMEOUT_MS}〜${MAX_FEED_TIMEOUT_MS} のミリ秒で指定してください（既定 ${DEFAULT_FEED_TIMEOUT_MS}）。`,
      en: `Environment variable TSUNAGI_FEED_TIMEOUT_MS "${text}" must be milliseconds between ${MIN_FEED_TIMEOUT_MS} and ${MAX_FEED_TIMEOUT_MS} (default ${DEFAULT_FEED_TIMEOUT_MS}).`,
    });
  }
  return value;
}

function graphSettings(env: Environment): NoticeSourceEnvironment['graph'] {
  const { GRAPH_TENANT_ID: tenantId, GRAPH_CLIENT_ID: clientId, GRAPH_CLIENT_SECRET: clientSecret } = env;
  if (!tenantId || !clientId || !clientSecret) {
    const missing = [
      ['GRAPH_TENANT_ID', tenantId],
      ['GRAPH_CLIENT_ID', clientId],
      ['GRAPH_CLIENT_SECRET', clientSecret],
    ]
      .filter(([, value]) => !value)
      .map(([name]) => name!);
    return { missing };
  }
  for (const [name, value] of [
    ['GRAPH_BASE_URL', env.GRAPH_BASE_URL],
    ['GRAPH_AUTHORITY_URL', env.GRAPH_AUTHORITY_URL],
  ] as const) {
    if (value !== undefined && !/^https?:\/\//u.test(value)) {
      throw new ConfigError({
        ja: `${name}「${value}」は http(s):// で始まる URL にしてください。`,
        en: `${name} "${value}" must be an http(s):// URL.`,
      });
    }
  }
  return {
    tenantId,
    clientId,
    clientSecret,
    ...(env.GRAPH_BASE_URL ? { baseUrl: env.GRAPH_BASE_URL } : {}),
    ...(env.GRAPH_AUTHORITY_URL ? { authorityUrl: env.GRAPH_AUTHORITY_URL } : {}),
  };
}
