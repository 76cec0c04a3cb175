// The events the AWS Health emulator knows, and the two read operations over them as the API
// reference describes: DescribeEvents (newest lastUpdatedTime first, filtered, paged with an opaque
// nextToken) and DescribeEventDetails (1 to 10 ARNs; unknown ones go to failedSet). Timestamps go
// over the wire as epoch seconds, as the AWS JSON 1.1 protocol encodes them.

export type EventTypeCategory = 'issue' | 'accountNotification' | 'scheduledChange' | 'investigation';

export interface HealthEventSeed {
  arn: string;
  service: string;
  eventTypeCode: string;
  eventTypeCategory: EventTypeCategory;
  region?: string;
  startTime: Date | string;
  endTime?: Date | string;
  /** Default: now, and always later than the event's previous version. */
  lastUpdatedTime?: Date | string;
  statusCode?: 'open' | 'closed' | 'upcoming';
  eventScopeCode?: 'PUBLIC' | 'ACCOUNT_SPECIFIC' | 'NONE';
  /** eventDescription.latestDescription */
  description: string;
  eventMetadata?: Record<string, string>;
}

export interface StoredHealthEvent extends Omit<
  HealthEventSeed,
  'startTime' | 'endTime' | 'lastUpdatedTime'
> {
  startTime: Date;
  endTime?: Date;
  lastUpdatedTime: Date;
}

/** An error the operation answers with (HTTP 400, `__type`). */
export class HealthApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

const seconds = (date: Date): number => date.getTime() / 1000;
const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function wireEvent(event: StoredHealthEvent): Json {
  return {
    arn: event.arn,
    service: event.service,
    eventTypeCode: event.eventTypeCode,
    eventTypeCategory: event.eventTypeCategory,
    region: event.region ?? 'us-east-1',
    startTime: seconds(event.startTime),
    ...(event.endTime && { endTime: seconds(event.endTime) }),
    lastUpdatedTime: seconds(event.lastUpdatedTime),
    statusCode: event.statusCode ?? 'open',
    eventScopeCode: event.eventScopeCode ?? 'PUBLIC',
  };
}

function validationError(field: string, value: unknown, constraint: string): HealthApiError {
  return new HealthApiError(
    'ValidationException',
    `1 validation error detected: Value '${JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

interface TimeRange {
  from?: number;
  to?: number;
}

function inRanges(time: Date, ranges: unknown): boolean {
  if (!Array.isArray(ranges) || ranges.length === 0) return true;
  const t = seconds(time);
  return (ranges as TimeRange[]).some(
    (range) => (range.from === undefined || t >= range.from) && (range.to === undefined || t <= range.to),
  );
}

function inList(value: string, list: unknown): boolean {
  return !Array.isArray(list) || list.length === 0 || list.includes(value);
}

export class HealthEvents {
  private readonly events = new Map<string, StoredHealthEvent>();

  /** Adds the event, or replaces the one with the same ARN (an update). */
  put(seed: HealthEventSeed): StoredHealthEvent {
    const previous = this.events.get(seed.arn);
    let lastUpdatedTime = seed.lastUpdatedTime ? toDate(seed.lastUpdatedTime) : new Date();
    if (!seed.lastUpdatedTime && previous && lastUpdatedTime <= previous.lastUpdatedTime) {
      lastUpdatedTime = new Date(previous.lastUpdatedTime.getTime() + 1000);
    }
    const { startTime, endTime, ...rest } = seed;
    const stored: StoredHealthEvent = {
      ...rest,
      startTime: toDate(startTime),
      ...(endTime !== undefined && { endTime: toDate(endTime) }),
      lastUpdatedTime,
    };
    this.events.set(seed.arn, stored);
    return stored;
  }

  remove(arn: string): void {
    this.events.delete(arn);
  }

  get(arn: string): StoredHealthEvent | undefined {
    return this.events.get(arn);
  }

  get size(): number {
    return this.events.size;
  }

  describeEvents(body: Json): Json {
    const filter = (body.filter ?? {}) as Json;
    const maxResults = body.maxResults ?? 100;
    if (typeof maxResults !== 'number' || maxResults < 10 || maxResults > 100) {
      throw validationError('maxResults', maxResults, 'Member must have value between 10 and 100');
    }
    const matching = [...this.events.values()]
      .filter(
        (event) =>
          inRanges(event.lastUpdatedTime, filter.lastUpdatedTimes) &&
          inRanges(event.startTime, filter.startTimes) &&
          inList(event.service, filter.services) &&
          inList(event.eventTypeCategory, filter.eventTypeCategories) &&
          inList(event.region ?? 'us-east-1', filter.regions) &&
          inList(event.arn, filter.eventArns),
      )
      .sort(
        (a, b) => b.lastUpdatedTime.getTime() - a.lastUpdatedTime.getTime() || a.arn.localeCompare(b.arn),
      );
    const offset = body.nextToken === undefined ? 0 : decodeToken(body.nextToken);
    const page = matching.slice(offset, offset + maxResults);
    const next = offset + maxResults < matching.length ? encodeToken(offset + maxResults) : undefined;
    return { events: page.map(wireEvent), ...(next !== undefined && { nextToken: next }) };
  }

  describeEventDetails(body: Json): Json {
    const arns = body.eventArns;
    if (!Array.isArray(arns) || arns.length < 1 || arns.length > 10) {
      throw validationError(
        'eventArns',
        Array.isArray(arns) ? arns.length : arns,
        'Member must have length between 1 and 10',
      );
    }
    const successfulSet: Json[] = [];
    const failedSet: Json[] = [];
    for (const arn of arns as unknown[]) {
      const event = typeof arn === 'string' ? this.events.get(arn) : undefined;
      if (!event) {
        // The API reference does not list the error names; this one is the emulator's.
        failedSet.push({ eventArn: arn, errorName: 'EventNotFound', errorMessage: 'Event not found' });
        continue;
      }
      successfulSet.push({
        event: wireEvent(event),
        eventDescription: { latestDescription: event.description },
        eventMetadata: event.eventMetadata ?? {},
      });
    }
    return { successfulSet, failedSet };
  }
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

function decodeToken(token: unknown): number {
  if (typeof token === 'string') {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
      if (typeof parsed.offset === 'number' && parsed.offset >= 0) return parsed.offset;
    } catch (error) {
      throw new HealthApiError('InvalidPaginationToken', `Invalid pagination token: ${String(error)}`);
    }
  }
  throw new HealthApiError('InvalidPaginationToken', 'Invalid pagination token');
}
