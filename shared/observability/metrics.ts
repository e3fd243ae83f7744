import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './names.ts';

/**
 * Business metrics as CloudWatch embedded metric format (EMF) lines in the function's log.
 *
 * Each count is published at once, as its own EMF document, instead of being buffered until a flush:
 * the counts come from domain code that HTTP, stream, schedule and workflow handlers all share, so
 * no handler needs a flush step and a count is never lost with an invocation that fails afterwards.
 * The volumes (one line per submission, email or decision) are far below what that costs to matter.
 *
 * Only on Lambda, where CloudWatch turns the lines into metrics: locally (the platform, tests,
 * scripts) they would only be noise. `POWERTOOLS_METRICS_DISABLED` overrides either way.
 */
function enabled(): boolean {
  const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
  if (disabled !== undefined) return disabled.toLowerCase() !== 'true';
  return process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
}

let metrics: Metrics | undefined;

function publish(name: string, value = 1, dimensions: Record<string, string> = {}): void {
  if (value <= 0 || !enabled()) return;
  metrics ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
  });
  const single = metrics.singleMetric();
  for (const [dimension, dimensionValue] of Object.entries(dimensions)) single.addDimension(dimension, dimensionValue);
  single.addMetric(name, MetricUnit.Count, value);
}

export const countSubmissionAccepted = (): void => publish(METRIC.submissionsAccepted);
/** `code`: the API error code (`validation_failed`, `too_many_requests`, …), never free text. */
export const countSubmissionRefused = (code: string): void => publish(METRIC.submissionsRefused, 1, { code });
export const countEmailsSent = (count: number): void => publish(METRIC.emailsSent, count);
/** An email given up for good (refused by SES, or unrenderable): its outbox item is marked failed. */
export const countEmailFailed = (): void => publish(METRIC.emailsFailed);
/** Recipients of one SES event whose mail bounced for good, or who complained: SES's reputation alarms watch their rates. */
export const countEmailsBounced = (count: number): void => publish(METRIC.emailsBounced, count);
export const countEmailsComplained = (count: number): void => publish(METRIC.emailsComplained, count);
export const countDecision = (): void => publish(METRIC.decisions);
export const countSubmissionsReleased = (count: number): void => publish(METRIC.submissionsReleased, count);
export const countSweeperRedrives = (count: number): void => publish(METRIC.sweeperRedrives, count);
