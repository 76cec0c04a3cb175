// Arguments shared by the /notices subcommands, and the notices service (present whenever the
// bot's storage is open).
import { NotFoundError } from '../../src/core/errors.js';
import type { NoticeService } from '../../src/core/notices/notice-service.js';
import { NOTICE_SEVERITIES, NOTICE_TAGS } from '../../src/sources/feeds/notice.js';
import * as types from '../../src/router/arg-types.js';
import { positional } from '../../src/router/command-spec.js';
import type { CommandContext } from '../../src/router/context.js';

export function noticesOf(ctx: CommandContext): NoticeService {
  const notices = ctx.core.notices;
  if (!notices) {
    throw new NotFoundError({
      ja: 'このボットでは通知の機能が有効になっていません（保存先が開かれていません）。',
      en: 'Notices are not available in this bot (its storage is not open).',
    });
  }
  return notices;
}

export const noticeIdArg = positional(types.text, {
  required: true,
  help: {
    ja: '通知のID（例: m365:MC123456。カード・/notices recent に表示。MC123456 のように末尾だけでも可）',
    en: 'Notice id (e.g. m365:MC123456, shown on the card and in /notices recent; its last part, like MC123456, will do)',
  },
});

export const severityType = types.choice('severity', NOTICE_SEVERITIES, {
  info: 'low',
  informational: 'low',
  低: 'low',
  medium: 'normal',
  通常: 'normal',
  中: 'normal',
  高: 'high',
  緊急: 'critical',
});

export const tagType = types.choice('tag', NOTICE_TAGS, {
  'major-change': 'major',
  大きな変更: 'major',
  重要: 'major',
  default: 'default-change',
  defaults: 'default-change',
  'default-setting': 'default-change',
  既定値: 'default-change',
  既定: 'default-change',
  retire: 'retirement',
  deprecation: 'retirement',
  deprecated: 'retirement',
  提供終了: 'retirement',
  廃止: 'retirement',
  sec: 'security',
  'security-bulletin': 'security',
  セキュリティ: 'security',
});

export const TRIAGE_CHOICES = ['not-relevant', 'review-settings', 'open-change'] as const;
export type TriageChoice = (typeof TRIAGE_CHOICES)[number];

export const triageType = types.choice('action', TRIAGE_CHOICES, {
  not_relevant: 'not-relevant',
  irrelevant: 'not-relevant',
  関係なし: 'not-relevant',
  対象外: 'not-relevant',
  review_settings: 'review-settings',
  review: 'review-settings',
  設定見直し: 'review-settings',
  open_change: 'open-change',
  change: 'open-change',
  変更協議: 'open-change',
});
