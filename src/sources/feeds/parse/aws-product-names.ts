// AWS names its products differently in each place: What's New categories use slugs
// (`general:products/amazon-cloudfront`), AWS Health uses service codes (`CLOUDFRONT`). Operators
// configure products by their marketing names ("Amazon CloudFront", tsunagi.yaml `services[].products`),
// so both are turned into those names where a readable form can be derived, and kept raw otherwise.

/** Words whose spelling is not simply capitalised. */
const WORDS: Readonly<Record<string, string>> = {
  ai: 'AI',
  api: 'API',
  apis: 'APIs',
  appsync: 'AppSync',
  cli: 'CLI',
  cloudformation: 'CloudFormation',
  cloudfront: 'CloudFront',
  cloudhsm: 'CloudHSM',
  cloudtrail: 'CloudTrail',
  cloudwatch: 'CloudWatch',
  codebuild: 'CodeBuild',
  codecommit: 'CodeCommit',
  codedeploy: 'CodeDeploy',
  codepipeline: 'CodePipeline',
  dms: 'DMS',
  documentdb: 'DocumentDB',
  dynamodb: 'DynamoDB',
  ebs: 'EBS',
  ec2: 'EC2',
  ecr: 'ECR',
  ecs: 'ECS',
  efs: 'EFS',
  eks: 'EKS',
  elasticache: 'ElastiCache',
  elb: 'ELB',
  emr: 'EMR',
  eventbridge: 'EventBridge',
  fsx: 'FSx',
  guardduty: 'GuardDuty',
  iam: 'IAM',
  iot: 'IoT',
  kms: 'KMS',
  memorydb: 'MemoryDB',
  ml: 'ML',
  mq: 'MQ',
  msk: 'MSK',
  opensearch: 'OpenSearch',
  quicksight: 'QuickSight',
  rds: 'RDS',
  s3: 'S3',
  sagemaker: 'SageMaker',
  sdk: 'SDK',
  ses: 'SES',
  sns: 'SNS',
  sqs: 'SQS',
  vpc: 'VPC',
  vpn: 'VPN',
  waf: 'WAF',
  workspaces: 'WorkSpaces',
  // Small words stay lower case inside a name ("AWS Identity and Access Management").
  and: 'and',
  for: 'for',
  of: 'of',
  on: 'on',
  with: 'with',
};

/**
 * `amazon-ec2-auto-scaling` → "Amazon EC2 Auto Scaling". A slug that is not plain lower-case words
 * joined by hyphens (`aws-sdk-for-.net`) is returned unchanged: guessing would mislead more than help.
 */
export function productFromSlug(slug: string): string {
  let name = readable.get(slug);
  if (name === undefined) {
    name = readableSlug(slug);
    // AWS has a few hundred products; the cache stays small and saves work on every poll.
    if (readable.size < 2000) readable.set(slug, name);
  }
  return name;
}

const readable = new Map<string, string>();

function readableSlug(slug: string): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) return slug;
  return slug
    .split('-')
    .map((word, i) => {
      if (word === 'aws') return 'AWS';
      const known = WORDS[word];
      if (known !== undefined && (i > 0 || known !== known.toLowerCase())) return known;
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
}

/** AWS Health `service` codes of the products operators configure most; others stay as given. */
const SERVICE_CODES: Readonly<Record<string, string>> = {
  ACM: 'AWS Certificate Manager',
  APIGATEWAY: 'Amazon API Gateway',
  AUTOSCALING: 'Amazon EC2 Auto Scaling',
  CLOUDFRONT: 'Amazon CloudFront',
  CLOUDTRAIL: 'AWS CloudTrail',
  CLOUDWATCH: 'Amazon CloudWatch',
  DIRECTCONNECT: 'AWS Direct Connect',
  DYNAMODB: 'Amazon DynamoDB',
  EBS: 'Amazon EBS',
  EC2: 'Amazon EC2',
  ECS: 'Amazon ECS',
  EKS: 'Amazon EKS',
  ELASTICACHE: 'Amazon ElastiCache',
  ELASTICBEANSTALK: 'AWS Elastic Beanstalk',
  ELASTICLOADBALANCING: 'Elastic Load Balancing',
  GUARDDUTY: 'Amazon GuardDuty',
  IAM: 'AWS Identity and Access Management',
  KMS: 'AWS Key Management Service',
  LAMBDA: 'AWS Lambda',
  RDS: 'Amazon RDS',
  ROUTE53: 'Amazon Route 53',
  S3: 'Amazon S3',
  SES: 'Amazon SES',
  SNS: 'Amazon SNS',
  SQS: 'Amazon SQS',
  VPC: 'Amazon VPC',
  VPN: 'AWS Site-to-Site VPN',
  WAF: 'AWS WAF',
};

export function productFromServiceCode(code: string): string {
  return SERVICE_CODES[code.toUpperCase()] ?? code;
}
