import { Duration, Stack, ArnFormat, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaFunctionTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/constants.ts';
import { MAIL_PREFIX } from '../../shared/mail/outbox.ts';
import { FUNCTION_DEFAULTS } from '../settings.ts';
import { bindTable, createServiceFunction, type TableBinding } from './lambda-function.ts';

export interface NotificationsProps {
  /** Every table (the mailer marks outbox items sent in the table that owns them). */
  tables: TableBinding[];
  /** Environment every function gets (table names are bound separately). */
  environment: Record<string, string>;
  /** The SES identity the mail is sent from: a verified domain (`example.org`) or address. */
  sesIdentity: string;
  alarmTopic: ITopic;
}

/**
 * The mail side of the transactional outbox: writes put `MAIL#…` items next to the change that owes
 * them; each table's stream feeds them to the `mailer`, which sends through SES and marks them sent.
 */
export class Notifications extends Construct {
  readonly mailer: LambdaFunction;
  readonly configurationSet: ConfigurationSet;
  readonly deadLetterQueue: Queue;
  /** Records SES's bounces and complaints: suppressed addresses, undeliverable POC contacts. */
  readonly sesEvents: LambdaFunction;
  readonly mailEventsTopic: Topic;
  readonly mailEventFailures: Queue;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Bounces and complaints land on the account's suppression list instead of being retried forever;
    // reputation metrics show a rising bounce rate before SES pauses sending.
    this.configurationSet = new ConfigurationSet(this, 'MailConfiguration', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    this.mailer = createServiceFunction(this, {
      name: 'mailer',
      description: 'Sends outbox mail from the tables\' streams through SES',
      timeout: FUNCTION_DEFAULTS.mailerTimeout,
      environment: {
        ...props.environment,
        [ENV.sesConfigurationSet]: this.configurationSet.configurationSetName,
      },
    });
    for (const binding of props.tables) bindTable(this.mailer, binding, 'readwrite');

    // SES v2 SendEmail is authorised against the sending identity and the configuration set. In the
    // SES sandbox it is also checked against each (verified) recipient identity: add those while the
    // account is in the sandbox, or move it to production access.
    this.mailer.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.sesIdentity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );

    // A stream failure destination receives the batch's shard and sequence range, not the records:
    // the outbox items themselves stay `pending` in the table and can be re-driven from there.
    this.deadLetterQueue = new Queue(this, 'MailerFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the mailer\'s stream event source mappings; a queue behind it would have no consumer.',
    });

    for (const binding of props.tables.filter((b) => b.declaration.streamsOutbox)) {
      this.mailer.addEventSource(
        new DynamoEventSource(binding.table, {
          // TRIM_HORIZON: mail written between table creation and mapping creation is still sent.
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: 10,
          // One batch per shard at a time: the mailer skips already-sent items on a retry by
          // reading them first, which is only exact while no two batches of a shard overlap.
          parallelizationFactor: 1,
          maxBatchingWindow: Duration.seconds(1),
          // The mailer reports the records it could not send; only those are retried, and a poison
          // record is isolated by bisection instead of blocking its shard.
          reportBatchItemFailures: true,
          bisectBatchOnError: true,
          retryAttempts: 10,
          // Stream records live 24 h; give up well before, while the item can still be re-driven.
          maxRecordAge: Duration.hours(6),
          onFailure: new SqsDlq(this.deadLetterQueue),
          // Only new outbox items (the key prefix shared with `shared/mail/outbox.ts`) wake the
          // mailer: the mailer's own updates (marking items sent) and TTL deletions do not.
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(MAIL_PREFIX) } } },
            }),
          ],
        }),
      );
    }

    Validations.of(this.mailer.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams (granted with stream reads) and X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
    });

    // Every few minutes the mailer also sweeps: outbox items still pending long after they were
    // written (a stream record lost, expired or parked in the DLQ) are sent then. This is also how
    // mail parked in the DLQ is re-driven: the items are still pending in their table.
    new Rule(this, 'MailSweep', {
      description: 'Re-drives outbox mail left pending',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunctionTarget(this.mailer, { event: RuleTargetInput.fromObject({ sweep: true }), retryAttempts: 2 })],
    });

    this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'MailerFailuresAlarm', {
        alarmDescription: 'Outbox mail could not be sent after all retries: the mailer\'s sweep re-drives the items still pending every 5 minutes; check its logs.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(props.alarmTopic));

    // Bounces and complaints come back through the configuration set to `ses-events`, which
    // suppresses the address for the mailer and marks a POC contact undeliverable. SES publishes
    // every bounce; the function acts on permanent ones only.
    this.mailEventsTopic = new Topic(this, 'MailEvents', { displayName: 'Open Gov Challenge SES bounces and complaints', enforceSSL: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.mailEventsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    // SNS invokes the function asynchronously: after Lambda's own retries, a failed event is kept
    // here (with its payload) for 14 days, to be replayed once the cause is fixed.
    this.mailEventFailures = new Queue(this, 'MailEventFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.mailEventFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the ses-events function; a queue behind it would have no consumer.',
    });

    this.sesEvents = createServiceFunction(this, {
      name: 'ses-events',
      description: 'Records SES bounces and complaints: suppresses the address, marks POC contacts and submitters undeliverable',
      timeout: FUNCTION_DEFAULTS.mailerTimeout,
      environment: props.environment,
    });
    // Suppressions and members live in the submissions table; the members' audit trail in the review table.
    for (const binding of props.tables) bindTable(this.sesEvents, binding, 'readwrite');
    this.sesEvents.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.mailEventFailures) });
    this.mailEventsTopic.addSubscription(new LambdaSubscription(this.sesEvents));

    this.mailEventFailures
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'MailEventFailuresAlarm', {
        alarmDescription: 'An SES bounce or complaint could not be recorded after all retries: mail may go on to that address; check the ses-events logs.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(new SnsAction(props.alarmTopic));
  }

  /**
   * Lets an admin's function lift a suppression entirely: the configuration set also puts a bounced
   * or complaining address on the account's suppression list, which only that function may clear.
   */
  grantLiftSuppression(fn: LambdaFunction): void {
    fn.addEnvironment(ENV.sesConfigurationSet, this.configurationSet.configurationSetName);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:DeleteSuppressedDestination'], resources: ['*'] }));
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ses:DeleteSuppressedDestination acts on the account\'s suppression list, which has no resource ARN; X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions either.',
    });
  }
}
