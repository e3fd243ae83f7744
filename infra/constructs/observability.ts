import { Duration, Stack, type CfnResource } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_DIMENSION, SERVICE_NAME } from '../../shared/observability/names.ts';
import { chunks } from '../../shared/review/concurrency.ts';
import { METADATA } from '../settings.ts';

export interface ObservabilityProps {
  alarmTopic: ITopic;
  restApi: RestApi;
  /** The function fed by the tables' streams: its iterator age says mail is falling behind. */
  mailer: LambdaFunction;
  stateMachines: readonly StateMachine[];
}

const PERIOD = Duration.minutes(5);
/** CloudWatch allows at most 10 metrics in an alarm's metric math expression. */
const METRICS_PER_ALARM = 10;
/** SES puts an account under review at a 5 % bounce rate and a 0.1 % complaint rate. */
const SES_BOUNCE_RATE_REVIEW = 0.05;
const SES_COMPLAINT_RATE_REVIEW = 0.001;
/** Stream records live 24 h and the mailer gives up on a batch at 6 h: alarm long before. */
const MAILER_ITERATOR_AGE_ALARM = Duration.minutes(15);

/** Alarms get the metrics without labels (a label turns the alarm into a metric-math query). */
function applicationMetric(metricName: string, label?: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME },
    statistic: 'Sum',
    period: PERIOD,
    ...(label ? { label } : {}),
  });
}

/**
 * The per-period sum of one metric over a group of functions, missing data counted as zero. Metric
 * ids carry the group number: a graph of several groups needs them distinct.
 */
function sumOver(group: readonly LambdaFunction[], metricOf: (fn: LambdaFunction) => IMetric, groupIndex: number, label: string): MathExpression {
  const usingMetrics = Object.fromEntries(group.map((fn, index) => [`g${groupIndex}m${index}`, metricOf(fn)]));
  return new MathExpression({
    expression: `SUM([${Object.keys(usingMetrics).map((name) => `FILL(${name}, 0)`).join(', ')}])`,
    usingMetrics,
    label: `${label}, group ${groupIndex + 1}`,
    period: PERIOD,
  });
}

/** The project's own functions (tagged by `createServiceFunction`), not CDK's helper functions. */
function serviceFunctions(root: IConstruct): LambdaFunction[] {
  return root.node
    .findAll()
    .filter((construct): construct is LambdaFunction => construct instanceof LambdaFunction)
    .filter((fn) => (fn.node.defaultChild as CfnResource | undefined)?.getMetadata(METADATA.function) !== undefined);
}

/**
 * Alarms and the one operations dashboard. Everything alarms to the operations topic (`alarmEmail`).
 * The failure queues and failed executions already have alarms where they are defined
 * (notifications, review workflow); the dashboard shows those next to these.
 *
 * Create it last in the stack: it watches every service function, failure queue and alarm that
 * exists when it is built.
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly alarmAction: SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmAction = new SnsAction(props.alarmTopic);
    const stack = Stack.of(this);
    const functions = serviceFunctions(stack);
    const failureQueues = stack.node.findAll().filter((construct): construct is Queue => construct instanceof Queue);

    this.alarm('ApiServerErrors', props.restApi.metricServerError({ period: PERIOD, statistic: 'Sum' }), {
      description: 'The API answered with a 5XX: an unhandled error (logged with its request id) or a function timeout.',
      threshold: 1,
    });

    // One alarm per group of functions (the alarm names them all), instead of two per function.
    const functionGroups = chunks(functions, METRICS_PER_ALARM);
    const errorsByGroup = functionGroups.map((group, index) => sumOver(group, (fn) => fn.metricErrors({ period: PERIOD }), index, 'Errors'));
    const throttlesByGroup = functionGroups.map((group, index) => sumOver(group, (fn) => fn.metricThrottles({ period: PERIOD }), index, 'Throttles'));
    functionGroups.forEach((group, index) => {
      const names = group.map((fn) => (fn.node.defaultChild as CfnResource).getMetadata(METADATA.function)).join(', ');
      this.alarm(`LambdaErrors${index + 1}`, errorsByGroup[index]!, {
        description: `A function failed (an invocation error or timeout) in: ${names}. Its log group says which and why.`,
        threshold: 1,
      });
      this.alarm(`LambdaThrottles${index + 1}`, throttlesByGroup[index]!, {
        description: `Lambda throttled invocations of: ${names}. Raise the account's concurrency or reserve some for the function.`,
        threshold: 5,
      });
    });

    const iteratorAge = props.mailer.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD });
    this.alarm('MailerIteratorAge', iteratorAge, {
      description: 'Outbox mail is waiting on the tables\' streams: the mailer is failing or falling behind. Its logs say why.',
      threshold: MAILER_ITERATOR_AGE_ALARM.toMilliseconds(),
      evaluationPeriods: 2,
    });

    const emailsFailed = applicationMetric(METRIC.emailsFailed);
    this.alarm('EmailsFailed', emailsFailed, {
      description: 'SES refused an email for good: its outbox item is marked failed with the reason (the mailer\'s log has it too).',
      threshold: 1,
    });

    const bounceRate = new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) });
    const complaintRate = new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1) });
    this.alarm('SesBounceRate', bounceRate, {
      description: 'The account\'s SES bounce rate reached 5 %, where SES reviews the account (and pauses sending at 10 %).',
      threshold: SES_BOUNCE_RATE_REVIEW,
    });
    this.alarm('SesComplaintRate', complaintRate, {
      description: 'The account\'s SES complaint rate reached 0.1 %, where SES reviews the account (and pauses sending at 0.5 %).',
      threshold: SES_COMPLAINT_RATE_REVIEW,
    });

    const everyAlarm = stack.node.findAll().filter((construct): construct is Alarm => construct instanceof Alarm);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-operations`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: everyAlarm, width: 24 }));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API answers',
        left: [
          props.restApi.metricCount({ period: PERIOD, statistic: 'Sum', label: 'Requests' }),
          props.restApi.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4XX' }),
          props.restApi.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5XX' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [
          props.restApi.metricLatency({ period: PERIOD, statistic: 'p50', label: 'p50' }),
          props.restApi.metricLatency({ period: PERIOD, statistic: 'p99', label: 'p99' }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: errorsByGroup, width: 12 }),
      new GraphWidget({ title: 'Function throttles', left: throttlesByGroup, width: 12 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Submissions',
        left: [
          applicationMetric(METRIC.submissionsAccepted, 'Accepted'),
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},${SERVICE_DIMENSION},code} MetricName="${METRIC.submissionsRefused}"', 'Sum', ${PERIOD.toSeconds()})`,
            label: 'Refused:',
            period: PERIOD,
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Review',
        left: [applicationMetric(METRIC.decisions, 'Decisions'), applicationMetric(METRIC.submissionsReleased, 'Submissions released')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Mail',
        left: [
          applicationMetric(METRIC.emailsSent, 'Emails sent'),
          emailsFailed.with({ label: 'Emails failed' }),
          applicationMetric(METRIC.sweeperRedrives, 'Re-driven by the sweep'),
          // Their rates, over everything the account sends, are what SES judges: the SesBounceRate
          // and SesComplaintRate alarms watch those; these counts show which spike was ours.
          applicationMetric(METRIC.emailsBounced, 'Bounced for good'),
          applicationMetric(METRIC.emailsComplained, 'Marked as spam'),
        ],
        width: 8,
      }),
      new GraphWidget({ title: 'Mailer stream iterator age (ms)', left: [iteratorAge], width: 8 }),
      new GraphWidget({
        title: 'Failure queues (messages)',
        left: failureQueues.map((queue) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: queue.node.id }),
        ),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'SES reputation', left: [bounceRate.with({ label: 'Bounce rate' }), complaintRate.with({ label: 'Complaint rate' })], width: 12 }),
      new GraphWidget({
        title: 'Workflow executions failed, timed out or aborted',
        left: props.stateMachines.flatMap((machine) => [
          machine.metricFailed({ period: PERIOD, statistic: 'Sum', label: `${machine.node.id} failed` }),
          machine.metricTimedOut({ period: PERIOD, statistic: 'Sum', label: `${machine.node.id} timed out` }),
          machine.metricAborted({ period: PERIOD, statistic: 'Sum', label: `${machine.node.id} aborted` }),
        ]),
        width: 12,
      }),
    );
  }

  private alarm(id: string, metric: IMetric, options: { description: string; threshold: number; evaluationPeriods?: number }): Alarm {
    const alarm = new Alarm(this, `${id}Alarm`, {
      metric,
      alarmDescription: options.description,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.alarmAction);
    this.alarms.push(alarm);
    return alarm;
  }
}
