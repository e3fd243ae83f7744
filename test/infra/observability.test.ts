import { beforeAll, describe, expect, it } from 'vitest';
import { METADATA } from '../../infra/settings.ts';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/names.ts';
import { resourcesOfType, synthesizeApp, SYNTH_TIMEOUT_MS, type Resources } from './synthesized.ts';

let alarms: Resources;
let dashboards: Resources;
let functionIds: string[];
let topicId: string | undefined;
let template: ReturnType<typeof synthesizeApp>['statelessTemplate'];

beforeAll(() => {
  template = synthesizeApp().statelessTemplate;
  alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
  dashboards = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
  functionIds = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))
    .filter(([, resource]) => resource.Metadata?.[METADATA.function])
    .map(([logicalId]) => logicalId);
  [topicId] = Object.keys(resourcesOfType(template, 'AWS::SNS::Topic'));
}, SYNTH_TIMEOUT_MS);

/** The alarm whose logical id starts with `Observability<id>Alarm`. */
function alarm(id: string): any {
  const match = Object.entries(alarms).find(([logicalId]) => logicalId.startsWith(`Observability${id}Alarm`));
  if (!match) throw new Error(`No alarm ${id}`);
  return match[1].Properties;
}

/** Logical ids of the functions a metric-math alarm sums over. */
function functionsSummedBy(properties: any): string[] {
  return properties.Metrics.filter((query: any) => query.MetricStat)
    .map((query: any) => query.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'FunctionName').Value.Ref);
}

describe('alarms', () => {
  it('all go to the operations topic', () => {
    expect(topicId).toBeDefined();
    for (const [logicalId, { Properties }] of Object.entries(alarms)) {
      expect(Properties.AlarmActions, logicalId).toEqual([{ Ref: topicId }]);
    }
  });

  it('watch API 5XX answers', () => {
    const api = alarm('ApiServerErrors');
    expect(api).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Statistic: 'Sum', Threshold: 1 });
  });

  it('watch errors and throttles of every service function, each function in exactly one group of at most 10', () => {
    for (const kind of ['Errors', 'Throttles']) {
      const groups = Object.entries(alarms)
        .filter(([logicalId]) => new RegExp(`^ObservabilityLambda${kind}\\d+Alarm`).test(logicalId))
        .map(([, { Properties }]) => Properties);
      const summed = groups.flatMap(functionsSummedBy);
      expect(summed.sort(), kind).toEqual([...functionIds].sort());
      for (const group of groups) {
        expect(functionsSummedBy(group).length).toBeLessThanOrEqual(10);
        const metricNames = group.Metrics.filter((query: any) => query.MetricStat).map((query: any) => query.MetricStat.Metric.MetricName);
        expect(new Set(metricNames)).toEqual(new Set([kind]));
        expect(group.Metrics.find((query: any) => query.Expression).Expression).toMatch(/^SUM\(\[FILL\(/);
      }
    }
  });

  it('watch the mailer stream iterator age, failed emails and the SES reputation', () => {
    expect(alarm('MailerIteratorAge')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'IteratorAge', Statistic: 'Maximum', Threshold: 15 * 60_000 });
    expect(alarm('EmailsFailed')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.emailsFailed,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Threshold: 1,
    });
    expect(alarm('SesBounceRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05 });
    expect(alarm('SesComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.001 });
  });

  it('watch the failure queues and failed executions of both state machines', () => {
    const byMetric = (namespace: string, metricName: string) =>
      Object.values(alarms).filter(({ Properties }) => Properties.Namespace === namespace && Properties.MetricName === metricName);
    expect(byMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible').length).toBe(Object.keys(resourcesOfType(template, 'AWS::SQS::Queue')).length);
    const failedExecutions = byMetric('AWS/States', 'ExecutionsFailed').map(({ Properties }) => Properties.Dimensions[0].Value.Ref);
    expect(failedExecutions.sort()).toEqual(Object.keys(resourcesOfType(template, 'AWS::StepFunctions::StateMachine')).sort());
  });
});

describe('dashboard', () => {
  it('is one, showing every alarm and the application metrics', () => {
    expect(Object.keys(dashboards)).toHaveLength(1);
    const body = JSON.stringify(Object.values(dashboards)[0]!.Properties.DashboardBody);
    for (const logicalId of Object.keys(alarms)) expect(body, logicalId).toContain(logicalId);
    for (const metricName of Object.values(METRIC)) expect(body, metricName).toContain(metricName);
    for (const metricName of ['IteratorAge', 'Reputation.BounceRate', 'Reputation.ComplaintRate', 'ExecutionsFailed', '5XXError']) {
      expect(body, metricName).toContain(metricName);
    }
  });
});

describe('functions and workflows', () => {
  it('configure Powertools with one service name and metrics namespace', () => {
    for (const [logicalId, { Properties }] of Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))) {
      if (!functionIds.includes(logicalId)) continue;
      expect(Properties.Environment.Variables, logicalId).toMatchObject({
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
  });

  it('log state machines to log groups under /aws/vendedlogs/states/', () => {
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    const machines = Object.values(resourcesOfType(template, 'AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBe(2);
    for (const machine of machines) {
      const [destination] = machine.Properties.LoggingConfiguration.Destinations;
      const logGroupId = destination.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      expect(logGroups[logGroupId]?.Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\/\S+$/);
      expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });
});
