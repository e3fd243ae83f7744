import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTemplates } from '../../infra/synth.ts';
import { CYCLE_ALREADY_OPEN, DECISION_TASK_CLOSED, REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';
import validateAsl from 'asl-validator';
import { allStates, resourcesOfType, stateMachineDefinitions, SYNTH_TIMEOUT_MS } from './synthesized.ts';

const TIME_ZONE = 'Europe/Paris';

let stateless: Template;
let definitions: Map<string, any>;
let functionNameByLogicalId: Map<string, string>;

beforeAll(() => {
  // Through synthesizeTemplates, as the local platform does; with a non-default time zone.
  const templates = synthesizeTemplates({ context: { reviewTimeZone: TIME_ZONE } });
  stateless = Template.fromJSON(templates.stateless);
  definitions = stateMachineDefinitions(stateless);
  functionNameByLogicalId = new Map(
    Object.entries(resourcesOfType(stateless, 'AWS::Lambda::Function'))
      .filter(([, resource]) => resource.Metadata?.['ogc:function'])
      .map(([logicalId, resource]) => [logicalId, resource.Metadata!['ogc:function'] as string]),
  );
}, SYNTH_TIMEOUT_MS);

const cycle = () => allStates(definitions.get('ReviewCycle'));
const decision = () => allStates(definitions.get('ReviewDecision'));
const everyState = () => [...cycle(), ...decision()];

/** The function a Task calls: its `Resource` (payloadResponseOnly) or `Parameters.FunctionName`. */
function functionOf(state: any): string | undefined {
  const arn = String(state.Parameters?.FunctionName ?? state.Resource);
  const logicalId = /^arn:placeholder:(\w+)$/.exec(arn)?.[1];
  return logicalId ? functionNameByLogicalId.get(logicalId) : undefined;
}

const isCallback = (state: any) => state.Type === 'Task' && String(state.Resource).endsWith(':lambda:invoke.waitForTaskToken');
const catches = (state: any, error: string) => (state.Catch ?? []).find((c: any) => c.ErrorEquals.includes(error))?.Next;

describe('review workflow', () => {
  it('has two Standard state machines, logging everything and traced', () => {
    expect([...definitions.keys()].sort()).toEqual(['ReviewCycle', 'ReviewDecision']);
    for (const machine of Object.values(resourcesOfType(stateless, 'AWS::StepFunctions::StateMachine'))) {
      expect(machine.Properties.StateMachineType).toBe('STANDARD');
      expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    }
  });

  it('are valid Amazon States Language', () => {
    for (const [name, definition] of definitions) {
      const { isValid, errors } = validateAsl(definition, { checkArn: false, checkPaths: true });
      expect(errors, name).toEqual([]);
      expect(isValid, name).toBe(true);
    }
  });

  it('uses JSONPath only: no JSONata, no variables', () => {
    for (const definition of definitions.values()) {
      const text = JSON.stringify(definition);
      expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
      expect(text).not.toMatch(/"QueryLanguage":"JSONata"|"Assign"|"Arguments"|"Output"|\{%/);
    }
  });

  it('names the states as shared/review/workflow.ts does', () => {
    expect([...cycle().keys()]).toEqual(
      expect.arrayContaining([
        'OpenCycle',
        'CollectAndScreen',
        'MoreToCollect',
        'InitDecisionCursor',
        'StartDecisionTasks',
        'MoreDecisionTasks',
        'NotifyReviewers',
        'DecideAndRelease',
        'WaitForReminder',
        'SendReminders',
        'AwaitRelease',
        'ReleasePage',
        'SendSummary',
        'AlertSupportUnit',
      ]),
    );
    expect([...decision().keys()]).toEqual(expect.arrayContaining(['AwaitDecision', 'CarryOver', 'ClosedAtRelease', 'Decided']));
  });

  it('calls the functions REVIEW_FUNCTIONS names, each from the state meant for it', () => {
    const expected: Record<string, string> = {
      OpenCycle: REVIEW_FUNCTIONS.openCycle,
      CollectAndScreen: REVIEW_FUNCTIONS.collect,
      StartDecisionTasks: REVIEW_FUNCTIONS.startDecisions,
      NotifyReviewers: REVIEW_FUNCTIONS.notifyReviewers,
      SendReminders: REVIEW_FUNCTIONS.sendReminders,
      AwaitRelease: REVIEW_FUNCTIONS.awaitRelease,
      ReleasePage: REVIEW_FUNCTIONS.releasePage,
      SendSummary: REVIEW_FUNCTIONS.sendSummary,
      AlertSupportUnit: REVIEW_FUNCTIONS.alert,
    };
    for (const [state, fn] of Object.entries(expected)) expect(functionOf(cycle().get(state)), state).toBe(fn);
    expect(functionOf(decision().get('AwaitDecision'))).toBe(REVIEW_FUNCTIONS.awaitDecision);
    expect(functionOf(decision().get('CarryOver'))).toBe(REVIEW_FUNCTIONS.carryOver);
  });

  it('gives every callback task a timeout and a Catch for States.Timeout', () => {
    const callbacks = everyState().filter(([, state]) => isCallback(state));
    expect(callbacks.map(([name]) => name).sort()).toEqual(['AwaitDecision', 'AwaitRelease']);
    for (const [name, state] of callbacks) {
      expect(state.TimeoutSecondsPath ?? state.TimeoutSeconds, name).toBeDefined();
      expect(catches(state, 'States.Timeout'), name).toBeDefined();
      expect(state.Parameters.Payload['taskToken.$'], name).toBe('$$.Task.Token');
    }
    expect(cycle().get('AwaitRelease').TimeoutSecondsPath).toBe('$.releaseTimeoutSeconds');
    expect(decision().get('AwaitDecision').TimeoutSecondsPath).toBe('$.timeoutSeconds');
  });

  it('retries every Lambda task on Lambda service errors and throttling, and bounds it with a timeout', () => {
    const tasks = everyState().filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(12);
    for (const [name, state] of tasks) {
      expect(functionOf(state), name).toBeDefined();
      const retried = (state.Retry ?? []).flatMap((retry: any) => retry.ErrorEquals);
      expect(retried, name).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']));
      // Every task is bounded: a Lambda call or a wait with no timeout could hold a run forever.
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
  });

  it('passes Lambda results through without a Payload envelope on plain tasks', () => {
    for (const [name, state] of everyState().filter(([, s]) => s.Type === 'Task' && !isCallback(s))) {
      expect(String(state.Resource), name).toMatch(/^arn:placeholder:/);
      expect(state.ResultSelector, name).toBeUndefined();
    }
  });

  it('loops over pages, starting each loop with an explicit cursor', () => {
    const states = cycle();
    expect(states.get('OpenCycle').Next).toBe('CollectAndScreen');
    expect(states.get('CollectAndScreen').ResultPath).toBe('$.collect');
    expect(states.get('MoreToCollect').Choices).toEqual([{ Variable: '$.collect.more', BooleanEquals: true, Next: 'CollectAndScreen' }]);
    expect(states.get('MoreToCollect').Default).toBe('InitDecisionCursor');
    expect(states.get('InitDecisionCursor')).toMatchObject({ Type: 'Pass', ResultPath: '$.decisions', Result: { more: true, cursor: null } });
    expect(states.get('StartDecisionTasks').Parameters).toEqual({
      'cycle.$': '$.cycle',
      'deadline.$': '$.deadline',
      'decisionTimeoutSeconds.$': '$.decisionTimeoutSeconds',
      'cursor.$': '$.decisions.cursor',
    });
    expect(states.get('MoreDecisionTasks').Choices[0]).toMatchObject({ Variable: '$.decisions.more', Next: 'StartDecisionTasks' });
    expect(states.get('MoreDecisionTasks').Default).toBe('NotifyReviewers');
    expect(states.get('ReleasePage').ResultPath).toBe('$.release');
    expect(states.get('MoreToRelease').Choices[0]).toMatchObject({ Variable: '$.release.more', Next: 'ReleasePage' });
    expect(states.get('MoreToRelease').Default).toBe('SendSummary');
  });

  it('decides and releases in parallel: a reminder at reminderAt, and the release after sign-off', () => {
    const parallel = cycle().get('DecideAndRelease');
    expect(parallel.Type).toBe('Parallel');
    expect(parallel.ResultPath).toBeNull();
    expect(parallel.Branches.map((branch: any) => branch.StartAt)).toEqual(['WaitForReminder', 'AwaitRelease']);
    expect(cycle().get('WaitForReminder')).toMatchObject({ Type: 'Wait', TimestampPath: '$.reminderAt', Next: 'SendReminders' });
    expect(cycle().get('NotifyReviewers').ResultPath).toBeNull();
  });

  it('alerts the Support Unit on any failure of the cycle, and ends a duplicate start quietly', () => {
    const states = cycle();
    for (const name of ['OpenCycle', 'CollectAndScreen', 'StartDecisionTasks', 'NotifyReviewers', 'DecideAndRelease']) {
      expect(catches(states.get(name), 'States.ALL'), name).toBe('AlertSupportUnit');
    }
    expect(states.get('AlertSupportUnit').Next).toBe('CycleFailed');
    expect(states.get('CycleFailed').Type).toBe('Fail');
    for (const name of ['OpenCycle', 'DecideAndRelease']) {
      expect(catches(states.get(name), CYCLE_ALREADY_OPEN), name).toBe('AlreadyOpen');
      // Before the catch-all, or the catch-all would win.
      expect(states.get(name).Catch[0].ErrorEquals, name).toEqual([CYCLE_ALREADY_OPEN]);
    }
    expect(states.get('AlreadyOpen').Type).toBe('Succeed');
  });

  it('carries an undecided submission over at the deadline and closes it quietly at release', () => {
    const states = decision();
    const awaitDecision = states.get('AwaitDecision');
    expect(catches(awaitDecision, 'States.Timeout')).toBe('CarryOver');
    expect(catches(awaitDecision, DECISION_TASK_CLOSED)).toBe('ClosedAtRelease');
    expect(awaitDecision.Next).toBe('Decided');
    expect(states.get('CarryOver').Parameters).toEqual({ 'cycle.$': '$.cycle', 'reference.$': '$.reference' });
    expect(states.get(states.get('CarryOver').Next).Type).toBe('Succeed');
    expect(states.get('ClosedAtRelease').Type).toBe('Succeed');
    expect(states.get('Decided').Type).toBe('Succeed');
  });
});

describe('monthly schedule', () => {
  it('starts ReviewCycle on the 1st at 06:00 in the configured time zone, with the scheduled time as input', () => {
    const schedules = Object.values(resourcesOfType(stateless, 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const schedule = schedules[0]!.Properties;
    expect(schedule.ScheduleExpression).toBe('cron(0 6 1 * ? *)');
    expect(schedule.ScheduleExpressionTimezone).toBe(TIME_ZONE);
    expect(schedule.State ?? 'ENABLED').toBe('ENABLED');
    expect(schedule.Target.Arn.Ref).toMatch(/^ReviewWorkflowReviewCycle/);
    expect(JSON.parse(schedule.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>', timeZone: TIME_ZONE });
    expect(schedule.Target.DeadLetterConfig.Arn).toBeDefined();
    expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
  });
});
