// CIS Amazon Web Services Foundations Benchmark v1.4.0, section 4 (Monitoring): the fifteen log
// metric filters, verbatim as published (4.1–4.14 are also AWS Security Hub controls CloudWatch.1–
// CloudWatch.14, which document the same patterns), compiled with the CloudWatch semantics of
// metric-filter.ts. The seeds ask that these operations be alerted on (002 §4.1.2(4)).
import type { Bilingual } from '../../../core/i18n/locale.js';
import { compileMetricFilter, requiredValues } from '../metric-filter.js';
import type { CompiledRule, RuleSeverity } from '../rule.js';

export interface CisMetricFilter {
  readonly control: string;
  /** The Security Hub control documenting the same filter (4.15 has none). */
  readonly securityHub?: string;
  readonly pattern: string;
  readonly severity: RuleSeverity;
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly playbook?: string;
}

const BENCHMARK = 'CIS Amazon Web Services Foundations Benchmark v1.4.0';
const SECURITY_HUB_URL = 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html';
const CIS_URL = 'https://www.cisecurity.org/benchmark/amazon_web_services';

export const CIS_AWS_METRIC_FILTERS: readonly CisMetricFilter[] = [
  {
    control: '4.1',
    securityHub: 'CloudWatch.2',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    severity: 'low',
    title: { ja: '権限のない API 呼び出し', en: 'Unauthorized API call' },
    description: {
      ja: '権限がなく拒否された API 呼び出しです。アプリケーションの誤りのほか、盗まれた認証情報で何ができるかを試している可能性があります。',
      en: 'An API call was refused for lack of permission: an application error, or someone probing what stolen credentials allow.',
    },
  },
  {
    control: '4.2',
    securityHub: 'CloudWatch.3',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    severity: 'high',
    title: { ja: 'MFA なしのマネジメントコンソールへのサインイン', en: 'Console sign-in without MFA' },
    description: {
      ja: 'IAM ユーザーが多要素認証なしでマネジメントコンソールにサインインしました。',
      en: 'An IAM user signed in to the AWS Management Console without multi-factor authentication.',
    },
    playbook: 'compromised-admin-credential',
  },
  {
    control: '4.3',
    securityHub: 'CloudWatch.1',
    pattern:
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    severity: 'critical',
    title: { ja: 'ルートユーザーの使用', en: 'Root user used' },
    description: {
      ja: 'AWS アカウントのルートユーザーが操作しました。日常の作業でルートユーザーは使いません。',
      en: "The AWS account's root user acted. The root user is not for everyday work.",
    },
    playbook: 'compromised-admin-credential',
  },
  {
    control: '4.4',
    securityHub: 'CloudWatch.4',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
    severity: 'medium',
    title: { ja: 'IAM ポリシーの変更', en: 'IAM policy changed' },
    description: {
      ja: 'IAM のポリシーが作成・変更・削除、またはユーザー・グループ・ロールに付け外しされました。',
      en: 'An IAM policy was created, changed or deleted, or attached to or detached from a user, group or role.',
    },
    playbook: 'compromised-admin-credential',
  },
  {
    control: '4.5',
    securityHub: 'CloudWatch.5',
    pattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    severity: 'high',
    title: { ja: 'CloudTrail の設定変更', en: 'CloudTrail configuration changed' },
    description: {
      ja: '証跡が作成・変更・削除されたか、ログ記録が開始・停止されました。ログの停止は証拠隠滅の手口です。',
      en: 'A trail was created, updated or deleted, or logging was started or stopped. Stopping logging is how tracks are covered.',
    },
    playbook: 'collect-evidence',
  },
  {
    control: '4.6',
    securityHub: 'CloudWatch.6',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    severity: 'low',
    title: { ja: 'マネジメントコンソールの認証失敗', en: 'Console authentication failure' },
    description: {
      ja: 'マネジメントコンソールへのサインインが認証に失敗しました。続く場合はパスワード推測の可能性があります。',
      en: 'A Management Console sign-in failed authentication; repeated failures suggest password guessing.',
    },
  },
  {
    control: '4.7',
    securityHub: 'CloudWatch.7',
    pattern:
      '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}',
    severity: 'high',
    title: {
      ja: 'カスタマー管理キーの無効化・削除予約',
      en: 'Customer managed key disabled or scheduled for deletion',
    },
    description: {
      ja: 'KMS のカスタマー管理キーが無効化されたか、削除が予約されました。そのキーで暗号化したデータが読めなくなります。',
      en: 'A KMS customer managed key was disabled or scheduled for deletion; data encrypted with it becomes unreadable.',
    },
    playbook: 'contain',
  },
  {
    control: '4.8',
    securityHub: 'CloudWatch.8',
    pattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    severity: 'medium',
    title: { ja: 'S3 バケットポリシーの変更', en: 'S3 bucket policy changed' },
    description: {
      ja: 'S3 バケットの ACL・ポリシー・CORS・ライフサイクル・レプリケーションが変更されました。公開設定の誤りに注意してください。',
      en: "An S3 bucket's ACL, policy, CORS, lifecycle or replication was changed; check it did not make data public.",
    },
    playbook: 'public-storage-bucket',
  },
  {
    control: '4.9',
    securityHub: 'CloudWatch.9',
    pattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    severity: 'high',
    title: { ja: 'AWS Config の設定変更', en: 'AWS Config configuration changed' },
    description: {
      ja: 'AWS Config の記録が停止・変更されたか、配信チャネルが変更・削除されました。設定変更の履歴が残らなくなります。',
      en: 'The AWS Config recorder was stopped or changed, or its delivery channel changed or deleted: configuration history stops.',
    },
    playbook: 'collect-evidence',
  },
  {
    control: '4.10',
    securityHub: 'CloudWatch.10',
    pattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    severity: 'medium',
    title: { ja: 'セキュリティグループの変更', en: 'Security group changed' },
    description: {
      ja: 'セキュリティグループが作成・削除されたか、ルールが追加・削除されました。RDP や SSH の公開に注意してください。',
      en: 'A security group was created or deleted, or a rule added or removed; check RDP or SSH did not become reachable.',
    },
    playbook: 'exposed-remote-access',
  },
  {
    control: '4.11',
    securityHub: 'CloudWatch.11',
    pattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    severity: 'medium',
    title: { ja: 'ネットワーク ACL の変更', en: 'Network ACL changed' },
    description: {
      ja: 'ネットワーク ACL やそのエントリ、関連付けが変更されました。',
      en: 'A network ACL, one of its entries or its association was changed.',
    },
    playbook: 'exposed-remote-access',
  },
  {
    control: '4.12',
    securityHub: 'CloudWatch.12',
    pattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    severity: 'medium',
    title: { ja: 'ネットワークゲートウェイの変更', en: 'Network gateway changed' },
    description: {
      ja: 'インターネットゲートウェイやカスタマーゲートウェイが作成・削除・付け外しされました。',
      en: 'An internet or customer gateway was created, deleted, attached or detached.',
    },
    playbook: 'exposed-remote-access',
  },
  {
    control: '4.13',
    securityHub: 'CloudWatch.13',
    pattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    severity: 'medium',
    title: { ja: 'ルートテーブルの変更', en: 'Route table changed' },
    description: {
      ja: 'ルートテーブルやルート、その関連付けが変更されました。通信経路が変わります。',
      en: 'A route table, a route or an association changed: traffic may now take another path.',
    },
  },
  {
    control: '4.14',
    securityHub: 'CloudWatch.14',
    pattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    severity: 'medium',
    title: { ja: 'VPC の変更', en: 'VPC changed' },
    description: {
      ja: 'VPC の作成・削除・属性変更、または VPC ピアリングや ClassicLink が変更されました。',
      en: 'A VPC was created, deleted or modified, or a peering connection or ClassicLink changed.',
    },
  },
  {
    control: '4.15',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    severity: 'high',
    title: { ja: 'AWS Organizations の変更', en: 'AWS Organizations changed' },
    description: {
      ja: '組織・OU・アカウント・ポリシー（SCP など）が変更されました。管理アカウントでの変更は全アカウントに及びます。',
      en: 'The organization, an OU, an account or a policy (such as an SCP) changed; a change in the management account reaches every account.',
    },
  },
];

/** The fifteen `cis-aws-4.x` rules, compiled once (with an eventName index where the pattern pins it). */
export function cisAwsRules(): CompiledRule[] {
  return CIS_AWS_METRIC_FILTERS.map((filter) => cisRule(filter));
}

function cisRule(filter: CisMetricFilter): CompiledRule {
  const eventNames = requiredValues(filter.pattern, 'eventName');
  return {
    id: `cis-aws-${filter.control}`,
    title: filter.title,
    description: filter.description,
    severity: filter.severity,
    sources: ['cloudtrail'],
    references: [
      { title: `${BENCHMARK}, ${filter.control}`, url: CIS_URL },
      ...(filter.securityHub
        ? [
            {
              title: `AWS Security Hub ${filter.securityHub}`,
              url: `${SECURITY_HUB_URL}#${filter.securityHub.toLowerCase().replace('.', '-')}`,
            },
          ]
        : []),
    ],
    origin: { kind: 'builtin' },
    ...(filter.playbook ? { playbook: filter.playbook } : {}),
    // Lets the rule set run this rule only for the event names it can match.
    ...(eventNames ? { index: { field: 'eventName', values: eventNames } } : {}),
    matches: compileMetricFilter(filter.pattern),
  };
}
