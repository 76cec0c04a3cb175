// Assembles the audit pollers for the composition root: a fetcher per tsunagi.yaml `alerts.sources`
// entry (or why it cannot run), data/audit-state.json, and the alert pipeline as the sink. Nothing
// is built without a configured source.
import type { Environment } from '../../config/environment.js';
import type { NoticeSourceEnvironment } from '../../config/notice-source-env.js';
import type { AuditSink } from '../../core/alerts/audit-sink.js';
import type { Locale } from '../../core/i18n/locale.js';
import type { Logger } from '../../observability/logger.js';
import { FeedStateStore } from '../feeds/feed-state-store.js';
import type { Unavailable } from '../feeds/source-poller.js';
import { auditFetcherFor } from './audit-fetchers.js';
import { AUDIT_STATE_FILE, AuditPoller } from './audit-poller.js';
import type { AuditSourceSettings } from './audit-settings.js';
import type { AuditFetcher } from './fetch/audit-fetcher.js';

/** A sweep may page through many rate-limited requests, each with the fetch deadline. */
const SWEEP_DEADLINE_FACTOR = 20;

export interface AuditPollerSetup {
  readonly sources: readonly AuditSourceSettings[];
  readonly env: Environment;
  readonly notices: NoticeSourceEnvironment;
  readonly dataDir: string;
  readonly sink: AuditSink;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly locale: Locale;
}

export async function buildAuditPoller(setup: AuditPollerSetup): Promise<AuditPoller | undefined> {
  if (setup.sources.length === 0) return undefined;
  const fetchers = new Map<string, AuditFetcher | Unavailable>();
  for (const source of setup.sources) {
    if (source.enabled) fetchers.set(source.id, await auditFetcherFor(source, setup.env, setup.notices));
  }
  return new AuditPoller({
    sources: setup.sources,
    fetchers,
    store: await FeedStateStore.open(setup.dataDir, setup.logger, AUDIT_STATE_FILE),
    sink: setup.sink,
    logger: setup.logger,
    now: setup.now,
    pollDeadlineMs: setup.notices.timeoutMs * SWEEP_DEADLINE_FACTOR,
    locale: setup.locale,
  });
}
