// What an alert says about the event behind it, read from the raw record of each audit source: its
// own id (for deduplication), when, who, from where, what, on which resource, with what result, and
// the account or tenant. These are the metadata the seeds ask to capture at alert time (004 §9.1.2.2).
import type { AuditSource } from '../rules/rule.js';
import { asArray, asString, pick } from '../rules/builtin/saas-records.js';
import { parameterText, reportsEvents } from '../rules/builtin/saas-records.js';

export interface AlertFields {
  readonly event_id: string | null;
  readonly event_time: string | null;
  readonly principal: string | null;
  readonly source_ip: string | null;
  readonly user_agent: string | null;
  readonly action: string | null;
  readonly resource: string | null;
  readonly result: string | null;
  /** AWS account id, Google customer id or Microsoft tenant id. */
  readonly account: string | null;
  readonly region: string | null;
}

export function alertFields(source: AuditSource, record: unknown): AlertFields {
  switch (source) {
    case 'cloudtrail':
      return cloudTrailFields(record);
    case 'google-reports':
      return reportsFields(record);
    case 'graph-directory-audits':
      return directoryAuditFields(record);
    case 'graph-signins':
      return signInFields(record);
    case 'graph-alerts':
      return securityAlertFields(record);
  }
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const first = (...values: unknown[]): string | null => {
  for (const value of values) {
    const found = text(value);
    if (found !== null) return found;
  }
  return null;
};

/** Request parameters that name the resource an AWS API call acted on, most specific first. */
const AWS_RESOURCE_PARAMETERS = [
  'bucketName',
  'trailName',
  'name',
  'keyId',
  'policyArn',
  'roleName',
  'userName',
  'groupName',
  'groupId',
  'networkAclId',
  'routeTableId',
  'internetGatewayId',
  'vpcId',
  'imageId',
  'instanceId',
  'functionName',
  'secretId',
  'configurationRecorderName',
  'deliveryChannelName',
];

function cloudTrailFields(record: unknown): AlertFields {
  const identity = pick(record, 'userIdentity');
  const eventSource = asString(pick(record, 'eventSource'));
  const eventName = asString(pick(record, 'eventName'));
  const service = eventSource?.replace(/\.amazonaws\.com$/, '');
  const errorCode = asString(pick(record, 'errorCode'));
  const parameters = pick(record, 'requestParameters');
  const resourceArn = asArray(pick(record, 'resources'))
    .map((resource) => asString(pick(resource, 'ARN')))
    .find((arn) => arn !== undefined);
  return {
    event_id: first(pick(record, 'eventID')),
    event_time: first(pick(record, 'eventTime')),
    principal: first(
      pick(identity, 'arn'),
      pick(identity, 'userName'),
      pick(identity, 'principalId'),
      pick(identity, 'invokedBy'),
    ),
    source_ip: first(pick(record, 'sourceIPAddress')),
    user_agent: first(pick(record, 'userAgent')),
    action: eventName ? (service ? `${service}:${eventName}` : eventName) : null,
    resource: first(resourceArn, ...AWS_RESOURCE_PARAMETERS.map((key) => pick(parameters, key))),
    result: errorCode ? `failure: ${errorCode}` : consoleLoginResult(record),
    account: first(pick(record, 'recipientAccountId'), pick(identity, 'accountId')),
    region: first(pick(record, 'awsRegion')),
  };
}

/** A ConsoleLogin records its outcome in responseElements, not errorCode. */
function consoleLoginResult(record: unknown): string {
  const login = asString(pick(record, 'responseElements', 'ConsoleLogin'));
  return login && login !== 'Success'
    ? `failure: ${asString(pick(record, 'errorMessage')) ?? login}`
    : 'success';
}

const REPORTS_RESOURCE_PARAMETERS = [
  'USER_EMAIL',
  'ROLE_NAME',
  'SETTING_NAME',
  'APPLICATION_NAME',
  'GROUP_EMAIL',
  'DOMAIN_NAME',
];

function reportsFields(record: unknown): AlertFields {
  const events = reportsEvents(record);
  const application = asString(pick(record, 'id', 'applicationName'));
  const names = events.map((event) => event.name).join(',');
  const resource =
    events
      .flatMap((event) => REPORTS_RESOURCE_PARAMETERS.map((name) => parameterText(event, name)))
      .find((value) => value !== undefined && value !== '') ?? null;
  return {
    event_id: first(pick(record, 'id', 'uniqueQualifier')),
    event_time: first(pick(record, 'id', 'time')),
    principal: first(pick(record, 'actor', 'email'), pick(record, 'actor', 'profileId')),
    source_ip: first(pick(record, 'ipAddress')),
    user_agent: null,
    action: names ? (application ? `${application}:${names}` : names) : null,
    resource,
    result: events.some((event) => event.name === 'login_failure') ? 'failure' : 'success',
    account: first(pick(record, 'id', 'customerId')),
    region: null,
  };
}

function directoryAuditFields(record: unknown): AlertFields {
  const user = pick(record, 'initiatedBy', 'user');
  const app = pick(record, 'initiatedBy', 'app');
  const target = asArray(pick(record, 'targetResources'))[0];
  const userAgent = asArray(pick(record, 'additionalDetails')).find(
    (detail) => asString(pick(detail, 'key'))?.toLowerCase() === 'user-agent',
  );
  const result = asString(pick(record, 'result'));
  const reason = asString(pick(record, 'resultReason'));
  return {
    event_id: first(pick(record, 'id')),
    event_time: first(pick(record, 'activityDateTime')),
    principal: first(
      pick(user, 'userPrincipalName'),
      pick(app, 'displayName'),
      pick(user, 'id'),
      pick(app, 'servicePrincipalId'),
    ),
    source_ip: first(pick(user, 'ipAddress')),
    user_agent: first(pick(userAgent, 'value')),
    action: first(pick(record, 'activityDisplayName')),
    resource: first(pick(target, 'userPrincipalName'), pick(target, 'displayName'), pick(target, 'id')),
    result: result ? (reason && result !== 'success' ? `${result}: ${reason}` : result) : null,
    account: first(pick(record, 'tenantId')),
    region: null,
  };
}

function signInFields(record: unknown): AlertFields {
  const errorCode = pick(record, 'status', 'errorCode');
  return {
    event_id: first(pick(record, 'id')),
    event_time: first(pick(record, 'createdDateTime')),
    principal: first(pick(record, 'userPrincipalName'), pick(record, 'userId')),
    source_ip: first(pick(record, 'ipAddress')),
    user_agent: first(pick(record, 'userAgent'), pick(record, 'clientAppUsed')),
    action: `sign-in${asString(pick(record, 'appDisplayName')) ? `: ${asString(pick(record, 'appDisplayName'))}` : ''}`,
    resource: first(pick(record, 'resourceDisplayName'), pick(record, 'appDisplayName')),
    result:
      typeof errorCode === 'number'
        ? errorCode === 0
          ? 'success'
          : `failure: ${errorCode}${asString(pick(record, 'status', 'failureReason')) ? ` ${asString(pick(record, 'status', 'failureReason'))}` : ''}`
        : null,
    account: first(pick(record, 'resourceTenantId'), pick(record, 'homeTenantId'), pick(record, 'tenantId')),
    region: null,
  };
}

function securityAlertFields(record: unknown): AlertFields {
  const evidenceUser = asArray(pick(record, 'evidence'))
    .map((evidence) => pick(evidence, 'userAccount', 'userPrincipalName'))
    .find((upn) => typeof upn === 'string');
  return {
    event_id: first(pick(record, 'id')),
    event_time: first(pick(record, 'createdDateTime')),
    principal: first(evidenceUser),
    source_ip: null,
    user_agent: null,
    action: first(pick(record, 'title')),
    resource: first(pick(record, 'serviceSource')),
    result: first(pick(record, 'status')),
    account: first(pick(record, 'tenantId')),
    region: null,
  };
}
