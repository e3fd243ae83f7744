/**
 * Names shared by the CDK app and the runtime. Infra sets these environment variables and
 * indexes; handlers read them. Keeping them in one module is what stops the two from drifting.
 */
export const ENV = {
  submissionsTable: 'SUBMISSIONS_TABLE',
  reviewTable: 'REVIEW_TABLE',
  mailFrom: 'MAIL_FROM',
  supportUnitEmail: 'SUPPORT_UNIT_EMAIL',
  reviewersEmail: 'REVIEWERS_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  decisionStateMachineArn: 'DECISION_STATE_MACHINE_ARN',
  reviewStateMachineArn: 'REVIEW_STATE_MACHINE_ARN',
  /** IANA zone in which a cycle's month begins and ends (manual starts; the schedule passes its own). */
  reviewTimeZone: 'REVIEW_TIME_ZONE',
  reviewDeadlineDays: 'REVIEW_DEADLINE_DAYS',
  reviewDeadlineSeconds: 'REVIEW_DEADLINE_SECONDS',
  reminderLeadSeconds: 'REMINDER_LEAD_SECONDS',
  challengeStartYear: 'CHALLENGE_START_YEAR',
  challengeEndYear: 'CHALLENGE_END_YEAR',
  jwtIssuer: 'JWT_ISSUER',
  jwtJwksUrl: 'JWT_JWKS_URL',
  jwtAudience: 'JWT_AUDIENCE',
  /**
   * Key (at least 32 characters) that signs the POCs' designation links. Locally a random key kept
   * under the data directory; on AWS a Secrets Manager secret resolved into the functions that sign
   * or check links.
   */
  designationSigningKey: 'DESIGNATION_SIGNING_KEY',
  /** Comma-separated origins allowed to call the API from a browser, or `*` for any. */
  corsAllowOrigins: 'CORS_ALLOW_ORIGINS',
  /** The bucket the open-data exports are written to (AWS), served by CloudFront at their public paths. */
  publicDataBucket: 'PUBLIC_DATA_BUCKET',
  /** The CloudFront distribution whose cached public GETs a release invalidates (AWS). */
  cdnDistributionId: 'CDN_DISTRIBUTION_ID',
  /** The directory the open-data exports are written to: set only by the local platform, which serves it. */
  publicDataDir: 'PUBLIC_DATA_DIR',
  /** Endpoint overrides: set only by the local platform. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  sesEndpoint: 'SES_ENDPOINT',
  stepFunctionsEndpoint: 'STEPFUNCTIONS_ENDPOINT',
} as const;

/** Global secondary indexes of the submissions table. */
export const INDEX = {
  /**
   * Items waiting in a queue, oldest first, by queue shard (`awaiting-review#07`): the review queue,
   * designations awaiting confirmation, stories awaiting moderation, pending mail (see shared/store/queues.ts).
   */
  byQueue: 'byQueue',
  /** Submissions collected into a review cycle, by reference. */
  byCycle: 'byCycle',
  /** Published reforms and stories for the public lists. */
  publicList: 'publicList',
} as const;

/** Item attribute names used by keys and indexes (declared once for CDK and the local platform). */
export const ATTR = {
  pk: 'pk',
  sk: 'sk',
  status: 'status',
  /** Partition key of the queue index: set while an item waits in a queue, removed when it leaves. */
  queue: 'queue',
  statusKey: 'statusKey',
  cycle: 'cycle',
  reference: 'reference',
  publicList: 'publicList',
  publicKey: 'publicKey',
  expiresAt: 'expiresAt',
} as const;

/** Staff roles, carried as Cognito groups (`cognito:groups`) in the JWT. */
export const ROLES = ['reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LIMITS = {
  maxBodyBytes: 64 * 1024,
  idempotencyTtlSeconds: 24 * 60 * 60,
} as const;

/** Request headers a browser on another origin may send (API Gateway's CORS and the local server's preflight). */
export const CORS_ALLOW_HEADERS = [
  'Content-Type',
  'Authorization',
  'Accept-Language',
  'Idempotency-Key',
  'If-Match',
  'X-Status-Token',
  'X-Designation-Signature',
  'X-Amz-Date',
  'X-Amz-Security-Token',
] as const;
