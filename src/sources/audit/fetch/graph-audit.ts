// Reads Microsoft Entra audit logs (`/auditLogs/directoryAudits`), sign-ins (`/auditLogs/signIns`)
// and security alerts (`/security/alerts_v2`) from Microsoft Graph through the shared GraphReader
// (app-only token, @odata.nextLink paging, 429 with Retry-After typed for the poller's back-off),
// with the cursor of audit-cursor.ts on each list's own time field: `ge` the cursor time, so items
// sharing that instant come again and the seen ids drop those already handed on.
import { GraphReader, type GraphFetcherOptions } from '../../feeds/fetch/graph-reader.js';
import {
  advanceCursor,
  isNew,
  sweepWindow,
  type AuditCursor,
  type CursorPolicy,
  type SweepEvent,
} from './audit-cursor.js';
import type { AuditFetcher, AuditSweep } from './audit-fetcher.js';

export type GraphAuditSource = 'graph-directory-audits' | 'graph-signins' | 'graph-alerts';

interface GraphAuditList {
  readonly path: string;
  readonly timeField: string;
  readonly stream: string;
  readonly permission: string;
}

export const GRAPH_AUDIT_LISTS: Readonly<Record<GraphAuditSource, GraphAuditList>> = {
  'graph-directory-audits': {
    path: '/auditLogs/directoryAudits',
    timeField: 'activityDateTime',
    stream: 'directoryAudits',
    permission: 'AuditLog.Read.All',
  },
  'graph-signins': {
    path: '/auditLogs/signIns',
    timeField: 'createdDateTime',
    stream: 'signIns',
    permission: 'AuditLog.Read.All',
  },
  'graph-alerts': {
    path: '/security/alerts_v2',
    timeField: 'createdDateTime',
    stream: 'alerts_v2',
    permission: 'SecurityAlert.Read.All',
  },
};

const MAX_PAGES = 500;

export interface GraphAuditOptions extends GraphFetcherOptions {
  readonly source: GraphAuditSource;
  /** Where a first sweep starts, back from now. Default 1 h. */
  readonly initialLookbackMs?: number;
  /** Ask again this far before the cursor (sign-ins can reach Graph minutes late). Default 0. */
  readonly overlapMs?: number;
  readonly now?: () => Date;
}

export class GraphAuditFetcher implements AuditFetcher {
  readonly source: GraphAuditSource;
  private readonly list: GraphAuditList;
  private readonly reader: GraphReader;
  private readonly policy: CursorPolicy;
  private readonly now: () => Date;

  constructor(options: GraphAuditOptions) {
    this.source = options.source;
    this.list = GRAPH_AUDIT_LISTS[options.source];
    this.reader = new GraphReader({ ...options, permissions: this.list.permission });
    this.now = options.now ?? (() => new Date());
    this.policy = {
      overlapMs: options.overlapMs ?? 0,
      initialLookbackMs: options.initialLookbackMs ?? 3_600_000,
    };
  }

  async sweep(cursor: AuditCursor, signal?: AbortSignal): Promise<AuditSweep> {
    const key = this.list.stream;
    const previous = cursor[key];
    const window = sweepWindow(previous, this.policy, this.now().getTime());
    const field = this.list.timeField;
    const filter = `${field} ge ${new Date(window.fromMs).toISOString()} and ${field} le ${new Date(window.toMs).toISOString()}`;
    const records: unknown[] = [];
    const seen: SweepEvent[] = [];
    try {
      const pages = this.reader.pages(
        this.list.path,
        { filter, top: this.reader.pageSize },
        signal,
        MAX_PAGES,
      );
      for await (const { items } of pages) {
        for (const item of items) {
          const event = sweepEventOf(item, field);
          if (!event) continue;
          seen.push(event);
          if (isNew(previous, event)) records.push(item);
        }
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      return { records: [], cursor, failures: [{ stream: key, error }] };
    }
    return {
      records,
      cursor: { ...cursor, [key]: advanceCursor(previous, seen, window, this.policy) },
      failures: [],
    };
  }
}

function sweepEventOf(item: unknown, field: string): SweepEvent | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string, unknown>;
  const time = typeof record[field] === 'string' ? Date.parse(record[field]) : Number.NaN;
  if (typeof record.id !== 'string' || Number.isNaN(time)) return undefined;
  return { id: record.id, timeMs: time };
}
