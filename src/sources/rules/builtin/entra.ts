// Microsoft Entra ID / Microsoft 365 rules over Microsoft Graph records (directoryAudit, signIn,
// alert_v2), for the SaaS controls of the seeds (002 §4.2): a privileged role such as Global
// Administrator assigned, MFA or security defaults disabled, a Conditional Access policy changed or
// deleted, consent granted to an application, a risky sign-in, a high-severity security alert.
import type { CompiledRule, AuditSource, RuleReference, RuleSeverity } from '../rule.js';
import type { Bilingual } from '../../../core/i18n/locale.js';
import { asString, modifiedProperties, neverThrows, pick, targetNames } from './saas-records.js';

const LEARN = 'https://learn.microsoft.com';
const AUDIT_ACTIVITIES: RuleReference = {
  title: 'Microsoft Entra audit log activity reference',
  url: `${LEARN}/entra/identity/monitoring-health/reference-audit-activities`,
};

const activity = (record: unknown): string => asString(pick(record, 'activityDisplayName')) ?? '';
const succeeded = (record: unknown): boolean => asString(pick(record, 'result'))?.toLowerCase() === 'success';

export function entraRules(): CompiledRule[] {
  return [
    rule({
      id: 'entra-role-assigned',
      source: 'graph-directory-audits',
      severity: 'high',
      title: { ja: 'Entra ID の管理者ロールの割り当て', en: 'Entra ID admin role assigned' },
      description: {
        ja: 'ユーザーやサービスプリンシパルに管理者ロール（全体管理者など）が割り当てられました。',
        en: 'An administrator role (such as Global Administrator) was assigned to a user or service principal.',
      },
      references: [AUDIT_ACTIVITIES],
      playbook: 'compromised-admin-credential',
      matches: (record) => {
        const name = activity(record);
        if (!name.startsWith('Add member to role') && !name.startsWith('Add eligible member to role'))
          return false;
        if (!succeeded(record)) return false;
        const roleNames = modifiedProperties(record)
          .filter((property) => property.displayName === 'Role.DisplayName')
          .map((property) => property.newValue);
        return [...roleNames, ...targetNames(record)].some((role) => /administrator/i.test(role));
      },
    }),
    rule({
      id: 'entra-mfa-disabled',
      source: 'graph-directory-audits',
      severity: 'high',
      title: { ja: 'Entra ID の多要素認証の無効化', en: 'Entra ID multi-factor authentication disabled' },
      description: {
        ja: 'ユーザーの多要素認証（ユーザーごとの MFA）が無効にされました。',
        en: "A user's multi-factor authentication (per-user MFA) was turned off.",
      },
      references: [AUDIT_ACTIVITIES],
      playbook: 'compromised-admin-credential',
      matches: (record) => {
        if (!succeeded(record)) return false;
        const name = activity(record);
        if (name === 'Disable Strong Authentication') return true;
        // Per-user MFA switched off shows as "Update user" with the requirement's State set to 0.
        return (
          name === 'Update user' &&
          modifiedProperties(record).some(
            (property) =>
              property.displayName === 'StrongAuthenticationRequirement' &&
              /"State"\s*:\s*0/.test(property.newValue.replace(/\\"/g, '"')),
          )
        );
      },
    }),
    rule({
      id: 'entra-security-defaults-disabled',
      source: 'graph-directory-audits',
      severity: 'high',
      title: { ja: 'Entra ID のセキュリティの既定値の無効化', en: 'Entra ID security defaults disabled' },
      description: {
        ja: 'テナントのセキュリティの既定値（全員への MFA 要求など）が無効にされました。',
        en: "The tenant's security defaults (MFA for everyone and more) were turned off.",
      },
      references: [AUDIT_ACTIVITIES],
      playbook: 'compromised-admin-credential',
      // Approximated: the activity or its target names security defaults, and an "enabled" property
      // (when present) became false.
      matches: (record) => {
        if (!succeeded(record)) return false;
        const mentions = [activity(record), ...targetNames(record)].some((text) =>
          /security defaults/i.test(text),
        );
        if (!mentions) return false;
        const enabled = modifiedProperties(record).filter((property) =>
          /enabled/i.test(property.displayName),
        );
        if (enabled.length === 0) return /disable/i.test(activity(record));
        return enabled.some((property) => /false/i.test(property.newValue));
      },
    }),
    rule({
      id: 'entra-conditional-access-changed',
      source: 'graph-directory-audits',
      severity: 'high',
      title: {
        ja: '条件付きアクセスポリシーの変更・削除',
        en: 'Conditional Access policy changed or deleted',
      },
      description: {
        ja: '条件付きアクセスポリシーが変更または削除されました。サインインの保護が弱まった可能性があります。',
        en: 'A Conditional Access policy was changed or deleted; sign-in protection may be weaker.',
      },
      references: [
        AUDIT_ACTIVITIES,
        {
          title: 'Troubleshoot Conditional Access policy changes',
          url: `${LEARN}/entra/identity/conditional-access/troubleshoot-policy-changes-audit-log`,
        },
      ],
      matches: (record) =>
        succeeded(record) &&
        ['Update conditional access policy', 'Delete conditional access policy'].includes(activity(record)),
    }),
    rule({
      id: 'entra-app-consent-granted',
      source: 'graph-directory-audits',
      severity: 'medium',
      title: { ja: 'アプリケーションへの同意', en: 'Consent granted to an application' },
      description: {
        ja: 'アプリケーションに組織のデータへのアクセスが同意されました。不正な同意付与（コンセントフィッシング）に注意してください。',
        en: "An application was granted consent to the organisation's data; beware of illicit consent grants.",
      },
      references: [AUDIT_ACTIVITIES],
      matches: (record) => succeeded(record) && activity(record) === 'Consent to application',
    }),
    rule({
      id: 'entra-risky-sign-in',
      source: 'graph-signins',
      severity: 'high',
      title: { ja: 'リスクのあるサインイン', en: 'Risky sign-in' },
      description: {
        ja: 'サインイン時のリスクが高・中と評価されたか、ユーザーが危険・侵害確認済みとされました。',
        en: 'A sign-in was rated high or medium risk, or the user was marked at risk or confirmed compromised.',
      },
      references: [{ title: 'Microsoft Graph signIn resource', url: `${LEARN}/graph/api/resources/signin` }],
      playbook: 'compromised-admin-credential',
      matches: (record) =>
        ['high', 'medium'].includes(asString(pick(record, 'riskLevelDuringSignIn')) ?? '') ||
        ['atRisk', 'confirmedCompromised'].includes(asString(pick(record, 'riskState')) ?? ''),
    }),
    rule({
      id: 'entra-high-severity-alert',
      source: 'graph-alerts',
      severity: 'high',
      title: { ja: '重大度「高」のセキュリティアラート', en: 'High-severity security alert' },
      description: {
        ja: 'Microsoft 365 / Defender が重大度「高」のセキュリティアラートを出しました。',
        en: 'Microsoft 365 / Defender raised a high-severity security alert.',
      },
      references: [
        {
          title: 'Microsoft Graph alert (alerts_v2) resource',
          url: `${LEARN}/graph/api/resources/security-alert`,
        },
      ],
      matches: (record) => asString(pick(record, 'severity')) === 'high',
    }),
  ];
}

function rule(spec: {
  id: string;
  source: AuditSource;
  severity: RuleSeverity;
  title: Bilingual;
  description: Bilingual;
  references: RuleReference[];
  playbook?: string;
  matches: (record: unknown) => boolean;
}): CompiledRule {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    severity: spec.severity,
    sources: [spec.source],
    references: spec.references,
    origin: { kind: 'builtin' },
    ...(spec.playbook ? { playbook: spec.playbook } : {}),
    matches: neverThrows(spec.matches),
  };
}
