// AWS Health events. The payload is what the AWS Health fetcher writes and what
// `tsunagi feeds parse --kind aws-health` reads:
//
//   {
//     "events":  [ Event, … ],         // DescribeEvents `events` (all pages)
//     "details": [ EventDetails, … ]   // DescribeEventDetails `successfulSet` items:
//   }                                  //   { "event": Event, "eventDescription": { "latestDescription" }, "eventMetadata" }
//
// A raw DescribeEvents or DescribeEventDetails response (`events`, or `successfulSet`) is read too.
// Event fields: arn, service, eventTypeCode, eventTypeCategory (issue | accountNotification |
// scheduledChange | investigation), region, startTime, endTime, lastUpdatedTime, statusCode. Times are
// epoch seconds (the API's wire format) or ISO strings (the SDK's Date objects written as JSON).
//
// Notice: id `aws-health:<arn>`; products from `service` ("EC2" → "Amazon EC2"); category the event
// type category; severity issue → high, security notifications → high, others normal;
// actionRequiredBy the start of a scheduled change; published the earlier of start and last update
// (a scheduled change is announced before it starts); body the latest description.
import type { Notice, NoticeSeverity, NoticeTag } from '../notice.js';
import { cleanText } from '../plain-text.js';
import { productFromServiceCode } from './aws-product-names.js';
import { toIsoDate } from './dates.js';
import { isObject, readJsonObject, str, type JsonObject } from './json-payload.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, type ParseResult } from './parse-result.js';
import { wrongPayload } from './payload-shape.js';

const EVENT_LOG = 'https://health.aws.amazon.com/health/home#/account/event-log?eventTab=details&eventID=';

interface HealthItem {
  readonly event: JsonObject;
  readonly description?: string;
}

/** `arn:aws:health:<region>::event/<SERVICE>/<EVENT_TYPE_CODE>/<ID>` → service and code. */
function fromArn(arn: string | undefined): { service?: string; code?: string } {
  const match = arn ? /:event\/([^/]+)\/([^/]+)\//.exec(arn) : null;
  return match ? { service: match[1]!, code: match[2]! } : {};
}

/** `AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED` (service EC2) → "Instance retirement scheduled". */
function describeCode(code: string, service: string | undefined): string {
  let words = code.replace(/^AWS_/, '');
  if (service && words.startsWith(`${service.toUpperCase()}_`)) words = words.slice(service.length + 1);
  const text = words.toLowerCase().replace(/_+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function codeTags(code: string): NoticeTag[] {
  const tags: NoticeTag[] = [];
  if (/SECURITY|VULNERABILIT|CREDENTIALS_EXPOSED/.test(code)) tags.push('security');
  if (/RETIRE|DEPRECAT|END_OF_(?:LIFE|SUPPORT)|LIFECYCLE/.test(code)) tags.push('retirement');
  return tags;
}

function severityOf(category: string | undefined, code: string): NoticeSeverity {
  if (category === 'issue' || codeTags(code).includes('security')) return 'high';
  return 'normal';
}

function earliest(...dates: (string | undefined)[]): string | undefined {
  return dates.filter((d): d is string => d !== undefined).sort()[0];
}

function healthNotice({ event, description }: HealthItem): Notice {
  const arn = str(event, 'arn');
  const parsed = fromArn(arn);
  const service = str(event, 'service') ?? parsed.service;
  const code = str(event, 'eventTypeCode') ?? parsed.code ?? '';
  const category = str(event, 'eventTypeCategory');
  const region = str(event, 'region');
  const product = service ? productFromServiceCode(service) : undefined;
  const start = toIsoDate(event.startTime);
  const lastUpdated = toIsoDate(event.lastUpdatedTime);
  const what = code ? describeCode(code, service) : 'Event';
  const title = cleanText(`${product ?? 'AWS'}: ${what}${region ? ` (${region})` : ''}`, {
    singleLine: true,
  });
  return buildNotice({
    id: arn ? `aws-health:${arn}` : undefined,
    provider: 'aws',
    products: [product],
    title,
    published: earliest(start, lastUpdated),
    updated: lastUpdated,
    url: arn ? `${EVENT_LOG}${encodeURIComponent(arn)}` : undefined,
    category,
    severity: severityOf(category, code),
    actionRequiredBy: category === 'scheduledChange' ? start : undefined,
    body: cleanText(description ?? ''),
    sourceTags: codeTags(code),
    // The event type code is the source's own word on security notifications.
    ...(code ? { decidedTags: ['security'] } : {}),
  });
}

/** Events joined with their details by ARN; details without a listed event stand on their own. */
function healthItems(events: readonly unknown[], details: readonly unknown[]): HealthItem[] {
  const byArn = new Map<string, { event: JsonObject; description?: string }>();
  for (const detail of details) {
    if (!isObject(detail) || !isObject(detail.event)) continue;
    const arn = str(detail.event, 'arn');
    if (!arn) continue;
    const description = isObject(detail.eventDescription)
      ? str(detail.eventDescription, 'latestDescription')
      : undefined;
    byArn.set(arn, { event: detail.event, ...(description ? { description } : {}) });
  }
  const items: HealthItem[] = events.map((event) => {
    const object = isObject(event) ? event : {};
    const arn = str(object, 'arn');
    const detail = arn ? byArn.get(arn) : undefined;
    if (arn) byArn.delete(arn);
    // The event as listed wins; the detail's copy fills what the listing left out.
    return {
      event: { ...(detail?.event ?? {}), ...object },
      ...(detail?.description ? { description: detail.description } : {}),
    };
  });
  return [...items, ...byArn.values()];
}

export function parseAwsHealth(payload: string): ParseResult {
  const root = readJsonObject(payload, 'aws-health');
  const events = root.events;
  const details = root.details ?? root.successfulSet;
  if (!Array.isArray(events) && !Array.isArray(details)) {
    const graph = Array.isArray(root.value);
    throw wrongPayload(
      'aws-health',
      'json',
      graph
        ? { ja: 'これは Microsoft Graph の一覧です', en: 'this is a Microsoft Graph list' }
        : {
            ja: '"events" と "details" のどちらの配列もありません',
            en: 'it has neither an "events" nor a "details" array',
          },
      graph ? ['m365-messages', 'm365-issues'] : [],
    );
  }
  const items = healthItems(Array.isArray(events) ? events : [], Array.isArray(details) ? details : []);
  return collectNotices(
    items,
    (item, index) => {
      const arn = str(item.event, 'arn');
      return arn ? { index, ref: arn } : { index };
    },
    healthNotice,
  );
}
