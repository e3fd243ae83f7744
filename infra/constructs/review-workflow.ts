import { Duration, Stack, TimeZone, Validations, type CfnElement, type CfnResource } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  Parallel,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/constants.ts';
import { CYCLE_ALREADY_OPEN, DECISION_TASK_CLOSED, REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';
import { FUNCTION_DEFAULTS, METADATA, WORKFLOW_LOG_RETENTION } from '../settings.ts';
import { bindTable, createServiceFunction, type TableBinding } from './lambda-function.ts';

/** How the release branch ends the DecideAndRelease Parallel once the cycle is released (not a failure). */
const RELEASE_DONE = 'ReleaseDone';

/** A synchronous Lambda step never legitimately runs longer than its function's timeout. */
const LAMBDA_TASK_TIMEOUT = Timeout.duration(FUNCTION_DEFAULTS.workflowTimeout.plus(Duration.minutes(1)));

export interface ReviewWorkflowProps {
  tables: TableBinding[];
  /** Environment every function gets (table names are bound separately). */
  environment: Record<string, string>;
  /** IANA zone of the monthly schedule (`reviewTimeZone` context, default UTC). */
  reviewTimeZone: string;
  alarmTopic: ITopic;
}

/**
 * The monthly review as two Standard state machines, exactly as `shared/review/workflow.ts`
 * describes them. JSONPath only (the CDK default; no JSONata, no `Assign`) because the local
 * platform runs these very definitions in an interpreter that supports neither. State names are
 * the construct ids, so the local runner can find and override states by name.
 */
export class ReviewWorkflow extends Construct {
  readonly functions = new Map<string, LambdaFunction>();
  readonly reviewCycle: StateMachine;
  readonly reviewDecision: StateMachine;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ReviewWorkflowProps) {
    super(scope, id);

    for (const name of Object.values(REVIEW_FUNCTIONS)) {
      const fn = createServiceFunction(this, {
        name,
        timeout: FUNCTION_DEFAULTS.workflowTimeout,
        environment: props.environment,
      });
      for (const binding of props.tables) bindTable(fn, binding, 'readwrite');
      this.functions.set(name, fn);
    }

    this.reviewDecision = this.stateMachine(
      'ReviewDecision',
      'One submission\'s decision: waits for a reviewer until the cycle deadline, then carries it over.',
      this.reviewDecisionDefinition(new Construct(this, 'ReviewDecisionStates')),
      [REVIEW_FUNCTIONS.awaitDecision, REVIEW_FUNCTIONS.carryOver],
    );

    const startDecisions = this.fn(REVIEW_FUNCTIONS.startDecisions);
    this.reviewDecision.grantStartExecution(startDecisions);
    startDecisions.addEnvironment(ENV.decisionStateMachineArn, this.reviewDecision.stateMachineArn);

    this.reviewCycle = this.stateMachine(
      'ReviewCycle',
      'The monthly review of one cycle: collect and screen, open decisions, remind, release, report.',
      this.reviewCycleDefinition(new Construct(this, 'ReviewCycleStates')),
      Object.values(REVIEW_FUNCTIONS).filter((name) => name !== REVIEW_FUNCTIONS.awaitDecision && name !== REVIEW_FUNCTIONS.carryOver),
    );

    // Task tokens are not tied to a state machine ARN, so callback actions cannot be scoped to one.
    // The release closes still-open decision tasks; the two waiting steps end their own task when
    // the work is already gone (a withdrawn submission, a cycle another run has signed off).
    for (const name of [REVIEW_FUNCTIONS.releasePage, REVIEW_FUNCTIONS.awaitDecision, REVIEW_FUNCTIONS.awaitRelease]) {
      this.grantTaskCallbacks(this.fn(name));
    }

    const scheduleFailures = new Queue(this, 'ScheduleFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(scheduleFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the monthly schedule\'s target; a queue behind it would have no consumer.',
    });
    this.schedule = this.monthlySchedule(props.reviewTimeZone, scheduleFailures);
    this.addAlarms(props.alarmTopic, scheduleFailures);
  }

  /** The HTTP functions that start or resume a cycle's run (`POST /v1/review/cycles`, `…/resume`). */
  grantStartCycle(fn: LambdaFunction): void {
    this.reviewCycle.grantStartExecution(fn);
    this.grantDescribeRuns(fn);
  }

  /** Functions that read where a cycle's run stands (DescribeExecution of its runs, by name). */
  grantDescribeRuns(fn: LambdaFunction): void {
    this.reviewCycle.grantExecution(fn, 'states:DescribeExecution');
    fn.addEnvironment(ENV.reviewStateMachineArn, this.reviewCycle.stateMachineArn);
    // The execution ARN pattern as cdk-nag prints it: the machine's name is cut from its ARN.
    const machine = Stack.of(this).getLogicalId(this.reviewCycle.node.defaultChild as CfnElement);
    Validations.of(fn.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}:*]`,
      reason: 'DescribeExecution on the executions of the ReviewCycle state machine only (`execution:<machine>:*`): run names are chosen at run time.',
    });
  }

  /** Functions that answer callback tasks: record-decision, release-cycle, review-release-page. */
  grantTaskCallbacks(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: ['*'],
      }),
    );
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat act on a task token and support no resource-level permissions; X-Ray tracing actions have none either.',
    });
  }

  private fn(name: string): LambdaFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`No review function ${name}`);
    return fn;
  }

  /**
   * A page step (collect, start decisions, release): idempotent, so a transient failure (a
   * throttled or conflicting write that outlived the SDK's own retries) is retried a few times
   * with backoff rather than failing the cycle halfway.
   */
  private invokePage(scope: Construct, stateName: string, functionName: string, options: { payload?: TaskInput; resultPath?: string }): LambdaInvoke {
    const task = this.invoke(scope, stateName, functionName, options);
    task.addRetry({ errors: [Errors.TASKS_FAILED], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 3, jitterStrategy: JitterType.FULL });
    return task;
  }

  /** A plain Lambda step: the function's return value is the state's result; the payload is the given input. */
  private invoke(scope: Construct, stateName: string, functionName: string, options: { payload?: TaskInput; resultPath?: string }): LambdaInvoke {
    const task = new LambdaInvoke(scope, stateName, {
      lambdaFunction: this.fn(functionName),
      // The local interpreter passes the function's return value through as is; with
      // payloadResponseOnly AWS does the same (no `Payload` envelope), so both runtimes agree.
      payloadResponseOnly: true,
      ...(options.payload ? { payload: options.payload } : {}),
      ...(options.resultPath ? { resultPath: options.resultPath } : {}),
      taskTimeout: LAMBDA_TASK_TIMEOUT,
    });
    return withThrottlingRetry(task);
  }

  /** A callback step: the function stores the token; the state's output is what SendTaskSuccess sends. */
  private awaitCallback(
    scope: Construct,
    stateName: string,
    functionName: string,
    options: { payload: TaskInput; timeoutSecondsPath: string; resultPath: string },
  ): LambdaInvoke {
    const task = new LambdaInvoke(scope, stateName, {
      lambdaFunction: this.fn(functionName),
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: options.payload,
      // Every wait has a timeout taken from the state, and every caller catches States.Timeout.
      taskTimeout: Timeout.at(options.timeoutSecondsPath),
      resultPath: options.resultPath,
    });
    return withThrottlingRetry(task);
  }

  /**
   * ReviewDecision, input DecisionTaskInput `{ cycle, reference, timeoutSeconds }`:
   * AwaitDecision ─ok→ Decided; ─States.Timeout→ CarryOver → CarriedOver; ─DecisionTaskClosed→ ClosedAtRelease.
   */
  private reviewDecisionDefinition(scope: Construct): IChainable {
    const awaitDecision = this.awaitCallback(scope, 'AwaitDecision', REVIEW_FUNCTIONS.awaitDecision, {
      payload: TaskInput.fromObject({
        cycle: JsonPath.stringAt('$.cycle'),
        reference: JsonPath.stringAt('$.reference'),
        taskToken: JsonPath.taskToken,
      }),
      timeoutSecondsPath: '$.timeoutSeconds',
      resultPath: '$.decision',
    });
    const carryOver = this.invoke(scope, 'CarryOver', REVIEW_FUNCTIONS.carryOver, {
      payload: TaskInput.fromObject({ cycle: JsonPath.stringAt('$.cycle'), reference: JsonPath.stringAt('$.reference') }),
      resultPath: JsonPath.DISCARD,
    });

    awaitDecision.addCatch(carryOver.next(new Succeed(scope, 'CarriedOver')), { errors: [Errors.TIMEOUT], resultPath: '$.error' });
    awaitDecision.addCatch(new Succeed(scope, 'ClosedAtRelease'), { errors: [DECISION_TASK_CLOSED], resultPath: '$.error' });
    return awaitDecision.next(new Succeed(scope, 'Decided'));
  }

  /**
   * ReviewCycle, input `{ cycle }` (manual start) or `{ scheduledTime, timeZone }` (the schedule):
   * OpenCycle (CycleAlreadyOpen → AlreadyOpen, also from DecideAndRelease) → CollectAndScreen ⟲ MoreToCollect → InitDecisionCursor →
   * StartDecisionTasks ⟲ MoreDecisionTasks → NotifyReviewers → DecideAndRelease (Parallel:
   * [WaitForReminder → SendReminders], [AwaitRelease → InitReleaseCursor → ReleasePage ⟲ MoreToRelease → SendSummary]).
   * Any failure → AlertSupportUnit → CycleFailed.
   */
  private reviewCycleDefinition(scope: Construct): IChainable {
    const cycleOnly = TaskInput.fromObject({ cycle: JsonPath.stringAt('$.cycle') });
    const cycleAndDeadline = TaskInput.fromObject({ cycle: JsonPath.stringAt('$.cycle'), deadline: JsonPath.stringAt('$.deadline') });

    // Any failure: tell the Support Unit (the whole state, including `error: { Error, Cause }`, and
    // `cycle` when OpenCycle got that far), then fail the execution so it shows as failed.
    const alertSupportUnit = this.invoke(scope, 'AlertSupportUnit', REVIEW_FUNCTIONS.alert, { resultPath: JsonPath.DISCARD }).next(
      new Fail(scope, 'CycleFailed', { error: 'ReviewCycleFailed', cause: 'A review cycle step failed; the Support Unit was alerted' }),
    );
    const catchAll = { errors: [Errors.ALL], resultPath: '$.error' };

    // Input passes through whole: OpenCycle accepts `{ cycle }` or `{ scheduledTime, timeZone }` and
    // its CycleState replaces the state.
    // An execution that arrives second for a cycle (the unnamed scheduled start racing a manual one,
    // or a start for a released cycle) ends quietly: OpenCycle or AwaitRelease throw CycleAlreadyOpen.
    const alreadyOpen = new Succeed(scope, 'AlreadyOpen');
    const catchAlreadyOpen = { errors: [CYCLE_ALREADY_OPEN], resultPath: '$.error' };

    const openCycle = this.invoke(scope, 'OpenCycle', REVIEW_FUNCTIONS.openCycle, {});
    openCycle.addCatch(alreadyOpen, catchAlreadyOpen);
    openCycle.addCatch(alertSupportUnit, catchAll);

    // Payload: the whole state (CycleState plus `collect` from the previous page, if any).
    const collectAndScreen = this.invokePage(scope, 'CollectAndScreen', REVIEW_FUNCTIONS.collect, { resultPath: '$.collect' });
    collectAndScreen.addCatch(alertSupportUnit, catchAll);

    const initDecisionCursor = new Pass(scope, 'InitDecisionCursor', {
      result: Result.fromObject({ more: true, cursor: null }),
      resultPath: '$.decisions',
    });
    const startDecisionTasks = this.invokePage(scope, 'StartDecisionTasks', REVIEW_FUNCTIONS.startDecisions, {
      payload: TaskInput.fromObject({
        cycle: JsonPath.stringAt('$.cycle'),
        deadline: JsonPath.stringAt('$.deadline'),
        decisionTimeoutSeconds: JsonPath.numberAt('$.decisionTimeoutSeconds'),
        cursor: JsonPath.stringAt('$.decisions.cursor'),
      }),
      resultPath: '$.decisions',
    });
    startDecisionTasks.addCatch(alertSupportUnit, catchAll);

    const notifyReviewers = this.invoke(scope, 'NotifyReviewers', REVIEW_FUNCTIONS.notifyReviewers, {
      payload: cycleAndDeadline,
      resultPath: JsonPath.DISCARD,
    });
    notifyReviewers.addCatch(alertSupportUnit, catchAll);

    // Branch 1: remind reviewers once, at `reminderAt`. A failed reminder is reported but must not
    // cancel the release branch, which may be holding an admin's sign-off token.
    const sendReminders = this.invoke(scope, 'SendReminders', REVIEW_FUNCTIONS.sendReminders, {
      payload: cycleAndDeadline,
      resultPath: JsonPath.DISCARD,
    });
    sendReminders.addCatch(
      this.invoke(scope, 'ReportReminderFailure', REVIEW_FUNCTIONS.alert, { resultPath: JsonPath.DISCARD }),
      catchAll,
    );
    const reminderBranch = new Wait(scope, 'WaitForReminder', { time: WaitTime.timestampPath('$.reminderAt') }).next(sendReminders);

    // Branch 2: wait for the admin's sign-off, release page by page, then report.
    const awaitRelease = this.awaitCallback(scope, 'AwaitRelease', REVIEW_FUNCTIONS.awaitRelease, {
      payload: TaskInput.fromObject({ cycle: JsonPath.stringAt('$.cycle'), taskToken: JsonPath.taskToken }),
      timeoutSecondsPath: '$.releaseTimeoutSeconds',
      resultPath: '$.signOff',
    });
    awaitRelease.addCatch(
      new Fail(scope, 'ReleaseNotSignedOff', {
        error: 'ReleaseNotSignedOff',
        cause: 'No admin signed off the cycle before its release timeout',
      }),
      { errors: [Errors.TIMEOUT], resultPath: '$.error' },
    );
    const initReleaseCursor = new Pass(scope, 'InitReleaseCursor', {
      result: Result.fromObject({ more: true, cursor: null }),
      resultPath: '$.release',
    });
    const releasePage = this.invokePage(scope, 'ReleasePage', REVIEW_FUNCTIONS.releasePage, {
      payload: TaskInput.fromObject({
        cycle: JsonPath.stringAt('$.cycle'),
        cursor: JsonPath.stringAt('$.release.cursor'),
        signOff: JsonPath.objectAt('$.signOff'),
      }),
      resultPath: '$.release',
    });
    const sendSummary = this.invoke(scope, 'SendSummary', REVIEW_FUNCTIONS.sendSummary, {
      payload: cycleOnly,
      resultPath: JsonPath.DISCARD,
    });
    // Once the summary is sent the cycle is over, but the reminder branch may still be waiting for
    // `reminderAt` (weeks away when the admin released early). A Parallel ends when a branch fails,
    // so the release branch ends with a named failure that the Parallel catches as success: the
    // run then shows SUCCEEDED as soon as the cycle is released.
    sendSummary.next(new Fail(scope, 'ReleaseDone', { error: RELEASE_DONE, cause: 'The cycle is released; the reminder is no longer needed' }));
    const releaseBranch = awaitRelease
      .next(initReleaseCursor)
      .next(releasePage)
      .next(new Choice(scope, 'MoreToRelease').when(Condition.booleanEquals('$.release.more', true), releasePage).otherwise(sendSummary));

    // A branch's error becomes the Parallel's error (and stops the other branch), so a second
    // execution turned away by AwaitRelease ends here without reminding anyone.
    const decideAndRelease = new Parallel(scope, 'DecideAndRelease', { resultPath: JsonPath.DISCARD })
      .branch(reminderBranch)
      .branch(releaseBranch)
      .addCatch(alreadyOpen, catchAlreadyOpen)
      .addCatch(new Succeed(scope, 'Released'), { errors: [RELEASE_DONE], resultPath: JsonPath.DISCARD })
      .addCatch(alertSupportUnit, catchAll);

    return openCycle
      .next(collectAndScreen)
      .next(
        new Choice(scope, 'MoreToCollect')
          .when(Condition.booleanEquals('$.collect.more', true), collectAndScreen)
          .otherwise(
            initDecisionCursor
              .next(startDecisionTasks)
              .next(
                new Choice(scope, 'MoreDecisionTasks')
                  .when(Condition.booleanEquals('$.decisions.more', true), startDecisionTasks)
                  .otherwise(notifyReviewers.next(decideAndRelease)),
              ),
          ),
      );
  }

  /** `invokes`: the functions the definition calls, whose invoke grants are acknowledged below. */
  private stateMachine(id: string, comment: string, definition: IChainable, invokes: string[]): StateMachine {
    const stateMachine = new StateMachine(this, id, {
      comment,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        // Under /aws/vendedlogs/: Step Functions then needs no resource policy per log group, whose
        // 5,120-character account-wide limit each new name would eat into.
        destination: new LogGroup(this, `${id}Logs`, {
          logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${id}`,
          retention: WORKFLOW_LOG_RETENTION,
        }),
        level: LogLevel.ALL,
        // Execution data holds task tokens (bearer credentials for a callback) and submission
        // references; the execution history keeps inputs for debugging without copying them to logs.
        includeExecutionData: false,
      },
    });
    (stateMachine.node.defaultChild as CfnResource).addMetadata(METADATA.stateMachine, id);

    const stack = Stack.of(this);
    const acknowledgements = [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray actions do not support resource-level permissions.',
      },
    ];
    for (const name of invokes) {
      const logicalId = stack.getLogicalId(this.fn(name).node.defaultChild as CfnElement);
      acknowledgements.push({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: 'The LambdaInvoke grant covers the function\'s versions and aliases (`<arn>:*`) of one named function, not other functions.',
      });
    }
    Validations.of(stateMachine).acknowledge(...acknowledgements);
    return stateMachine;
  }

  /**
   * The 1st of each month at 06:00 in the review time zone, for the month just ended.
   *
   * EventBridge Scheduler cannot compute "last month" nor name the execution, so the input is the
   * scheduler's own `<aws.scheduler.scheduled-time>` (an ISO instant) plus the time zone, and OpenCycle
   * derives the cycle: the month before the scheduled instant's local date in `timeZone` (in UTC the
   * instant may still fall on the last day of the previous month). Because the execution is unnamed
   * (manual starts are named `cycle-YYYY-MM`), a retried or duplicate start is made harmless by
   * OpenCycle's conditional create of the cycle: the execution that arrives second is turned away
   * with CycleAlreadyOpen and ends in `AlreadyOpen`.
   */
  private monthlySchedule(timeZone: string, failures: Queue): Schedule {
    return new Schedule(this, 'MonthlyReview', {
      description: 'Starts the review of the month just ended',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '6', day: '1', month: '*', year: '*', timeZone: TimeZone.of(timeZone) }),
      target: new StepFunctionsStartExecution(this.reviewCycle, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime, timeZone }),
        deadLetterQueue: failures,
        retryAttempts: 20,
        maxEventAge: Duration.hours(12),
      }),
    });
  }

  private addAlarms(topic: ITopic, scheduleFailures: Queue): void {
    const action = new SnsAction(topic);
    const alarms = [
      this.reviewCycle.metricFailed({ period: Duration.minutes(5) }).createAlarm(this, 'ReviewCycleFailedAlarm', {
        alarmDescription: 'A monthly review execution failed (the Support Unit was alerted by mail too).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      this.reviewDecision.metricFailed({ period: Duration.minutes(5) }).createAlarm(this, 'ReviewDecisionFailedAlarm', {
        alarmDescription: 'A decision execution failed: its submission was neither decided nor carried over.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      scheduleFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }).createAlarm(this, 'ScheduleFailuresAlarm', {
        alarmDescription: 'The monthly schedule could not start the review: start the cycle by hand (POST /v1/review/cycles).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(action);
  }
}

/** Lambda throttling is transient; CDK's default retry covers Lambda service errors but not this one. */
function withThrottlingRetry(task: LambdaInvoke): LambdaInvoke {
  task.addRetry({
    errors: ['Lambda.TooManyRequestsException'],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    jitterStrategy: JitterType.FULL,
  });
  return task;
}
