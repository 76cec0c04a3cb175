// Reads Google Workspace audit activities with the Admin SDK Reports API (`activities.list` of
// @googleapis/admin, userKey `all`) for each configured application (admin, login, token, …), as a
// service account with domain-wide delegation acting as an administrator.
//
// Reports data arrives late (Google documents lags from minutes to hours per application), so each
// sweep asks for a window that starts `lag` (default 3 h) before the cursor and ends now, drops the
// activities already handed on (by id.uniqueQualifier and id.time) and moves the cursor to now;
// audit-cursor.ts keeps exactly the ids the next window will return again.
//
// GOOGLE_API_ROOT_URL points the API at an emulator; the token endpoint is the key file's `token_uri`.
// The library's own retries are off: a 429 or 5xx ends the sweep of that application and the poller
// backs off (honouring Retry-After), where gaxios would wait inside the poll.
import { admin, type admin_reports_v1 } from '@googleapis/admin';
import { ConfigError, PermissionError, TsunagiError } from '../../../core/errors.js';
import { maskSecrets } from '../../../core/secrets/mask-secrets.js';
import {
  httpStatusError,
  isTimeoutAbort,
  networkError,
  timeoutError,
} from '../../feeds/fetch/fetch-error.js';
import {
  advanceCursor,
  isNew,
  sweepWindow,
  type AuditCursor,
  type CursorPolicy,
  type StreamCursor,
  type SweepEvent,
} from './audit-cursor.js';
import { DEFAULT_REPORTS_APPLICATIONS, DEFAULT_REPORTS_LAG_MS } from '../audit-settings.js';
import type { AuditFetcher, AuditSweep, StreamFailure } from './audit-fetcher.js';
import { ServiceAccountTokenProvider, type ServiceAccountKey } from './google-service-account.js';

const REPORTS = 'Google Workspace Reports';
const MAX_PAGES = 500;

export interface GoogleReportsOptions {
  readonly key: ServiceAccountKey;
  /** The administrator to act as (GOOGLE_ADMIN_SUBJECT). */
  readonly subject: string;
  readonly applications?: readonly string[];
  /** GOOGLE_API_ROOT_URL; default https://admin.googleapis.com/. */
  readonly rootUrl?: string;
  /** How late activities may arrive. Default 3 h. */
  readonly lagMs?: number;
  /** Where a first sweep starts, back from now. Default: the lag. */
  readonly initialLookbackMs?: number;
  readonly timeoutMs?: number;
  /** maxResults, 1–1000. Default 1000. */
  readonly pageSize?: number;
  readonly now?: () => Date;
}

export class GoogleReportsFetcher implements AuditFetcher {
  readonly source = 'google-reports' as const;
  private readonly reports: admin_reports_v1.Admin;
  private readonly tokens: ServiceAccountTokenProvider;
  private readonly applications: readonly string[];
  private readonly policy: CursorPolicy;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(options: GoogleReportsOptions) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.pageSize = options.pageSize ?? 1000;
    this.now = options.now ?? (() => new Date());
    this.applications = options.applications ?? DEFAULT_REPORTS_APPLICATIONS;
    const lagMs = options.lagMs ?? DEFAULT_REPORTS_LAG_MS;
    this.policy = { overlapMs: lagMs, initialLookbackMs: options.initialLookbackMs ?? lagMs };
    this.tokens = new ServiceAccountTokenProvider(options.key, options.subject, this.timeoutMs);
    const rootUrl = options.rootUrl === undefined ? undefined : options.rootUrl.replace(/\/*$/, '/');
    this.reports = admin({ version: 'reports_v1', ...(rootUrl !== undefined && { rootUrl }) });
  }

  async sweep(cursor: AuditCursor, signal?: AbortSignal): Promise<AuditSweep> {
    const records: unknown[] = [];
    const failures: StreamFailure[] = [];
    const next: Record<string, StreamCursor> = { ...cursor };
    for (const application of this.applications) {
      try {
        const result = await this.sweepApplication(application, cursor[application], signal);
        records.push(...result.records);
        next[application] = result.cursor;
      } catch (error) {
        if (signal?.aborted) throw error;
        failures.push({ stream: application, error });
      }
    }
    return { records, cursor: next, failures };
  }

  private async sweepApplication(
    application: string,
    cursor: StreamCursor | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ records: unknown[]; cursor: StreamCursor }> {
    const window = sweepWindow(cursor, this.policy, this.now().getTime());
    const records: unknown[] = [];
    const seen: SweepEvent[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.list(
        {
          userKey: 'all',
          applicationName: application,
          startTime: new Date(window.fromMs).toISOString(),
          endTime: new Date(window.toMs).toISOString(),
          maxResults: this.pageSize,
          ...(pageToken !== undefined && { pageToken }),
        },
        signal,
      );
      for (const item of answer.items ?? []) {
        const event = sweepEventOf(item);
        if (!event) continue;
        seen.push(event);
        if (isNew(cursor, event)) records.push(item);
      }
      pageToken = answer.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
    return { records, cursor: advanceCursor(cursor, seen, window, this.policy) };
  }

  /** One page; a refused token is renewed and the page asked for once more. */
  private async list(
    params: admin_reports_v1.Params$Resource$Activities$List,
    signal: AbortSignal | undefined,
  ): Promise<admin_reports_v1.Schema$Activities> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.tokens.getAccessToken();
      const deadline = AbortSignal.timeout(this.timeoutMs);
      try {
        const response = await this.reports.activities.list(params, {
          headers: { Authorization: `Bearer ${token}` },
          retry: false,
          signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
        });
        return response.data;
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (statusOf(error) === 401 && attempt === 1) {
          this.tokens.invalidate();
          continue;
        }
        throw reportsError(error, deadline, this.timeoutMs);
      }
    }
  }
}

/** Reports activities are identified by uniqueQualifier together with time. */
function sweepEventOf(item: admin_reports_v1.Schema$Activity): SweepEvent | undefined {
  const time = item.id?.time ? Date.parse(item.id.time) : Number.NaN;
  const qualifier = item.id?.uniqueQualifier;
  if (!qualifier || Number.isNaN(time)) return undefined;
  return { id: `${qualifier}@${item.id!.time}`, timeMs: time };
}

interface GaxiosLike {
  response?: { status?: number; headers?: unknown; data?: unknown };
  status?: number;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as GaxiosLike;
  return e.response?.status ?? e.status;
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as GaxiosLike).response?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  // gaxios 7 answers a Headers-like object; older versions a plain record.
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function reportsError(error: unknown, deadline: AbortSignal, timeoutMs: number): Error {
  if (error instanceof TsunagiError) return error;
  if (deadline.aborted || isTimeoutAbort(error, deadline)) return timeoutError(REPORTS, timeoutMs, error);
  const status = statusOf(error);
  if (status === undefined) return networkError(REPORTS, error);
  const detail = maskSecrets(error instanceof Error ? error.message : String(error)).text.slice(0, 300);
  if (status === 401) {
    return new ConfigError(
      {
        ja: `${REPORTS} が新しいアクセストークンも受け付けませんでした（${detail}）。GOOGLE_ADMIN_SUBJECT とドメイン全体の委任を確認してください。`,
        en: `${REPORTS} refused a fresh access token too (${detail}). Check GOOGLE_ADMIN_SUBJECT and domain-wide delegation.`,
      },
      [],
      { cause: error },
    );
  }
  if (status === 403) {
    return new PermissionError(
      {
        ja: `${REPORTS} がアクセスを拒否しました（${detail}）。GOOGLE_ADMIN_SUBJECT がレポートを参照できる管理者か確認してください。`,
        en: `${REPORTS} denied access (${detail}). Check that GOOGLE_ADMIN_SUBJECT is an administrator who may read reports.`,
      },
      { cause: error },
    );
  }
  return httpStatusError(REPORTS, status, headerOf(error, 'retry-after'), detail, error);
}
