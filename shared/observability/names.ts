/**
 * Names shared by the code that emits telemetry and the infrastructure that watches it (alarms,
 * dashboard), so the two cannot drift apart.
 */
export const SERVICE_NAME = 'open-gov-challenge';
export const METRICS_NAMESPACE = 'OpenGovChallenge';

export const METRIC = {
  submissionsAccepted: 'SubmissionsAccepted',
  /** With the dimension `code`: the API error code the submission was refused with. */
  submissionsRefused: 'SubmissionsRefused',
  emailsSent: 'EmailsSent',
  emailsFailed: 'EmailsFailed',
  /** Recipients SES reported as a permanent bounce (their address is suppressed from then on). */
  emailsBounced: 'EmailsBounced',
  /** Recipients who marked an email as spam (their address is suppressed from then on). */
  emailsComplained: 'EmailsComplained',
  decisions: 'Decisions',
  submissionsReleased: 'SubmissionsReleased',
  sweeperRedrives: 'SweeperRedrives',
} as const;

/** Powertools adds this dimension to every metric, with the service name as its value. */
export const SERVICE_DIMENSION = 'service';
