// Severity levels with their written definitions. The wording follows how Japanese public-sector
// incident plans grade events: impact on residents' services and on personal or confidential data.
import type { Bilingual } from '../i18n/locale.js';

export const SEVERITIES = [1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityDefinition {
  readonly level: Severity;
  readonly label: Bilingual;
  readonly definition: Bilingual;
  /** How often stakeholders expect a status update while the incident is open. */
  readonly updateEveryMs: number;
}

export const SEVERITY_DEFINITIONS: Record<Severity, SeverityDefinition> = {
  1: {
    level: 1,
    label: { ja: 'SEV1（緊急）', en: 'SEV1 (critical)' },
    definition: {
      ja: '住民向けサービスが全面的に停止している、または個人情報・機密情報の漏えいが確認された（強く疑われる）状態。全関係者を直ちに招集し、30分ごとに状況を報告する。',
      en: 'Resident-facing services are down, or a leak of personal or confidential data is confirmed or strongly suspected. Convene every party now; report every 30 minutes.',
    },
    updateEveryMs: 30 * 60_000,
  },
  2: {
    level: 2,
    label: { ja: 'SEV2（重大）', en: 'SEV2 (major)' },
    definition: {
      ja: '重要な業務・サービスの一部停止や著しい性能低下、または不正アクセスや管理者権限の不正使用が疑われる状態。1時間ごとに状況を報告する。',
      en: 'An important service is partly down or badly degraded, or unauthorised access or misuse of administrator rights is suspected. Report every hour.',
    },
    updateEveryMs: 60 * 60_000,
  },
  3: {
    level: 3,
    label: { ja: 'SEV3（中）', en: 'SEV3 (minor)' },
    definition: {
      ja: '影響が限定的（一部の利用者のみ、または回避策あり）な障害、もしくは不審な事象を調査中の状態。4時間ごとに状況を報告する。',
      en: 'Limited impact (some users only, or a workaround exists), or a suspicious event under investigation. Report every 4 hours.',
    },
    updateEveryMs: 4 * 60 * 60_000,
  },
  4: {
    level: 4,
    label: { ja: 'SEV4（低）', en: 'SEV4 (low)' },
    definition: {
      ja: '利用者への影響はない。設定不備や脆弱性の発見など、計画的に対処すべき事象。1日ごとに状況を報告する。',
      en: 'No impact on users: a settings mistake or vulnerability found, to be handled as planned work. Report daily.',
    },
    updateEveryMs: 24 * 60 * 60_000,
  },
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'number' && (SEVERITIES as readonly number[]).includes(value);
}

export const DEFAULT_SEVERITY: Severity = 3;
