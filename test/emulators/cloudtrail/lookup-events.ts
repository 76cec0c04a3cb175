// LookupEvents as CloudTrail answers it: the raw record turned into the API's Event shape (EventTime
// in epoch seconds, the record itself as the CloudTrailEvent string), events newest first within
// StartTime..EndTime, one LookupAttribute, MaxResults 1–50 (default 50), and a NextToken that names
// the last event served so paging stays stable while new events arrive.

export interface LookupEvent {
  EventId: string;
  EventName?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  /** Epoch seconds. */
  EventTime: number;
  EventSource?: string;
  Username?: string;
  Resources: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent: string;
}

export interface LookupError {
  error: string;
  message: string;
}

const MAX_RESULTS = 50;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The Event LookupEvents returns for one raw CloudTrail record. */
export function toLookupEvent(record: unknown): LookupEvent {
  const r = (record ?? {}) as Record<string, unknown>;
  const identity = (r.userIdentity ?? {}) as Record<string, unknown>;
  const eventId = text(r.eventID);
  const time = Date.parse(text(r.eventTime) ?? '');
  if (eventId === undefined || Number.isNaN(time)) {
    throw new Error('A CloudTrail record for the emulator needs eventID and eventTime');
  }
  const arn = text(identity.arn);
  const username = text(identity.userName) ?? (arn ? arn.split('/').pop() : undefined);
  const resources = Array.isArray(r.resources) ? (r.resources as Record<string, unknown>[]) : [];
  const event: LookupEvent = {
    EventId: eventId,
    EventTime: time / 1000,
    Resources: resources.map((resource) => ({
      ...(text(resource.type) !== undefined && { ResourceType: text(resource.type)! }),
      ...(text(resource.ARN) !== undefined && { ResourceName: text(resource.ARN)! }),
    })),
    CloudTrailEvent: JSON.stringify(record),
  };
  if (text(r.eventName) !== undefined) event.EventName = text(r.eventName)!;
  if (text(r.eventSource) !== undefined) event.EventSource = text(r.eventSource)!;
  if (typeof r.readOnly === 'boolean') event.ReadOnly = String(r.readOnly);
  if (text(identity.accessKeyId) !== undefined) event.AccessKeyId = text(identity.accessKeyId)!;
  if (username !== undefined) event.Username = username;
  return event;
}

interface Cursor {
  time: number;
  id: string;
}

/** Newest first; events of the same second in a fixed order (by id) so pages never overlap. */
function newestFirst(a: LookupEvent, b: LookupEvent): number {
  return b.EventTime - a.EventTime || a.EventId.localeCompare(b.EventId);
}

function after(event: LookupEvent, cursor: Cursor): boolean {
  return event.EventTime < cursor.time || (event.EventTime === cursor.time && event.EventId > cursor.id);
}

function attributeMatches(event: LookupEvent, key: string, value: string): boolean {
  switch (key) {
    case 'EventId':
      return event.EventId === value;
    case 'EventName':
      return event.EventName === value;
    case 'EventSource':
      return event.EventSource === value;
    case 'Username':
      return event.Username === value;
    case 'ReadOnly':
      return event.ReadOnly === value;
    case 'AccessKeyId':
      return event.AccessKeyId === value;
    case 'ResourceType':
      return event.Resources.some((resource) => resource.ResourceType === value);
    case 'ResourceName':
      return event.Resources.some((resource) => resource.ResourceName === value);
    default:
      return false;
  }
}

/** One page of `events` for a LookupEvents request body. */
export function lookupPage(
  events: readonly LookupEvent[],
  body: Record<string, unknown>,
  serverPageSize?: number,
): { Events: LookupEvent[]; NextToken?: string } | LookupError {
  const start = typeof body.StartTime === 'number' ? body.StartTime : Number.NEGATIVE_INFINITY;
  const end = typeof body.EndTime === 'number' ? body.EndTime : Number.POSITIVE_INFINITY;
  if (start > end) {
    return { error: 'InvalidTimeRangeException', message: 'Start time must be before end time.' };
  }
  const max = body.MaxResults === undefined ? MAX_RESULTS : body.MaxResults;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
    return { error: 'InvalidMaxResultsException', message: 'MaxResults must be 1 to 50.' };
  }
  const attributes = Array.isArray(body.LookupAttributes)
    ? (body.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[])
    : [];
  if (attributes.length > 1) {
    return { error: 'InvalidLookupAttributesException', message: 'Only one lookup attribute is allowed.' };
  }
  let cursor: Cursor | undefined;
  if (body.NextToken !== undefined) {
    if (typeof body.NextToken !== 'string') {
      return { error: 'InvalidNextTokenException', message: 'Invalid NextToken.' };
    }
    try {
      cursor = JSON.parse(Buffer.from(body.NextToken, 'base64url').toString('utf8')) as Cursor;
    } catch {
      return { error: 'InvalidNextTokenException', message: 'Invalid NextToken.' };
    }
  }
  const matching = events
    .filter((event) => event.EventTime >= start && event.EventTime <= end)
    .filter((event) =>
      attributes.every((a) => attributeMatches(event, a.AttributeKey ?? '', a.AttributeValue ?? '')),
    )
    .filter((event) => cursor === undefined || after(event, cursor))
    .sort(newestFirst);
  const size = serverPageSize ? Math.min(max, serverPageSize) : max;
  const page = matching.slice(0, size);
  const last = page.at(-1);
  if (matching.length <= size || last === undefined) return { Events: page };
  const next: Cursor = { time: last.EventTime, id: last.EventId };
  return { Events: page, NextToken: Buffer.from(JSON.stringify(next)).toString('base64url') };
}
