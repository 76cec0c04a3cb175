// Reads CloudTrail management events with LookupEvents (@aws-sdk/client-cloudtrail) for every
// configured account and region: one client each, all pages of the window the cursor gives
// (audit-cursor.ts: from the cursor time inclusive, ids already handed on at that time dropped, never
// older than CloudTrail's 90 days), at most 2 requests per second per client (LookupEvents' own
// limit; the SDK's retries of a ThrottlingException count too, since the bucket sits below its retry
// step), and the raw records (CloudTrailEvent parsed) handed on.
//
// Endpoint: the SDK itself reads AWS_ENDPOINT_URL_CLOUDTRAIL (then AWS_ENDPOINT_URL), so an emulator
// or a VPC endpoint needs the environment alone. Credentials: the SDK's default chain, or a named
// profile per account (`profile` in tsunagi.yaml) for several accounts from one process.
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { TSUNAGI_USER_AGENT } from '../../feeds/fetch/user-agent.js';
import {
  advanceCursor,
  isNew,
  sweepWindow,
  type AuditCursor,
  type CursorPolicy,
  type StreamCursor,
  type SweepEvent,
} from './audit-cursor.js';
import type { AuditFetcher, AuditSweep, StreamFailure } from './audit-fetcher.js';
import { cloudTrailError } from './cloudtrail-errors.js';
import { TokenBucket } from './rate-limit.js';

/** CloudTrail event history keeps 90 days. */
export const CLOUDTRAIL_RETENTION_MS = 90 * 86_400_000;
/** LookupEvents answers at most 50 events per page. */
export const LOOKUP_MAX_RESULTS = 50;
/** LookupEvents allows 2 requests per second per account and region. */
export const LOOKUP_REQUESTS_PER_SECOND = 2;
const MAX_PAGES = 2000;

export interface CloudTrailAccount {
  /** The 12-digit account id; labels the stream (the credentials decide which account is read). */
  readonly account: string;
  readonly region: string;
  /** A profile of the shared AWS config for this account; the default chain when absent. */
  readonly profile?: string;
}

export interface CloudTrailLookupOptions {
  readonly accounts: readonly CloudTrailAccount[];
  /** Overrides the endpoint the SDK would choose (including AWS_ENDPOINT_URL_CLOUDTRAIL). */
  readonly endpoint?: string;
  /** Deadline for each call. Default 20 s. */
  readonly timeoutMs?: number;
  /** Page size, 1–50. Default 50. */
  readonly maxResults?: number;
  /** Attempts per call including the SDK's own retries of throttling and server errors. Default 3. */
  readonly maxAttempts?: number;
  /** Where a first sweep starts, back from now. Default 1 h. */
  readonly initialLookbackMs?: number;
  /** Ask again this far before the cursor (late delivery). Default 0, as the cursor algorithm needs no more. */
  readonly overlapMs?: number;
  readonly now?: () => Date;
}

interface Stream {
  readonly key: string;
  readonly client: CloudTrailClient;
  readonly bucket: TokenBucket;
}

export class CloudTrailLookupFetcher implements AuditFetcher {
  readonly source = 'cloudtrail' as const;
  private readonly streams: readonly Stream[];
  private readonly timeoutMs: number;
  private readonly maxResults: number;
  private readonly policy: CursorPolicy;
  private readonly now: () => Date;

  constructor(options: CloudTrailLookupOptions) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxResults = Math.min(options.maxResults ?? LOOKUP_MAX_RESULTS, LOOKUP_MAX_RESULTS);
    this.now = options.now ?? (() => new Date());
    this.policy = {
      overlapMs: options.overlapMs ?? 0,
      initialLookbackMs: options.initialLookbackMs ?? 3_600_000,
      retentionMs: CLOUDTRAIL_RETENTION_MS,
    };
    this.streams = options.accounts.map((account) => {
      const client = new CloudTrailClient({
        region: account.region,
        maxAttempts: options.maxAttempts ?? 3,
        customUserAgent: TSUNAGI_USER_AGENT,
        ...(account.profile !== undefined && { profile: account.profile }),
        ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      });
      const bucket = new TokenBucket(LOOKUP_REQUESTS_PER_SECOND);
      // In the deserialize step, below the retry step: every attempt waits for a token.
      client.middlewareStack.add(
        (next) => async (args) => {
          await bucket.take();
          return next(args);
        },
        { step: 'deserialize', name: 'tsunagiLookupRateLimit' },
      );
      return { key: `${account.account}/${account.region}`, client, bucket };
    });
  }

  async sweep(cursor: AuditCursor, signal?: AbortSignal): Promise<AuditSweep> {
    const records: unknown[] = [];
    const failures: StreamFailure[] = [];
    const next: Record<string, StreamCursor> = { ...cursor };
    // Accounts one after another: each has its own rate limit, and a sweep is seldom more than a page.
    for (const stream of this.streams) {
      try {
        const result = await this.sweepStream(stream, cursor[stream.key], signal);
        records.push(...result.records);
        next[stream.key] = result.cursor;
      } catch (error) {
        if (signal?.aborted) throw error;
        failures.push({ stream: stream.key, error });
      }
    }
    return { records, cursor: next, failures };
  }

  destroy(): void {
    for (const stream of this.streams) stream.client.destroy();
  }

  private async sweepStream(
    stream: Stream,
    cursor: StreamCursor | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ records: unknown[]; cursor: StreamCursor }> {
    const window = sweepWindow(cursor, this.policy, this.now().getTime());
    const seen: SweepEvent[] = [];
    const records: unknown[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.call(stream, signal, (abortSignal) =>
        stream.client.send(
          new LookupEventsCommand({
            StartTime: new Date(window.fromMs),
            EndTime: new Date(window.toMs),
            MaxResults: this.maxResults,
            ...(nextToken !== undefined && { NextToken: nextToken }),
          }),
          { abortSignal },
        ),
      );
      for (const event of answer.Events ?? []) {
        const sweepEvent = sweepEventOf(event);
        if (!sweepEvent) continue;
        seen.push(sweepEvent);
        if (isNew(cursor, sweepEvent)) records.push(rawRecord(event));
      }
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
    return { records, cursor: advanceCursor(cursor, seen, window, this.policy) };
  }

  private async call<T>(
    stream: Stream,
    signal: AbortSignal | undefined,
    send: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      return await send(signal ? AbortSignal.any([deadline, signal]) : deadline);
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw cloudTrailError(error, stream.key, deadline.aborted, this.timeoutMs);
    }
  }
}

function sweepEventOf(event: Event): SweepEvent | undefined {
  const timeMs = event.EventTime?.getTime();
  if (event.EventId === undefined || timeMs === undefined || Number.isNaN(timeMs)) return undefined;
  return { id: event.EventId, timeMs };
}

/** The record as CloudTrail delivered it; a CloudTrailEvent that is not JSON is kept as the summary. */
function rawRecord(event: Event): unknown {
  if (event.CloudTrailEvent !== undefined) {
    try {
      return JSON.parse(event.CloudTrailEvent) as unknown;
    } catch {
      // Not expected from CloudTrail; the summary still lets the event be deduplicated and seen.
      return summaryRecord(event);
    }
  }
  return summaryRecord(event);
}

function summaryRecord(event: Event): Record<string, unknown> {
  return {
    eventID: event.EventId,
    eventName: event.EventName,
    eventSource: event.EventSource,
    eventTime: event.EventTime?.toISOString(),
    userIdentity: { userName: event.Username, accessKeyId: event.AccessKeyId },
  };
}
