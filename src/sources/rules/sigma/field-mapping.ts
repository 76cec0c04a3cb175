// Which audit source a Sigma rule's logsource reads, and how its field names find values in that
// source's raw records. One readable place for every mapping, each with why it is right; a field
// without a clear counterpart is not guessed: the rule is reported and skipped.
//
// - AWS CloudTrail: SigmaHQ's AWS rules use CloudTrail's own field names, so paths are read as written.
// - Google Workspace (SigmaHQ files these under product gcp, services google_workspace.admin/.login):
//   the rules use Google Cloud Logging / SIEM field names; a Reports API activity holds several
//   events, so the rule is evaluated against each event of the activity in turn.
// - Microsoft Entra (product azure, services auditlogs/signinlogs): the rules use Azure Monitor /
//   Log Analytics column names; mapped to Microsoft Graph directoryAudit and signIn properties.
import type { Bilingual } from '../../../core/i18n/locale.js';
import type { AuditSource } from '../rule.js';
import { splitFieldPath, visitItems, visitPath } from './field-path.js';
import {
  fromRecord,
  fromScope,
  type FieldVisitor,
  type Logsource,
  type MappedField,
  type SourceMapping,
} from './source-mapping.js';

// --- AWS CloudTrail -------------------------------------------------------------------------------

const cloudtrail: SourceMapping = {
  source: 'cloudtrail',
  label: { ja: 'AWS CloudTrail', en: 'AWS CloudTrail' },
  indexField: 'eventName',
  field(name) {
    const steps = splitFieldPath(name);
    if (!steps) {
      return { unmapped: { ja: `フィールド名「${name}」が不正です`, en: `invalid field name "${name}"` } };
    }
    return { visit: (record, _scope, visit) => visitPath(record, steps, visit) };
  },
};

// --- Google Workspace (Admin SDK Reports activities) -----------------------------------------------
// An activity: { id: { applicationName, time, … }, actor, ipAddress, events: [{ type, name,
// parameters: [{ name, value | multiValue | boolValue | intValue | multiIntValue }] }] }.

/** `admin.googleapis.com` as the rules write it, from the activity's `id.applicationName` (`admin`). */
const googleService: FieldVisitor = (record, _scope, visit) =>
  visitPath(
    record,
    ['id', 'applicationName'],
    (app) => typeof app === 'string' && visit(`${app}.googleapis.com`),
  );

/** The value of the examined event's parameter `name` (SETTING_NAME, NEW_VALUE, …). */
const eventParameter =
  (name: string): FieldVisitor =>
  (_record, scope, visit) =>
    visitPath(scope, ['parameters'], (parameters) =>
      visitItems(parameters, (parameter) => {
        if (parameter === null || typeof parameter !== 'object' || Array.isArray(parameter)) return false;
        const p = parameter as Record<string, unknown>;
        if (p['name'] !== name) return false;
        for (const key of ['value', 'multiValue', 'boolValue', 'intValue', 'multiIntValue']) {
          if (Object.hasOwn(p, key)) return visit(p[key]);
        }
        return false;
      }),
    );

const googleFields: Record<string, FieldVisitor> = {
  // Cloud Logging / SIEM names of the admin application's events (google_workspace.admin rules).
  eventService: googleService,
  eventName: fromScope('name'),
  setting_name: eventParameter('SETTING_NAME'),
  new_value: eventParameter('NEW_VALUE'),
  old_value: eventParameter('OLD_VALUE'),
  // The same events as exported to Cloud Logging (google_workspace.login rules).
  'protoPayload.serviceName': googleService,
  // Spelled so in SigmaHQ's gcp_gworkspace_suspicious_login.yml; the same field.
  'protoPayload.Servicename': googleService,
  'protoPayload.metadata.event.eventName': fromScope('name'),
  // Reports API names, for rules written against the API itself.
  'id.applicationName': fromRecord('id.applicationName'),
  'actor.email': fromRecord('actor.email'),
  ipAddress: fromRecord('ipAddress'),
};

const googleWorkspace = (application: 'admin' | 'login'): SourceMapping => ({
  source: 'google-reports',
  label: { ja: `Google Workspace（${application}）`, en: `Google Workspace (${application})` },
  scopes: (record) => {
    const events = (record as Record<string, unknown>)['events'];
    return Object.hasOwn(record, 'events') && Array.isArray(events) ? (events as unknown[]) : [];
  },
  implied: (record) => visitPath(record, ['id', 'applicationName'], (app) => app === application),
  field: (name) => {
    const visit = Object.hasOwn(googleFields, name) ? googleFields[name] : undefined;
    return visit
      ? { visit }
      : {
          unmapped: {
            ja: `フィールド「${name}」に対応する Google Reports のフィールドが明確ではありません`,
            en: `field "${name}" has no clear counterpart in Google Reports activities`,
          },
        };
  },
});

// --- Microsoft Entra (Graph /auditLogs/directoryAudits and /auditLogs/signIns) -----------------------

const resultValues = ['success', 'failure', 'timeout'];
const graphResult = (value: string): Bilingual | undefined =>
  resultValues.includes(value.toLowerCase())
    ? undefined
    : {
        ja: `値「${value}」は Graph の result（success / failure / timeout）ではありません`,
        en: `value "${value}" is not a Graph result (success / failure / timeout)`,
      };
/** Activity names are plain words; a JSON fragment was written against modifiedProperties instead. */
const activityName = (value: string): Bilingual | undefined =>
  value.includes('"')
    ? {
        ja: `値「${value}」は操作名ではなく変更内容（modifiedProperties）の JSON 断片です`,
        en: `value "${value}" is a modifiedProperties JSON fragment, not an activity name`,
      }
    : undefined;

const directoryAuditFields: Record<string, MappedField> = {
  // Log Analytics AuditLogs.OperationName and the diagnostic export's operationName are the activity.
  OperationName: { visit: fromRecord('activityDisplayName') },
  operationName: { visit: fromRecord('activityDisplayName') },
  ActivityDisplayName: { visit: fromRecord('activityDisplayName') },
  // The Entra "SecOps guide" rules name the activity properties.message.
  'properties.message': { visit: fromRecord('activityDisplayName'), checkValue: activityName },
  Category: { visit: fromRecord('category') },
  category: { visit: fromRecord('category') },
  LoggedByService: { visit: fromRecord('loggedByService') },
  Status: { visit: fromRecord('result'), checkValue: graphResult },
  'properties.result': { visit: fromRecord('result'), checkValue: graphResult },
  TargetResources: { visit: fromRecord('targetResources') },
  targetResources: { visit: fromRecord('targetResources') },
  'properties.targetResources': { visit: fromRecord('targetResources') },
  'targetResources.type': { visit: fromRecord('targetResources.type') },
  'TargetResources.modifiedProperties': { visit: fromRecord('targetResources.modifiedProperties') },
  'TargetResources.modifiedProperties.newValue': {
    visit: fromRecord('targetResources.modifiedProperties.newValue'),
  },
  'TargetResources.ModifiedProperties.NewValue': {
    visit: fromRecord('targetResources.modifiedProperties.newValue'),
  },
  'TargetResources.ModifiedProperties.DisplayName': {
    visit: fromRecord('targetResources.modifiedProperties.displayName'),
  },
};

const signInFields: Record<string, MappedField> = {
  // Log Analytics SigninLogs.ResultType is Graph status.errorCode (0 = success).
  ResultType: { visit: fromRecord('status.errorCode') },
  ResultDescription: { visit: fromRecord('status.failureReason') },
  Resultdescription: { visit: fromRecord('status.failureReason') },
  // Present in Graph's beta signIn only; on v1.0 records these fields are absent and never match.
  AuthenticationRequirement: { visit: fromRecord('authenticationRequirement') },
  userAgent: { visit: fromRecord('userAgent') },
  conditionalAccessStatus: { visit: fromRecord('conditionalAccessStatus') },
  ConditionalAccessStatus: { visit: fromRecord('conditionalAccessStatus') },
  ResourceDisplayName: { visit: fromRecord('resourceDisplayName') },
  RiskState: { visit: fromRecord('riskState') },
  ClientApp: { visit: fromRecord('clientAppUsed') },
  'DeviceDetail.trusttype': { visit: fromRecord('deviceDetail.trustType') },
  'DeviceDetail.isCompliant': { visit: fromRecord('deviceDetail.isCompliant') },
  'DeviceDetail.deviceId': { visit: fromRecord('deviceDetail.deviceId') },
};

/** Fields the Azure rules use that have no faithful Graph counterpart, and why. */
const azureUnclear: Record<string, Bilingual> = {
  Status: {
    ja: 'SigninLogs の Status は Graph の status と表現が異なり（"Success" に当たる値がない）、対応が明確ではありません',
    en: 'SigninLogs Status is shaped differently from Graph status (nothing reads "Success"); no clear mapping',
  },
  NetworkLocationDetails: {
    ja: 'Log Analytics の文字列（"[]"）と Graph の配列は比較できません',
    en: 'a Log Analytics string ("[]") cannot be compared with a Graph array',
  },
};

const graph = (
  source: AuditSource,
  label: Bilingual,
  fields: Record<string, MappedField>,
  kind: string,
): SourceMapping => ({
  source,
  label,
  field: (name) => {
    if (Object.hasOwn(fields, name)) return fields[name]!;
    const why =
      Object.hasOwn(azureUnclear, name) && source === 'graph-signins' ? azureUnclear[name] : undefined;
    return {
      unmapped: why ?? {
        ja: `フィールド「${name}」に対応する Graph ${kind} のフィールドが明確ではありません`,
        en: `field "${name}" has no clear counterpart in Graph ${kind} records`,
      },
    };
  },
});

const directoryAudits = graph(
  'graph-directory-audits',
  { ja: 'Microsoft Entra 監査ログ', en: 'Microsoft Entra audit log' },
  directoryAuditFields,
  'directoryAudit',
);
const signIns = graph(
  'graph-signins',
  { ja: 'Microsoft Entra サインインログ', en: 'Microsoft Entra sign-in log' },
  signInFields,
  'signIn',
);

// --- Logsources --------------------------------------------------------------------------------------

/** Logsources we recognise but cannot read, and why. */
const noSource: Record<string, Bilingual> = {
  'gcp/gcp.audit': { ja: 'GCP の監査ログを読むソースがありません', en: 'there is no GCP audit log source' },
  'azure/activitylogs': {
    ja: 'Azure アクティビティログ（サブスクリプションのリソース操作）を読むソースがありません',
    en: 'there is no Azure Activity Log (subscription resources) source',
  },
  'azure/riskdetection': {
    ja: 'Identity Protection のリスク検出を読むソースがありません',
    en: 'there is no Identity Protection risk detection source',
  },
  'azure/pim': {
    ja: 'PIM のログを読むソースがありません',
    en: 'there is no Privileged Identity Management source',
  },
};

export function mappingFor(logsource: Logsource): SourceMapping | { readonly unsupported: Bilingual } {
  const product = logsource.product?.toLowerCase() ?? '';
  const service = logsource.service?.toLowerCase() ?? '';
  const key = `${product}/${service}`;
  if (logsource.category !== undefined) {
    return {
      unsupported: {
        ja: `logsource の category（${logsource.category}）`,
        en: `logsource category "${logsource.category}"`,
      },
    };
  }
  if (key === 'aws/cloudtrail') return cloudtrail;
  if ((product === 'gcp' || product === 'google_workspace') && service === 'google_workspace.admin') {
    return googleWorkspace('admin');
  }
  if ((product === 'gcp' || product === 'google_workspace') && service === 'google_workspace.login') {
    return googleWorkspace('login');
  }
  if (key === 'azure/auditlogs') return directoryAudits;
  if (key === 'azure/signinlogs') return signIns;
  const why = noSource[key];
  if (why) return { unsupported: { ja: `logsource ${key}: ${why.ja}`, en: `logsource ${key}: ${why.en}` } };
  if (product === 'm365') {
    return {
      unsupported: {
        ja: `logsource ${key}: Microsoft 365 の統合監査ログ・アラート名と Graph の対応が明確ではありません`,
        en: `logsource ${key}: Microsoft 365 unified audit / alert names have no clear Graph mapping`,
      },
    };
  }
  return {
    unsupported: {
      ja: `logsource ${key} に対応する監査ソースがありません`,
      en: `no audit source reads logsource ${key}`,
    },
  };
}
