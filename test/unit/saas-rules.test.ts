// The Google Workspace and Microsoft Entra / 365 rules of the seeds (002 §4.2) over records shaped
// as the Reports API and Microsoft Graph return them: each rule fires on its case and not on a
// near miss, and the alert fields (who, from where, what, on which resource) are read correctly.
import { describe, expect, it } from 'vitest';
import { alertFields } from '../../src/sources/audit/alert-fields.js';
import { entraRules } from '../../src/sources/rules/builtin/entra.js';
import { memorySeenPlaces, workspaceRules } from '../../src/sources/rules/builtin/workspace.js';
import type { CompiledRule } from '../../src/sources/rules/rule.js';

type Parameter = { name: string; value?: string; boolValue?: boolean; multiValue?: string[] };
let qualifier = 1000;
const activity = (
  applicationName: string,
  events: { type?: string; name: string; parameters?: Parameter[] }[],
  extra: { email?: string; ip?: string } = {},
) => ({
  kind: 'admin#reports#activity',
  id: {
    time: '2025-02-03T04:05:06.789Z',
    uniqueQualifier: String(qualifier++),
    applicationName,
    customerId: 'C0abc123',
  },
  etag: '"x"',
  actor: { email: extra.email ?? 'admin@city.example', profileId: '1234567890' },
  ipAddress: extra.ip ?? '198.51.100.7',
  events,
});

const fired = (rules: CompiledRule[], record: unknown): string[] =>
  rules.filter((rule) => rule.matches(record)).map((rule) => rule.id);

describe('Google Workspace rules', () => {
  const rules = workspaceRules({ superAdmins: ['boss@city.example'] });

  it('admin privilege granted: ASSIGN_ROLE and GRANT_ADMIN_PRIVILEGE, not a role removal', () => {
    const assign = activity('admin', [
      {
        type: 'DELEGATED_ADMIN_SETTINGS',
        name: 'ASSIGN_ROLE',
        parameters: [
          { name: 'ROLE_NAME', value: 'Help Desk Admin' },
          { name: 'USER_EMAIL', value: 'tanaka@city.example' },
        ],
      },
    ]);
    expect(fired(rules, assign)).toEqual(['workspace-admin-privilege-granted']);
    const grant = activity('admin', [
      {
        type: 'USER_SETTINGS',
        name: 'GRANT_ADMIN_PRIVILEGE',
        parameters: [{ name: 'USER_EMAIL', value: 'tanaka@city.example' }],
      },
    ]);
    expect(fired(rules, grant)).toEqual(['workspace-admin-privilege-granted']);
    const unassign = activity('admin', [
      {
        type: 'DELEGATED_ADMIN_SETTINGS',
        name: 'UNASSIGN_ROLE',
        parameters: [{ name: 'ROLE_NAME', value: 'Help Desk Admin' }],
      },
    ]);
    expect(fired(rules, unassign)).toEqual([]);
    expect(alertFields('google-reports', assign)).toMatchObject({
      event_id: expect.any(String),
      event_time: '2025-02-03T04:05:06.789Z',
      principal: 'admin@city.example',
      source_ip: '198.51.100.7',
      action: 'admin:ASSIGN_ROLE',
      resource: 'tanaka@city.example',
      account: 'C0abc123',
    });
  });

  it('2-step verification turned off by a user, or its enforcement relaxed by an admin', () => {
    expect(fired(rules, activity('login', [{ type: '2sv_change', name: '2sv_disable' }]))).toEqual([
      'workspace-2sv-disabled',
    ]);
    const relaxed = activity('admin', [
      {
        type: 'SECURITY_SETTINGS',
        name: 'ENFORCE_STRONG_AUTHENTICATION',
        parameters: [
          { name: 'NEW_VALUE', value: 'false' },
          { name: 'OLD_VALUE', value: 'true' },
        ],
      },
    ]);
    expect(fired(rules, relaxed)).toEqual(['workspace-2sv-disabled']);
    const enforced = activity('admin', [
      {
        type: 'SECURITY_SETTINGS',
        name: 'ENFORCE_STRONG_AUTHENTICATION',
        parameters: [{ name: 'NEW_VALUE', value: 'true' }],
      },
    ]);
    expect(fired(rules, enforced)).toEqual([]);
    expect(fired(rules, activity('login', [{ type: '2sv_change', name: '2sv_enroll' }]))).toEqual([]);
  });

  it('a super admin signing in from a new place fires once per address; others never', () => {
    const signIn = (email: string, ip: string) =>
      activity(
        'login',
        [
          {
            type: 'login',
            name: 'login_success',
            parameters: [{ name: 'login_type', value: 'google_password' }],
          },
        ],
        { email, ip },
      );
    const stateful = workspaceRules({ superAdmins: ['Boss@city.example'], seenPlaces: memorySeenPlaces() });
    expect(fired(stateful, signIn('boss@city.example', '198.51.100.7'))).toEqual([
      'workspace-super-admin-new-place',
    ]);
    expect(fired(stateful, signIn('boss@city.example', '198.51.100.7'))).toEqual([]);
    expect(fired(stateful, signIn('boss@city.example', '192.0.2.99'))).toEqual([
      'workspace-super-admin-new-place',
    ]);
    expect(fired(stateful, signIn('staff@city.example', '192.0.2.50'))).toEqual([]);
  });

  it('learns super admins from the admin activities it sees', () => {
    const stateful = workspaceRules();
    const signIn = activity('login', [{ type: 'login', name: 'login_success' }], {
      email: 'new-admin@city.example',
      ip: '192.0.2.1',
    });
    expect(fired(stateful, signIn)).toEqual([]);
    const promote = activity('admin', [
      {
        type: 'DELEGATED_ADMIN_SETTINGS',
        name: 'ASSIGN_ROLE',
        parameters: [
          { name: 'ROLE_NAME', value: '_SEED_ADMIN_ROLE' },
          { name: 'USER_EMAIL', value: 'new-admin@city.example' },
        ],
      },
    ]);
    expect(fired(stateful, promote)).toEqual(['workspace-admin-privilege-granted']);
    expect(fired(stateful, { ...signIn, ipAddress: '192.0.2.2' })).toEqual([
      'workspace-super-admin-new-place',
    ]);
  });

  it('external sharing settings changed, not other Drive settings', () => {
    const sharing = activity('admin', [
      {
        type: 'DOCS_SETTINGS',
        name: 'CHANGE_DOCS_SETTING',
        parameters: [
          { name: 'SETTING_NAME', value: 'SHARING_OUTSIDE_DOMAIN' },
          { name: 'NEW_VALUE', value: 'SHARING_ALLOWED' },
        ],
      },
    ]);
    expect(fired(rules, sharing)).toEqual(['workspace-external-sharing-changed']);
    const offline = activity('admin', [
      {
        type: 'DOCS_SETTINGS',
        name: 'CHANGE_DOCS_SETTING',
        parameters: [{ name: 'SETTING_NAME', value: 'OFFLINE_DOCS' }],
      },
    ]);
    expect(fired(rules, offline)).toEqual([]);
  });

  it('less secure apps setting changed', () => {
    const lsa = activity('admin', [
      {
        type: 'SECURITY_SETTINGS',
        name: 'WEAK_PROGRAMMATIC_LOGIN_SETTINGS_CHANGED',
        parameters: [{ name: 'NEW_VALUE', value: 'ALLOWED' }],
      },
    ]);
    expect(fired(rules, lsa)).toEqual(['workspace-less-secure-apps-changed']);
    expect(
      fired(rules, activity('admin', [{ type: 'SECURITY_SETTINGS', name: 'CHANGE_SESSION_LENGTH' }])),
    ).toEqual([]);
  });

  it('suspicious login reported by Google, not an ordinary failed login', () => {
    expect(fired(rules, activity('login', [{ type: 'login', name: 'suspicious_login' }]))).toEqual([
      'workspace-suspicious-login',
    ]);
    expect(
      fired(rules, activity('login', [{ type: 'login', name: 'suspicious_login_less_secure_app' }])),
    ).toEqual(['workspace-suspicious-login']);
    expect(
      fired(
        rules,
        activity('login', [
          { type: 'login', name: 'login_success', parameters: [{ name: 'is_suspicious', boolValue: true }] },
        ]),
      ),
    ).toEqual(['workspace-suspicious-login']);
    expect(fired(rules, activity('login', [{ type: 'login', name: 'login_failure' }]))).toEqual([]);
  });

  it('never throws on records of another shape', () => {
    for (const record of [
      null,
      42,
      'x',
      [],
      {},
      { id: null, events: 'nope' },
      {
        id: { applicationName: 'admin' },
        events: [null, { name: 5 }, { name: 'ASSIGN_ROLE', parameters: [null, 7] }],
      },
    ]) {
      for (const rule of rules) expect(typeof rule.matches(record)).toBe('boolean');
    }
  });
});

describe('Microsoft Entra / 365 rules', () => {
  const rules = entraRules();
  const directoryAudit = (activityDisplayName: string, more: Record<string, unknown> = {}) => ({
    id: `Directory_${activityDisplayName.replace(/\W/g, '')}_${qualifier++}`,
    category: 'RoleManagement',
    correlationId: '00000000-0000-0000-0000-000000000001',
    result: 'success',
    resultReason: '',
    activityDisplayName,
    activityDateTime: '2025-02-03T05:06:07.123Z',
    loggedByService: 'Core Directory',
    operationType: 'Assign',
    initiatedBy: {
      user: {
        id: 'u1',
        displayName: null,
        userPrincipalName: 'it-admin@city.example',
        ipAddress: '203.0.113.5',
      },
      app: null,
    },
    targetResources: [],
    additionalDetails: [{ key: 'User-Agent', value: 'Mozilla/5.0' }],
    ...more,
  });
  const roleAssigned = (role: string) =>
    directoryAudit('Add member to role', {
      targetResources: [
        {
          id: 'u2',
          displayName: null,
          type: 'User',
          userPrincipalName: 'suzuki@city.example',
          modifiedProperties: [
            {
              displayName: 'Role.ObjectID',
              oldValue: null,
              newValue: '"62e90394-69f5-4237-9190-012177145e10"',
            },
            { displayName: 'Role.DisplayName', oldValue: null, newValue: `"${role}"` },
          ],
        },
      ],
    });

  it('a Global Administrator role assigned; not a non-admin role, nor a failed attempt', () => {
    expect(fired(rules, roleAssigned('Global Administrator'))).toEqual(['entra-role-assigned']);
    expect(fired(rules, roleAssigned('Directory Readers'))).toEqual([]);
    expect(fired(rules, { ...roleAssigned('Global Administrator'), result: 'failure' })).toEqual([]);
    expect(alertFields('graph-directory-audits', roleAssigned('Global Administrator'))).toMatchObject({
      principal: 'it-admin@city.example',
      source_ip: '203.0.113.5',
      user_agent: 'Mozilla/5.0',
      action: 'Add member to role',
      resource: 'suzuki@city.example',
      result: 'success',
    });
  });

  it('MFA disabled for a user, by either activity; not an ordinary user update', () => {
    expect(
      fired(rules, directoryAudit('Disable Strong Authentication', { category: 'UserManagement' })),
    ).toEqual(['entra-mfa-disabled']);
    const perUser = directoryAudit('Update user', {
      category: 'UserManagement',
      targetResources: [
        {
          id: 'u3',
          type: 'User',
          userPrincipalName: 'sato@city.example',
          modifiedProperties: [
            {
              displayName: 'StrongAuthenticationRequirement',
              oldValue: '[{"RelyingParty":"*","State":1}]',
              newValue: '[]',
            },
          ],
        },
      ],
    });
    expect(fired(rules, perUser)).toEqual([]);
    const switchedOff = directoryAudit('Update user', {
      category: 'UserManagement',
      targetResources: [
        {
          id: 'u3',
          type: 'User',
          userPrincipalName: 'sato@city.example',
          modifiedProperties: [
            {
              displayName: 'StrongAuthenticationRequirement',
              oldValue: '[{"RelyingParty":"*","State":1}]',
              newValue: '[{"RelyingParty":"*","State":0}]',
            },
          ],
        },
      ],
    });
    expect(fired(rules, switchedOff)).toEqual(['entra-mfa-disabled']);
  });

  it('security defaults disabled; not enabled', () => {
    const policy = (value: string) =>
      directoryAudit('Update policy', {
        category: 'Policy',
        targetResources: [
          {
            id: 'p1',
            displayName: 'Security Defaults Policy',
            type: 'Policy',
            modifiedProperties: [
              { displayName: 'IsEnabled', oldValue: String(value !== 'true'), newValue: value },
            ],
          },
        ],
      });
    expect(fired(rules, policy('false'))).toEqual(['entra-security-defaults-disabled']);
    expect(fired(rules, policy('true'))).toEqual([]);
  });

  it('Conditional Access policy changed or deleted; not added', () => {
    expect(fired(rules, directoryAudit('Update conditional access policy', { category: 'Policy' }))).toEqual([
      'entra-conditional-access-changed',
    ]);
    expect(fired(rules, directoryAudit('Delete conditional access policy', { category: 'Policy' }))).toEqual([
      'entra-conditional-access-changed',
    ]);
    expect(fired(rules, directoryAudit('Add conditional access policy', { category: 'Policy' }))).toEqual([]);
  });

  it('consent granted to an application; not a failed consent', () => {
    const consent = directoryAudit('Consent to application', { category: 'ApplicationManagement' });
    expect(fired(rules, consent)).toEqual(['entra-app-consent-granted']);
    expect(fired(rules, { ...consent, result: 'failure' })).toEqual([]);
  });

  it('risky sign-in by risk level or state; not a low-risk one', () => {
    const signIn = (risk: Record<string, string>) => ({
      id: `signin-${qualifier++}`,
      createdDateTime: '2025-02-03T06:07:08Z',
      userPrincipalName: 'sato@city.example',
      appDisplayName: 'Office 365 Exchange Online',
      ipAddress: '192.0.2.200',
      clientAppUsed: 'Browser',
      status: { errorCode: 0, failureReason: null },
      riskLevelDuringSignIn: 'none',
      riskState: 'none',
      appliedConditionalAccessPolicies: [],
      ...risk,
    });
    const rule = rules.filter((r) => r.sources.includes('graph-signins'));
    expect(fired(rule, signIn({ riskLevelDuringSignIn: 'high' }))).toEqual(['entra-risky-sign-in']);
    expect(fired(rule, signIn({ riskState: 'confirmedCompromised' }))).toEqual(['entra-risky-sign-in']);
    expect(fired(rule, signIn({ riskLevelDuringSignIn: 'low' }))).toEqual([]);
    expect(alertFields('graph-signins', signIn({}))).toMatchObject({
      principal: 'sato@city.example',
      source_ip: '192.0.2.200',
      result: 'success',
    });
  });

  it('high-severity security alert; not a medium one', () => {
    const alert = (severity: string) => ({
      id: 'da637',
      title: 'Suspicious inbox rule',
      severity,
      serviceSource: 'microsoftDefenderForOffice365',
      status: 'new',
      createdDateTime: '2025-02-03T07:00:00Z',
      tenantId: 'tenant-1',
    });
    expect(fired(rules, alert('high'))).toEqual(['entra-high-severity-alert']);
    expect(fired(rules, alert('medium'))).toEqual([]);
    expect(alertFields('graph-alerts', alert('high'))).toMatchObject({
      action: 'Suspicious inbox rule',
      account: 'tenant-1',
    });
  });

  it('never throws on records of another shape', () => {
    for (const record of [
      null,
      3,
      [],
      { targetResources: 'x' },
      {
        activityDisplayName: 'Add member to role',
        result: 'success',
        targetResources: [null, { modifiedProperties: [7] }],
      },
    ]) {
      for (const rule of rules) expect(typeof rule.matches(record)).toBe('boolean');
    }
  });
});
