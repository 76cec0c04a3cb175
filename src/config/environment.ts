// Environment variables, read once at start-up and checked, so a typo fails early with a message
// naming the variable. Every variable here is listed and explained in .env.example.
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { Locale } from '../core/i18n/locale.js';

export const ADAPTERS = ['console', 'slack', 'teams'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const schema = z.object({
  NODE_ENV: optionalText,
  TSUNAGI_ADAPTERS: optionalText,
  TSUNAGI_LOCALE: z.enum(['ja', 'en']).default('ja'),
  TSUNAGI_DATA_DIR: z.string().default('./data'),
  TSUNAGI_CONFIG: optionalText,
  TSUNAGI_PLAYBOOKS_DIR: optionalText,
  TSUNAGI_CONSOLE_USER: optionalText,
  TSUNAGI_PUBLIC_URL: optionalText,
  TSUNAGI_SSO_JWKS_URL: optionalText,
  PORT: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FILE: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText,
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: optionalText,
  TSUNAGI_FEED_TIMEOUT_MS: optionalText,
  AWS_ENDPOINT_URL_CLOUDTRAIL: optionalText,
  GOOGLE_API_ROOT_URL: optionalText,
  /** The service account key file for the Workspace Reports poller, and the admin it acts as. */
  GOOGLE_APPLICATION_CREDENTIALS: optionalText,
  GOOGLE_ADMIN_SUBJECT: optionalText,
  GRAPH_BASE_URL: optionalText,
  GRAPH_AUTHORITY_URL: optionalText,
  GRAPH_TENANT_ID: optionalText,
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
});

export type Environment = z.infer<typeof schema>;

export interface RuntimeSettings {
  readonly env: Environment;
  readonly adapters: readonly AdapterName[];
  readonly locale: Locale;
  readonly dataDir: string;
  /** The HTTP port, when one should be opened (a server adapter runs, or PORT is set). */
  readonly port?: number;
  /** Values to mask wherever they might appear. */
  readonly secrets: readonly string[];
}

export function readEnvironment(
  source: NodeJS.ProcessEnv,
  overrides: { adapters?: string } = {},
): RuntimeSettings {
  // An empty assignment in .env ("PORT=") means "not set", not an empty value.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError({
      ja: `環境変数 ${name} の値「${String(source[name])}」が正しくありません（${issue.message}）。.env.example を参照してください。`,
      en: `Environment variable ${name} has an invalid value "${String(source[name])}" (${issue.message}). See .env.example.`,
    });
  }
  const env = parsed.data;
  const adapters = chooseAdapters(overrides.adapters ?? env.TSUNAGI_ADAPTERS, env);
  const serverAdapter = adapters.some((a) => a !== 'console');
  let port: number | undefined;
  if (env.PORT !== undefined || serverAdapter) {
    port = Number(env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError({
        ja: `環境変数 PORT「${env.PORT}」はポート番号ではありません（0〜65535）。`,
        en: `Environment variable PORT "${env.PORT}" is not a port number (0-65535).`,
      });
    }
  }
  return {
    env,
    adapters,
    locale: env.TSUNAGI_LOCALE,
    dataDir: env.TSUNAGI_DATA_DIR,
    ...(port !== undefined ? { port } : {}),
    secrets: [
      env.SLACK_BOT_TOKEN,
      env.SLACK_SIGNING_SECRET,
      env.SLACK_APP_TOKEN,
      env.MICROSOFT_APP_PASSWORD,
      env.GRAPH_CLIENT_SECRET,
      env.AWS_SECRET_ACCESS_KEY,
      env.AWS_SESSION_TOKEN,
    ].filter((s): s is string => s !== undefined),
  };
}

/** TSUNAGI_ADAPTERS when set; otherwise from the credentials present; console when there are none. */
function chooseAdapters(list: string | undefined, env: Environment): AdapterName[] {
  if (list) {
    const names = list
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const unknown = names.filter((n) => !(ADAPTERS as readonly string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      throw new ConfigError({
        ja: `TSUNAGI_ADAPTERS（または --adapter）の「${unknown.join(', ') || list}」は不明です。console, slack, teams をカンマ区切りで指定してください。`,
        en: `Unknown adapter "${unknown.join(', ') || list}" in TSUNAGI_ADAPTERS (or --adapter). Use console, slack, teams, comma separated.`,
      });
    }
    return [...new Set(names)] as AdapterName[];
  }
  const chosen: AdapterName[] = [];
  if (env.SLACK_BOT_TOKEN) chosen.push('slack');
  if (env.MICROSOFT_APP_ID) chosen.push('teams');
  return chosen.length ? chosen : ['console'];
}

export interface SlackCredentials {
  readonly botToken: string;
  readonly signingSecret?: string;
  readonly appToken?: string;
  readonly apiUrl?: string;
}

/** The Slack variables the adapter needs, or a ConfigError naming the missing ones. */
export function slackCredentials(env: Environment): SlackCredentials {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  // Over HTTP every request is verified with the signing secret; Socket Mode uses the app token.
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
    missing.push('SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)');
  if (missing.length > 0) {
    throw new ConfigError({
      ja: `Slack アダプタに必要な環境変数がありません: ${missing.join(', ')}。README の「Slack に接続する」と .env.example を参照してください。`,
      en: `The Slack adapter needs these environment variables: ${missing.join(', ')}. See "Connecting to Slack" in the README and .env.example.`,
    });
  }
  if (env.SLACK_API_URL && !/^https?:\/\//u.test(env.SLACK_API_URL)) {
    throw new ConfigError({
      ja: `SLACK_API_URL「${env.SLACK_API_URL}」は http(s):// で始まる URL にしてください（例: https://slack.com/api/）。`,
      en: `SLACK_API_URL "${env.SLACK_API_URL}" must be an http(s):// URL (e.g. https://slack.com/api/).`,
    });
  }
  return {
    botToken: env.SLACK_BOT_TOKEN!,
    ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
  };
}

export interface TeamsCredentials {
  /** Empty in the unauthenticated local mode (development and tests only). */
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appType?: string;
  readonly tenantId?: string;
}

/**
 * The Bot Framework settings. Without MICROSOFT_APP_ID the adapter runs unauthenticated for local
 * development and tests; that mode is refused when NODE_ENV=production, so a missing variable can
 * never silently open the bot to anyone.
 */
export function teamsCredentials(env: Environment): TeamsCredentials {
  if (!env.MICROSOFT_APP_ID) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigError({
        ja: 'NODE_ENV=production では MICROSOFT_APP_ID なし（認証なしのローカルモード）で Teams アダプタを起動できません。Azure Bot の アプリ ID と MICROSOFT_APP_PASSWORD を設定してください。',
        en: 'With NODE_ENV=production the Teams adapter cannot run without MICROSOFT_APP_ID (the unauthenticated local mode). Set the Azure Bot app id and MICROSOFT_APP_PASSWORD.',
      });
    }
    return {};
  }
  const type = env.MICROSOFT_APP_TYPE ?? 'MultiTenant';
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(type)) {
    throw new ConfigError({
      ja: `MICROSOFT_APP_TYPE「${type}」は不明です。MultiTenant、SingleTenant、UserAssignedMSI のいずれかにしてください。`,
      en: `MICROSOFT_APP_TYPE "${type}" is not known. Use MultiTenant, SingleTenant or UserAssignedMSI.`,
    });
  }
  const missing: string[] = [];
  if (type !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) missing.push('MICROSOFT_APP_PASSWORD');
  if (type !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) missing.push('MICROSOFT_APP_TENANT_ID');
  if (missing.length > 0) {
    throw new ConfigError({
      ja: `Teams アダプタ（${type}）に必要な環境変数がありません: ${missing.join(', ')}。.env.example を参照してください。`,
      en: `The Teams adapter (${type}) needs these environment variables: ${missing.join(', ')}. See .env.example.`,
    });
  }
  return {
    appId: env.MICROSOFT_APP_ID,
    appType: type,
    ...(env.MICROSOFT_APP_PASSWORD ? { appPassword: env.MICROSOFT_APP_PASSWORD } : {}),
    ...(env.MICROSOFT_APP_TENANT_ID ? { tenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
  };
}
