// Fetches AWS Health events for the notice poller with @aws-sdk/client-health: DescribeEvents for
// everything updated since the cursor (every page), then DescribeEventDetails for those events in
// batches of 10 ARNs (the API's limit). Returns one `{ "events": [...], "details": [...] }` JSON
// payload for normalise('aws-health', …) and the newest lastUpdatedTime seen as the next cursor.
//
// Endpoint: the SDK itself reads AWS_ENDPOINT_URL_HEALTH (then AWS_ENDPOINT_URL), so tests and
// operators point it at an emulator or a VPC endpoint with the environment alone; `endpoint` overrides.
// Credentials: the SDK's default chain (environment, profile, SSO, container or instance role).
// The Health API lives in us-east-1 (its global endpoint), hence that default region.
import {
  DescribeEventDetailsCommand,
  DescribeEventsCommand,
  HealthClient,
  type Event as HealthEvent,
  type EventDetails,
} from '@aws-sdk/client-health';
import { healthError } from './aws-health-errors.js';
import type { FetchResult } from './fetch-result.js';
import { TSUNAGI_USER_AGENT } from './user-agent.js';

export const DEFAULT_HEALTH_REGION = 'us-east-1';
/** DescribeEventDetails accepts at most this many ARNs per call. */
export const DETAILS_BATCH_SIZE = 10;
/** A guard against a nextToken that never ends (100 pages of 100 events is far beyond real use). */
const MAX_PAGES = 100;

export interface AwsHealthFetcherOptions {
  /** Default us-east-1. */
  readonly region?: string;
  /** Overrides the endpoint the SDK would choose (including AWS_ENDPOINT_URL_HEALTH). */
  readonly endpoint?: string;
  /** Deadline for each API call. Default 20 s. */
  readonly timeoutMs?: number;
  /** DescribeEvents page size, 10 to 100. Default 100. */
  readonly maxResults?: number;
  /** Attempts per call including the SDK's own retries of throttling and server errors. Default 3. */
  readonly maxAttempts?: number;
}

export class AwsHealthFetcher {
  private readonly client: HealthClient;
  private readonly timeoutMs: number;
  private readonly maxResults: number;

  constructor(options: AwsHealthFetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxResults = options.maxResults ?? 100;
    this.client = new HealthClient({
      region: options.region ?? DEFAULT_HEALTH_REGION,
      maxAttempts: options.maxAttempts ?? 3,
      customUserAgent: TSUNAGI_USER_AGENT,
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    });
  }

  /**
   * Events updated at or after `cursor` (ISO 8601; all events when absent), with their details.
   * The event at the cursor itself comes again; the pipeline's seen ids make that harmless and it
   * keeps an event updated in the same instant as the cursor from being lost.
   */
  async fetch(cursor: string | undefined, signal?: AbortSignal): Promise<FetchResult> {
    const from = cursor === undefined ? undefined : new Date(cursor);
    const filter = from && !Number.isNaN(from.getTime()) ? { lastUpdatedTimes: [{ from }] } : undefined;
    const events: HealthEvent[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.call(
        (abortSignal) =>
          this.client.send(
            new DescribeEventsCommand({
              maxResults: this.maxResults,
              ...(filter && { filter }),
              ...(nextToken !== undefined && { nextToken }),
            }),
            { abortSignal },
          ),
        signal,
      );
      events.push(...(answer.events ?? []));
      nextToken = answer.nextToken;
      if (!nextToken) break;
    }
    if (events.length === 0) return { kind: 'not-modified' };

    const details: EventDetails[] = [];
    const arns = [...new Set(events.map((event) => event.arn).filter((arn): arn is string => !!arn))];
    for (let start = 0; start < arns.length; start += DETAILS_BATCH_SIZE) {
      const eventArns = arns.slice(start, start + DETAILS_BATCH_SIZE);
      const answer = await this.call(
        (abortSignal) => this.client.send(new DescribeEventDetailsCommand({ eventArns }), { abortSignal }),
        signal,
      );
      // An event whose details failed (failedSet) still travels in `events`; the parser uses what it has.
      details.push(...(answer.successfulSet ?? []));
    }
    return {
      kind: 'ok',
      payloads: [JSON.stringify({ events, details })],
      cursor: newestUpdate(events, cursor),
    };
  }

  /** Releases the SDK's sockets. */
  destroy(): void {
    this.client.destroy();
  }

  private async call<T>(send: (abortSignal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      return await send(signal ? AbortSignal.any([deadline, signal]) : deadline);
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw healthError(error, deadline.aborted, this.timeoutMs);
    }
  }
}

/** The newest lastUpdatedTime among `events` (ISO 8601), never older than the cursor given. */
function newestUpdate(events: readonly HealthEvent[], cursor: string | undefined): string | undefined {
  let newest = cursor === undefined ? Number.NEGATIVE_INFINITY : Date.parse(cursor);
  for (const event of events) {
    const time = event.lastUpdatedTime?.getTime();
    if (time !== undefined && !(time <= newest)) newest = time;
  }
  return Number.isFinite(newest) ? new Date(newest).toISOString() : cursor;
}
