// Builds the fetcher of each configured audit source from its kind and the environment: CloudTrail
// with the AWS SDK's own credential chain and AWS_ENDPOINT_URL_CLOUDTRAIL, Google Reports with a
// service account key (GOOGLE_APPLICATION_CREDENTIALS) acting as GOOGLE_ADMIN_SUBJECT and
// GOOGLE_API_ROOT_URL, Microsoft Graph with the app credentials the notice sources use. A source
// whose credentials are not set gets the reason instead, which /alerts sources shows.
import type { NoticeSourceEnvironment } from '../../config/notice-source-env.js';
import type { Environment } from '../../config/environment.js';
import { TsunagiError } from '../../core/errors.js';
import type { Unavailable } from '../feeds/source-poller.js';
import type { AuditSourceSettings } from './audit-settings.js';
import type { AuditFetcher } from './fetch/audit-fetcher.js';
import { CloudTrailLookupFetcher } from './fetch/cloudtrail-lookup.js';
import { GoogleReportsFetcher } from './fetch/google-reports.js';
import { readServiceAccountKey } from './fetch/google-service-account.js';
import { GRAPH_AUDIT_LISTS, GraphAuditFetcher } from './fetch/graph-audit.js';

export async function auditFetcherFor(
  source: AuditSourceSettings,
  env: Environment,
  notices: NoticeSourceEnvironment,
): Promise<AuditFetcher | Unavailable> {
  const timeoutMs = notices.timeoutMs;
  if (source.kind === 'cloudtrail') {
    // The default chain is resolved at the first call; a missing credential fails that poll visibly.
    return new CloudTrailLookupFetcher({ accounts: source.accounts, timeoutMs, overlapMs: source.lagMs });
  }
  if (source.kind === 'google-reports') {
    const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS;
    const subject = env.GOOGLE_ADMIN_SUBJECT;
    if (!keyFile || !subject) {
      const missing = [
        ...(keyFile ? [] : ['GOOGLE_APPLICATION_CREDENTIALS']),
        ...(subject ? [] : ['GOOGLE_ADMIN_SUBJECT']),
      ].join(', ');
      return {
        unavailable: {
          ja: `Google Workspace の資格情報がありません: ${missing} を設定してください（ドメイン全体の委任を受けたサービスアカウントの鍵ファイルと、代理する管理者のメールアドレス）。`,
          en: `No Google Workspace credentials: set ${missing} (the key file of a service account with domain-wide delegation, and the administrator it acts as).`,
        },
      };
    }
    try {
      return new GoogleReportsFetcher({
        key: await readServiceAccountKey(keyFile),
        subject,
        applications: source.applications,
        lagMs: source.lagMs,
        timeoutMs,
        ...(env.GOOGLE_API_ROOT_URL ? { rootUrl: env.GOOGLE_API_ROOT_URL } : {}),
      });
    } catch (error) {
      if (error instanceof TsunagiError) return { unavailable: error.userMessage };
      throw error;
    }
  }
  const graph = notices.graph;
  if ('missing' in graph) {
    const permission = GRAPH_AUDIT_LISTS[source.kind].permission;
    return {
      unavailable: {
        ja: `Microsoft Graph の資格情報がありません: ${graph.missing.join(', ')} を設定してください（Entra アプリに ${permission} のアプリケーション権限）。`,
        en: `No Microsoft Graph credentials: set ${graph.missing.join(', ')} (an Entra app with the ${permission} application permission).`,
      },
    };
  }
  return new GraphAuditFetcher({
    source: source.kind,
    overlapMs: source.lagMs,
    credentials: { tenantId: graph.tenantId, clientId: graph.clientId, clientSecret: graph.clientSecret },
    timeoutMs,
    ...(graph.baseUrl ? { baseUrl: graph.baseUrl } : {}),
    ...(graph.authorityUrl ? { authorityUrl: graph.authorityUrl } : {}),
  });
}
