// Google Workspace rules over Admin SDK Reports activities (admin and login applications), for the
// SaaS controls of the seeds (002 §4.2): admin privilege granted, 2-step verification turned off,
// a super admin signing in from a new place, external sharing or less-secure-app settings changed,
// and a suspicious login reported by Google. Event names are those of the Reports API reference.
import type { CompiledRule, RuleReference, RuleSeverity } from '../rule.js';
import type { Bilingual } from '../../../core/i18n/locale.js';
import {
  asString,
  neverThrows,
  parameterText,
  pick,
  reportsApplication,
  reportsEvents,
} from './saas-records.js';

const REPORTS = 'https://developers.google.com/workspace/admin/reports/v1/appendix/activity';
const ref = (title: string, page: string): RuleReference => ({ title, url: `${REPORTS}/${page}` });

/** Where a super admin has signed in from before; the poller persists it, replay keeps it in memory. */
export interface SeenPlaces {
  /** True when `ip` was already seen for `principal`; records it either way. */
  seenBefore(principal: string, ip: string): boolean;
}

export function memorySeenPlaces(): SeenPlaces {
  const places = new Map<string, Set<string>>();
  return {
    seenBefore(principal, ip) {
      const known = places.get(principal) ?? new Set<string>();
      places.set(principal, known);
      if (known.has(ip)) return true;
      known.add(ip);
      return false;
    },
  };
}

export interface WorkspaceRuleOptions {
  /** Super admin addresses known from configuration; more are learnt from admin activities seen. */
  readonly superAdmins?: Iterable<string>;
  readonly seenPlaces?: SeenPlaces;
}

/** The Reports name of the built-in super admin role. */
const SUPER_ADMIN_ROLE = '_SEED_ADMIN_ROLE';

export function workspaceRules(options: WorkspaceRuleOptions = {}): CompiledRule[] {
  const superAdmins = new Set([...(options.superAdmins ?? [])].map((email) => email.toLowerCase()));
  const seenPlaces = options.seenPlaces ?? memorySeenPlaces();
  return [
    rule({
      id: 'workspace-admin-privilege-granted',
      severity: 'high',
      title: { ja: 'Google Workspace の管理者権限の付与', en: 'Google Workspace admin privilege granted' },
      description: {
        ja: 'ユーザーに管理者ロールまたは特権管理者の権限が付与されました。',
        en: 'A user was given an admin role or super admin privileges.',
      },
      references: [
        ref('Admin SDK Reports: Delegated Admin and User Settings events', 'admin-delegatedadmin-settings'),
      ],
      playbook: 'compromised-admin-credential',
      matches: (record) =>
        reportsApplication(record) === 'admin' &&
        reportsEvents(record).some((event) =>
          [
            'ASSIGN_ROLE',
            'GRANT_ADMIN_PRIVILEGE',
            'GRANT_DELEGATED_ADMIN_PRIVILEGES',
            'ADD_PRIVILEGE',
          ].includes(event.name),
        ),
    }),
    rule({
      id: 'workspace-2sv-disabled',
      severity: 'high',
      title: {
        ja: '2 段階認証プロセスの無効化・強制の緩和',
        en: '2-step verification turned off or enforcement relaxed',
      },
      description: {
        ja: 'ユーザーが 2 段階認証プロセスを無効にしたか、管理者が 2 段階認証プロセスの強制または許可を解除しました。',
        en: 'A user turned 2-step verification off, or an admin stopped enforcing or allowing it.',
      },
      references: [
        ref(
          'Admin SDK Reports: Security Settings events (ENFORCE_STRONG_AUTHENTICATION)',
          'admin-security-settings',
        ),
        ref('Admin SDK Reports: Login events (2sv_disable)', 'login'),
      ],
      playbook: 'compromised-admin-credential',
      matches: (record) => {
        const application = reportsApplication(record);
        return reportsEvents(record).some(
          (event) =>
            ((application === 'login' || application === 'user_accounts') && event.name === '2sv_disable') ||
            (application === 'admin' &&
              (event.name === 'ENFORCE_STRONG_AUTHENTICATION' ||
                event.name === 'ALLOW_STRONG_AUTHENTICATION') &&
              parameterText(event, 'NEW_VALUE')?.toLowerCase() === 'false'),
        );
      },
    }),
    rule({
      id: 'workspace-super-admin-new-place',
      severity: 'high',
      title: { ja: '特権管理者の新しい場所からのログイン', en: 'Super admin signed in from a new place' },
      description: {
        ja: '特権管理者が、これまでその管理者について記録のない IP アドレスからログインしました（最初のログインも「新しい場所」として通知します）。',
        en: 'A super admin signed in from an IP address not seen for that admin before (the first sign-in seen counts as new).',
      },
      references: [ref('Admin SDK Reports: Login events (login_success)', 'login')],
      playbook: 'compromised-admin-credential',
      matches: (record) => {
        const application = reportsApplication(record);
        const events = reportsEvents(record);
        if (application === 'admin') learnSuperAdmins(events, superAdmins);
        if (application !== 'login' || !events.some((event) => event.name === 'login_success')) return false;
        const email = asString(pick(record, 'actor', 'email'))?.toLowerCase();
        const ip = asString(pick(record, 'ipAddress'));
        if (!email || !ip || !superAdmins.has(email)) return false;
        return !seenPlaces.seenBefore(email, ip);
      },
    }),
    rule({
      id: 'workspace-external-sharing-changed',
      severity: 'medium',
      title: { ja: 'ドライブの外部共有設定の変更', en: 'Drive external sharing settings changed' },
      description: {
        ja: 'ドライブとドキュメントの共有・公開に関する設定（組織外との共有など）が変更されました。',
        en: 'A Drive and Docs sharing or publishing setting (such as sharing outside the organization) was changed.',
      },
      references: [
        ref('Admin SDK Reports: Drive Settings events (CHANGE_DOCS_SETTING)', 'admin-docs-settings'),
      ],
      playbook: 'unintended-file-sharing',
      matches: (record) =>
        reportsApplication(record) === 'admin' &&
        reportsEvents(record).some(
          (event) =>
            event.name === 'CHANGE_DOCS_SETTING' &&
            /SHARING|PUBLISH/i.test(parameterText(event, 'SETTING_NAME') ?? ''),
        ),
    }),
    rule({
      id: 'workspace-less-secure-apps-changed',
      severity: 'medium',
      title: { ja: '安全性の低いアプリの設定変更', en: 'Less secure apps setting changed' },
      description: {
        ja: '安全性の低いアプリ（パスワードだけで接続するアプリ）のアクセス設定が変更されました。',
        en: 'The access setting for less secure apps (apps that sign in with a password alone) was changed.',
      },
      references: [
        ref(
          'Admin SDK Reports: Security Settings events (WEAK_PROGRAMMATIC_LOGIN_SETTINGS_CHANGED)',
          'admin-security-settings',
        ),
      ],
      matches: (record) =>
        reportsApplication(record) === 'admin' &&
        reportsEvents(record).some((event) => event.name === 'WEAK_PROGRAMMATIC_LOGIN_SETTINGS_CHANGED'),
    }),
    rule({
      id: 'workspace-suspicious-login',
      severity: 'high',
      title: { ja: 'Google が検知した不審なログイン', en: 'Suspicious login reported by Google' },
      description: {
        ja: 'Google が不審と判断したログイン、または政府の支援を受けた攻撃者の警告が記録されました。',
        en: 'Google flagged a sign-in as suspicious, or warned of a government-backed attack.',
      },
      references: [ref('Admin SDK Reports: Login events (suspicious_login, …)', 'login')],
      playbook: 'compromised-admin-credential',
      matches: (record) =>
        reportsApplication(record) === 'login' &&
        reportsEvents(record).some(
          (event) =>
            SUSPICIOUS_LOGIN_EVENTS.has(event.name) ||
            (event.name === 'login_success' && event.parameters.get('is_suspicious') === true),
        ),
    }),
  ];
}

const SUSPICIOUS_LOGIN_EVENTS = new Set([
  'suspicious_login',
  'suspicious_login_less_secure_app',
  'suspicious_programmatic_login',
  'gov_attack_warning',
]);

function learnSuperAdmins(events: ReturnType<typeof reportsEvents>, superAdmins: Set<string>): void {
  for (const event of events) {
    const email = parameterText(event, 'USER_EMAIL')?.toLowerCase();
    if (!email) continue;
    if (event.name === 'GRANT_ADMIN_PRIVILEGE') superAdmins.add(email);
    if (event.name === 'REVOKE_ADMIN_PRIVILEGE') superAdmins.delete(email);
    if (event.name === 'ASSIGN_ROLE' && parameterText(event, 'ROLE_NAME') === SUPER_ADMIN_ROLE)
      superAdmins.add(email);
  }
}

function rule(spec: {
  id: string;
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
    sources: ['google-reports'],
    references: spec.references,
    origin: { kind: 'builtin' },
    ...(spec.playbook ? { playbook: spec.playbook } : {}),
    matches: neverThrows(spec.matches),
  };
}
