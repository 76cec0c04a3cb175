// Checks tsunagi.yaml `notices` beyond what the schema can say: each source has what its kind needs
// (a feed URL, or none for the API kinds), an interval Tsunagi can keep, a unique id that
// `/notices subscribe` can name, and the digest a time of day and somewhere to go.
import type { Bilingual } from '../i18n/locale.js';
import { assertTimeZone } from '../text/datetime.js';
import { parseDuration } from '../text/duration.js';
import type { NoticeSourceKind } from '../../sources/feeds/notice.js';
import type { RawConfig } from './config-schema.js';
import type { ReferenceProblem } from './check-references.js';

/** Kinds read from a feed URL; the others are APIs (AWS Health, Microsoft Graph) reached with credentials. */
export const FEED_SOURCE_KINDS: ReadonlySet<NoticeSourceKind> = new Set([
  'rss',
  'atom',
  'aws-whats-new',
  'gcp-release-notes',
  'workspace-updates',
  'azure-updates',
]);

/** Polling more often than this gains nothing from providers that publish a few times a day. */
export const MIN_POLL_INTERVAL_MS = 60_000;

const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)$/u;

/** Hours and minutes of an `HH:MM` time of day, or undefined when it is not one. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = TIME_OF_DAY.exec(text.trim());
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
}

/** The interval in milliseconds, or a message saying what to write instead. */
export function pollInterval(every: string): number | Bilingual {
  const ms = parseDuration(every);
  if (ms === undefined) {
    return {
      ja: `「${every}」は期間として読めません。ISO 8601 の期間で書いてください（例: PT15M は15分、PT1H は1時間）`,
      en: `"${every}" is not a duration; write an ISO 8601 duration (for example PT15M for 15 minutes, PT1H for an hour)`,
    };
  }
  if (ms < MIN_POLL_INTERVAL_MS) {
    return {
      ja: `間隔「${every}」は短すぎます。1分（PT1M）以上にしてください`,
      en: `the interval "${every}" is too short; use at least one minute (PT1M)`,
    };
  }
  return ms;
}

export function checkNoticeSources(config: RawConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const { notices } = config;

  if (notices.timezone !== undefined) {
    try {
      assertTimeZone(notices.timezone);
    } catch {
      problems.push({
        path: ['notices', 'timezone'],
        message: {
          ja: `タイムゾーン「${notices.timezone}」は不明です（例: Asia/Tokyo）`,
          en: `unknown time zone "${notices.timezone}" (for example: Asia/Tokyo)`,
        },
      });
    }
  }

  if (notices.digest) {
    if (!parseTimeOfDay(notices.digest.at)) {
      problems.push({
        path: ['notices', 'digest', 'at'],
        message: {
          ja: `「${notices.digest.at}」は時刻ではありません。24時間表記の HH:MM で書いてください（例: '09:00'）`,
          en: `"${notices.digest.at}" is not a time of day; write HH:MM, 24-hour (for example '09:00')`,
        },
      });
    }
    if (Object.values(notices.digest.channels).every((channel) => !channel)) {
      problems.push({
        path: ['notices', 'digest', 'channels'],
        message: {
          ja: 'ダイジェストの送り先がありません。channels に slack、teams、console のいずれかのチャンネルを書いてください',
          en: 'the digest has nowhere to go; name a channel under channels for slack, teams or console',
        },
      });
    }
  }

  const seen = new Set<string>();
  notices.sources.forEach((source, i) => {
    const at = (field: string): (string | number)[] => ['notices', 'sources', i, field];
    if (seen.has(source.id)) {
      problems.push({
        path: at('id'),
        message: {
          ja: `情報源のID「${source.id}」が重複しています。/notices subscribe で指定できるよう、1つずつ別のIDにしてください`,
          en: `duplicate source id "${source.id}"; give each source its own id, so /notices subscribe can name it`,
        },
      });
    }
    seen.add(source.id);

    const interval = pollInterval(source.every);
    if (typeof interval !== 'number') problems.push({ path: at('every'), message: interval });

    if (FEED_SOURCE_KINDS.has(source.kind)) {
      if (source.url === undefined) {
        problems.push({
          path: ['notices', 'sources', i],
          message: {
            ja: `kind: ${source.kind} にはフィードの url が必要です（例: url: https://aws.amazon.com/about-aws/whats-new/recent/feed/）`,
            en: `kind: ${source.kind} needs the feed's url (for example url: https://aws.amazon.com/about-aws/whats-new/recent/feed/)`,
          },
        });
      } else if (!isHttpUrl(source.url)) {
        problems.push({
          path: at('url'),
          message: {
            ja: `「${source.url}」は http:// または https:// で始まる URL にしてください`,
            en: `"${source.url}" must be an http:// or https:// URL`,
          },
        });
      }
    } else if (source.url !== undefined) {
      problems.push({
        path: at('url'),
        message: {
          ja: `kind: ${source.kind} は API から読むため url は使いません。削除してください（接続先は環境変数で変更できます）`,
          en: `kind: ${source.kind} is read from an API, so url is not used; remove it (the endpoint is set by environment variables)`,
        },
      });
    }
    if (source.region !== undefined && source.kind !== 'aws-health') {
      problems.push({
        path: at('region'),
        message: {
          ja: `region は kind: aws-health のときだけ使います`,
          en: `region is used only with kind: aws-health`,
        },
      });
    }
  });
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
