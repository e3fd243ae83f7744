import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callApi, type ApiReply, type ApiRequest } from '../../infra/local/api-client.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { executionNameForDecision } from '../../shared/review/workflow.ts';
import { validSubmission } from '../support/fixtures.ts';
import { waitFor } from '../support/platform.ts';
import { useOwnPlatform } from '../support/own-platform.ts';

/**
 * Release while a decision is still open: the undecided submission carries over to the next cycle
 * and its waiting decision task is closed (`DecisionTaskClosed` → ClosedAtRelease), while the
 * decided one is published. Its own platform: a cycle collects every submission awaiting review.
 */
const platform = useOwnPlatform();
const cycle = new Date().toISOString().slice(0, 7);


function call<T = any>(method: string, route: string, options: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(platform().apiUrl, route, { ...options, method });
}

async function submit(title: string) {
  const base = validSubmission({ title });
  const email = `carry-${randomUUID().slice(0, 8)}@example.org`;
  const reply = await call<{ reference: string; statusToken: string }>('POST', '/v1/submissions', { json: { ...base, submitter: { ...(base.submitter as object), email } } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

const decisionExecution = (reference: string) =>
  `${platform().stateMachines.ReviewDecision!.replace(':stateMachine:', ':execution:')}:${executionNameForDecision(cycle, reference)}`;

function statesEntered(executionArn: string): string[] {
  const history = platform().stepFunctions.getExecutionHistory({ executionArn, maxResults: 1000 }) as { events: { stateEnteredEventDetails?: { name: string } }[] };
  return history.events.flatMap((event) => (event.stateEnteredEventDetails ? [event.stateEnteredEventDetails.name] : []));
}

/** Whether the run's sign-off task has handed its token to the cycle (its function returned). */
function heldSignOff(executionArn: string): boolean {
  const history = platform().stepFunctions.getExecutionHistory({ executionArn, maxResults: 1000 }) as { events: { type: string; taskSubmittedEventDetails?: { name: string } }[] };
  return history.events.some((event) => event.type === 'TaskSubmitted' && event.taskSubmittedEventDetails?.name === 'AwaitRelease');
}

describe('a release with a decision still open', () => {
  it('publishes the decided submission, carries the undecided one over and closes its decision task', async () => {
    const admin = await platform().tokenFor('admin@example.org');
    const reviewer = await platform().tokenFor('reviewer@example.org');
    const decided = await submit('Open the register of beneficial owners');
    const undecided = await submit('Publish court decisions within a month');

    expect((await call('POST', '/v1/review/cycles', { token: admin, json: { cycle } })).status).toBe(202);
    await waitFor(async () => (await call('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'open', 30_000);
    await waitFor(async () =>
      [decided, undecided].every(({ reference }) => platform().stepFunctions.describeExecution({ executionArn: decisionExecution(reference) }).status === 'RUNNING'),
    30_000);

    const decision = await call('POST', `/v1/review/submissions/${decided.reference}/decision`, {
      token: reviewer,
      json: {
        outcome: 'eligible',
        criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])),
        area: 'anti-corruption',
        ambition: 'substantial',
        rationale: 'A whole-of-government register with public access.',
      },
    });
    expect(decision.status, decision.text).toBe(200);

    // The run is stopped while it waits for the sign-off (on AWS: a failure, a manual stop). An
    // admin resumes it under a new name; resuming again changes nothing; the release then works.
    const runArn = (name: string) => `${platform().stateMachines.ReviewCycle!.replace(':stateMachine:', ':execution:')}:${name}`;
    const runStatus = async () => (await call('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.run?.status;
    expect(await runStatus()).toBe('RUNNING');
    await waitFor(() => heldSignOff(runArn(`cycle-${cycle}`)), 30_000);
    platform().stepFunctions.stopExecution({ executionArn: runArn(`cycle-${cycle}`), error: 'Test', cause: 'stopped by hand' });
    expect(await runStatus()).toBe('ABORTED');
    expect((await call('POST', `/v1/review/cycles/${cycle}/resume`, { token: reviewer })).status).toBe(403);
    const resumed = await call('POST', `/v1/review/cycles/${cycle}/resume`, { token: admin });
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body).toEqual({ cycle, executionArn: runArn(`cycle-${cycle}-2`), resumed: true });
    expect((await call('POST', `/v1/review/cycles/${cycle}/resume`, { token: admin })).body).toEqual({ cycle, executionArn: runArn(`cycle-${cycle}-2`), resumed: false });
    expect(await runStatus()).toBe('RUNNING');
    await waitFor(() => heldSignOff(runArn(`cycle-${cycle}-2`)), 30_000);

    expect((await call('POST', `/v1/review/cycles/${cycle}/release`, { token: admin })).status).toBe(202);
    await waitFor(async () => (await call('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'released', 30_000);
    // The run ends with the release, without waiting for its reminder (weeks away).
    await waitFor(async () => (await runStatus()) === 'SUCCEEDED', 15_000);

    // The decided one: its task ended with the decision, and it is a published reform (re-tagged).
    expect(statesEntered(decisionExecution(decided.reference))).toContain('Decided');
    const reforms = await call<{ reforms: { reference: string; challengeArea: string }[] }>('GET', '/v1/reforms?limit=200');
    expect(reforms.body.reforms.find((reform) => reform.reference === decided.reference)?.challengeArea).toBe('anti-corruption');

    // The undecided one: back in the queue for the next cycle, its task closed by the release.
    const executionArn = decisionExecution(undecided.reference);
    await waitFor(() => platform().stepFunctions.describeExecution({ executionArn }).status === 'SUCCEEDED', 30_000);
    expect(statesEntered(executionArn)).toContain('ClosedAtRelease');
    expect(statesEntered(executionArn)).not.toContain('CarryOver');
    const status = await call<{ status: string }>('GET', `/v1/submissions/${undecided.reference}?token=${undecided.statusToken}`);
    expect(status.body.status).toBe('awaiting-review');
    const audit = await call<{ entries: { action: string }[] }>('GET', `/v1/review/submissions/${undecided.reference}/audit`, { token: reviewer });
    expect(audit.body.entries.map((entry) => entry.action)).toEqual(['collected', 'carried-over']);
    expect(reforms.body.reforms.some((reform) => reform.reference === undecided.reference)).toBe(false);
  });
});
