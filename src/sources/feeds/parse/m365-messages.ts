// Microsoft 365 Message Center through Microsoft Graph: one page of
// GET /admin/serviceAnnouncement/messages, `{ "value": [serviceUpdateMessage…], "@odata.nextLink"? }`.
// The fetcher follows nextLink and hands each page here. Ids `m365:<MC id>`; the message's own
// `isMajorChange` decides "major", its `Retirement` tag marks a retirement.
import type { Notice, NoticeSeverity, NoticeTag } from '../notice.js';
import { titleText } from '../plain-text.js';
import { toIsoDate } from './dates.js';
import { isObject, readGraphPage, str, strings } from './json-payload.js';
import { describeGraphItem, itemBodyText, looksLikeIssues, NOT_AN_OBJECT } from './m365-shapes.js';
import { buildNotice } from './notice-builder.js';
import { collectNotices, ItemProblem, type ParseResult } from './parse-result.js';
import { wrongPayload } from './payload-shape.js';

const MESSAGE_CENTER = 'https://admin.microsoft.com/Adminportal/Home#/MessageCenter/:/messages/';

const SEVERITIES: Readonly<Record<string, NoticeSeverity>> = {
  normal: 'normal',
  high: 'high',
  critical: 'critical',
};

function messageNotice(item: unknown): Notice {
  if (!isObject(item)) throw new ItemProblem(NOT_AN_OBJECT);
  const id = str(item, 'id');
  const title = str(item, 'title');
  const tags = strings(item, 'tags').map((t) => t.toLowerCase());
  const sourceTags: NoticeTag[] = [];
  if (item.isMajorChange === true) sourceTags.push('major');
  if (tags.includes('retirement')) sourceTags.push('retirement');
  return buildNotice({
    id: id ? `m365:${id}` : undefined,
    provider: 'microsoft-365',
    products: strings(item, 'services'),
    title: title ? titleText(title) : undefined,
    published: toIsoDate(item.startDateTime) ?? toIsoDate(item.lastModifiedDateTime),
    updated: toIsoDate(item.lastModifiedDateTime),
    url: id && /^[A-Za-z0-9_-]+$/.test(id) ? `${MESSAGE_CENTER}${id}` : undefined,
    category: str(item, 'category'),
    severity: SEVERITIES[str(item, 'severity')?.toLowerCase() ?? ''] ?? 'normal',
    actionRequiredBy: toIsoDate(item.actionRequiredByDateTime),
    body: itemBodyText(item.body),
    sourceTags,
    ...(typeof item.isMajorChange === 'boolean' ? { decidedTags: ['major'] } : {}),
  });
}

export function parseM365Messages(payload: string): ParseResult {
  const { value } = readGraphPage(payload, 'm365-messages');
  if (looksLikeIssues(value)) {
    throw wrongPayload(
      'm365-messages',
      'json',
      {
        ja: 'これは Microsoft 365 のサービス正常性の問題（serviceHealthIssue）の一覧です',
        en: 'this is a Microsoft 365 service health issue (serviceHealthIssue) list',
      },
      ['m365-issues'],
    );
  }
  return collectNotices(value, describeGraphItem, messageNotice);
}
