import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Infra-only settings: names and numbers that only the CDK app needs. Names shared with the runtime
 * (environment variables, indexes, function names, state names) live in `shared/` instead.
 */

export const STACK_IDS = {
  stateful: 'OpenGovChallenge-Stateful',
  stateless: 'OpenGovChallenge-Stateless',
} as const;

/** Context keys read by `infra/app.ts` (`cdk synth -c reviewTimeZone=Europe/Paris`). */
export const CONTEXT = {
  /** IANA zone of the monthly schedule: the 1st at 06:00 there. */
  reviewTimeZone: 'reviewTimeZone',
  /** Days reviewers have before undecided submissions carry over. */
  reviewDeadlineDays: 'reviewDeadlineDays',
  /** Base of the links in emails (status page, console); defaults to the site's own URL. */
  publicBaseUrl: 'publicBaseUrl',
  /** Comma-separated origins of the form front-ends and the review console; `*` when unset. */
  corsAllowOrigins: 'corsAllowOrigins',
  /** Defaults for the mail CloudFormation parameters, so `-c` can stand in for `--parameters`. */
  mailFrom: 'mailFrom',
  sesIdentity: 'sesIdentity',
  supportUnitEmail: 'supportUnitEmail',
  reviewersEmail: 'reviewersEmail',
  /** Required: the address subscribed to the operations alarm topic. */
  alarmEmail: 'alarmEmail',
  /**
   * The staff sign-in (Cognito managed login) address: `signInDomainPrefix` for
   * `https://<prefix>.auth.<region>.amazoncognito.com` (unique in the region), or
   * `signInDomainName` + `signInCertificateArn` (ACM, us-east-1) for a domain of your own.
   */
  signInDomainPrefix: 'signInDomainPrefix',
  signInDomainName: 'signInDomainName',
  signInCertificateArn: 'signInCertificateArn',
  /**
   * Optional, comma-separated CIDRs of servers that relay many people's forms from one address
   * (a partner's own form posting to the API): exempt from WAF's per-address rate limit.
   */
  trustedRelayAddresses: 'trustedRelayAddresses',
  /** Optional: the site's own domain (site, console and API), with its ACM certificate in us-east-1. */
  siteDomainName: 'siteDomainName',
  siteCertificateArn: 'siteCertificateArn',
} as const;

/**
 * Values for synthesizing without deploying: the tests and the local platform (which reads the state
 * machines out of the template). `cdk synth`/`cdk deploy` never use them: a deployment names its own.
 */
export const SYNTH_ONLY_CONTEXT: Readonly<Record<string, string>> = {
  [CONTEXT.alarmEmail]: 'alarms@synth.invalid',
  [CONTEXT.signInDomainPrefix]: 'ogc-synth-only',
};

/** The API stage; the route table already versions paths (`/v1/...`), so the stage is not a version. */
export const API_STAGE_NAME = 'prod';

/**
 * Log retention. Logs hold request metadata and IP addresses, so they are kept long enough to
 * investigate an incident reported at the end of a review cycle, and no longer.
 */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;
/** Workflow history is kept longer: a cycle plus its release can span several months. */
export const WORKFLOW_LOG_RETENTION = RetentionDays.ONE_YEAR;

export const FUNCTION_DEFAULTS = {
  memorySize: 512,
  /** API Gateway gives up after 29 s; an HTTP handler that needs longer is a bug. */
  httpTimeout: Duration.seconds(15),
  /** One page of a workflow step (collect, start decisions, release) must fit in this. */
  workflowTimeout: Duration.minutes(2),
  mailerTimeout: Duration.minutes(1),
  seedTimeout: Duration.minutes(5),
} as const;

/** Functions that page through many items or render exports get more memory (and so more CPU). */
export const LARGE_MEMORY_FUNCTIONS: ReadonlySet<string> = new Set([
  // Publication holds every published reform and both exports in memory at once.
  'review-send-summary',
  'admin-publish-public-data',
  'review-collect',
  'review-start-decisions',
  'review-release-page',
  'seed-registry',
]);
export const LARGE_MEMORY_SIZE = 1024;

/** Metadata keys the local platform reads to map synthesized resources back to their sources. */
export const METADATA = {
  function: 'ogc:function',
  stateMachine: 'ogc:state-machine',
} as const;
