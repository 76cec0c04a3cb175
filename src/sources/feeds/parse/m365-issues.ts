// Microsoft 365 service health issues through Microsoft Graph: one page of
// GET /admin/serviceAnnouncement/issues, `{ "value": [serviceHealthIssue…], "@odata.nextLink"? }`.
// Ids `m365-issue:<id>`; category the classification (advisory | incident), an incident is `high`;
// the body is the impact description and the latest post.
import type { Notice } from '../notice.js';
import { cleanText, titleText } from '../plain-text.js';
import { toIsoDate } from './dates.js';
import { isObject, readGraphPage, str, type JsonObject } from './json-payload.js';
import { describeGraphItem, itemBodyText, looksLikeMessages, NOT_AN_OBJECT } from './m365-shapes.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, ItemProblem, type ParseResult } from './parse-result.js';
import { wrongPayload } from './payload-shape.js';

const SERVICE_HEALTH = 'https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/';

/** The most recent post (by createdDateTime; the last one when undated). */
function latestPost(posts: unknown): JsonObject | undefined {
  if (!Array.isArray(posts)) return undefined;
  let latest: JsonObject | undefined;
  let latestAt = '';
  for (const post of posts) {
    if (!isObject(post)) continue;
    const at = toIsoDate(post.createdDateTime) ?? '';
    if (latest === undefined || at >= latestAt) {
      latest = post;
      latestAt = at;
    }
  }
  return latest;
}

function issueNotice(item: unknown): Notice {
  if (!isObject(item)) throw new ItemProblem(NOT_AN_OBJECT);
  const id = str(item, 'id');
  const title = str(item, 'title');
  const classification = str(item, 'classification');
  const impact = cleanText(str(item, 'impactDescription') ?? '');
  const post = latestPost(item.posts);
  const latest = post ? itemBodyText(post.description) : '';
  const body = cleanText([impact, latest].filter((part) => part !== '').join('\n\n'));
  return buildNotice({
    id: id ? `m365-issue:${id}` : undefined,
    provider: 'microsoft-365',
    products: [str(item, 'service')],
    title: title ? titleText(title) : undefined,
    published: toIsoDate(item.startDateTime) ?? toIsoDate(item.lastModifiedDateTime),
    updated: toIsoDate(item.lastModifiedDateTime),
    url: id && /^[A-Za-z0-9_-]+$/.test(id) ? `${SERVICE_HEALTH}${id}` : undefined,
    category: classification,
    severity: classification?.toLowerCase() === 'incident' ? 'high' : 'normal',
    body,
  });
}

export function parseM365Issues(payload: string): ParseResult {
  const { value } = readGraphPage(payload, 'm365-issues');
  if (looksLikeMessages(value)) {
    throw wrongPayload(
      'm365-issues',
      'json',
      {
        ja: 'これは Microsoft 365 メッセージセンター（serviceUpdateMessage）の一覧です',
        en: 'this is a Microsoft 365 Message Center (serviceUpdateMessage) list',
      },
      ['m365-messages'],
    );
  }
  return collectNotices(value, describeGraphItem, issueNotice);
}
