import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callApi, type ApiReply, type ApiRequest } from '../../infra/local/api-client.ts';
import { loadTemplates, extractWorkflows } from '../../infra/local/cloud-template.ts';
import { startPlatform, type Platform, type PlatformOptions } from '../../infra/local/platform.ts';
import { ENV } from '../../shared/config/constants.ts';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { executionNameForCycle, executionNameForDecision } from '../../shared/review/workflow.ts';
import { validSubmission } from '../support/fixtures.ts';
import { ownPlatformOptions } from '../support/own-platform.ts';
import { waitFor } from '../support/platform.ts';

/**
 * The platform restarted in the middle of a review cycle (as `npm start` after Ctrl-C): every
 * decision task still waits on the token its reviewer's decision will send, the run still waits
 * for the admin's sign-off, and the release works with no manual step.
 * Its own platform, twice on the same ports and data directory (handlers keep their SDK clients
 * for the life of the process, as in a Lambda container); its tables stay in the run's one
 * DynamoDB Local (platform-restart.test.ts restarts DynamoDB Local itself, on its data directory).
 */
let dataDir: string | undefined;
let running: Platform | undefined;
const cycle = new Date().toISOString().slice(0, 7);

afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function call<T = any>(method: string, route: string, options: Omit<ApiRequest, 'method'> = {}): Promise<ApiReply<T>> {
  return callApi<T>(running!.apiUrl, route, { ...options, method });
}

async function submit(title: string) {
  const base = validSubmission({ title });
  const email = `restart-${randomUUID().slice(0, 8)}@example.org`;
  const reply = await call<{ reference: string; statusToken: string }>('POST', '/v1/submissions', { json: { ...base, submitter: { ...(base.submitter as object), email } } });
  expect(reply.status, reply.text).toBe(201);
  return reply.body;
}

const executionArn = (machine: 'ReviewCycle' | 'ReviewDecision', name: string) => `${running!.stateMachines[machine]!.replace(':stateMachine:', ':execution:')}:${name}`;

/** Whether a callback task of the execution has handed its token over (its function returned). */
function tokenHandedOver(arn: string, state: string): boolean {
  const { events } = running!.stepFunctions.getExecutionHistory({ executionArn: arn, maxResults: 1000 }) as { events: { type: string; taskSubmittedEventDetails?: { name: string } }[] };
  const last = events.filter((event) => event.type === 'TaskSubmitted').at(-1);
  return last?.taskSubmittedEventDetails?.name === state;
}

const decision = (rationale: string) => ({
  outcome: 'eligible',
  criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass'])),
  area: 'anti-corruption',
  ambition: 'substantial',
  rationale,
});

describe('a platform restarted mid-cycle', () => {
  it('resumes every waiting decision and the sign-off, and releases with no manual step', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ogc-cycle-restart-'));
    const templates = await loadTemplates();
    expect(templates).not.toBeNull();
    const own = await ownPlatformOptions({ dataDir, env: { [ENV.reviewDeadlineSeconds]: '3600' } });
    const options: PlatformOptions = { ...own, workflows: extractWorkflows(templates!, own.tablePrefix!) };
    running = await startPlatform(options);
    const first = running;
    const admin = await first.tokenFor('admin@example.org');
    const reviewer = await first.tokenFor('reviewer@example.org');
    const before = await submit('Open the register of beneficial owners');
    const after = await submit('Publish court decisions within a month');

    expect((await call('POST', '/v1/review/cycles', { token: admin, json: { cycle } })).status).toBe(202);
    const cycleRun = executionArn('ReviewCycle', executionNameForCycle(cycle));
    const decisionRun = (reference: string) => executionArn('ReviewDecision', executionNameForDecision(cycle, reference));
    await waitFor(
      () => tokenHandedOver(cycleRun, 'AwaitRelease') && [before, after].every(({ reference }) => tokenHandedOver(decisionRun(reference), 'AwaitDecision')),
      30_000,
    );
    const decided = await call('POST', `/v1/review/submissions/${before.reference}/decision`, { token: reviewer, json: decision('Decided before the restart.') });
    expect(decided.status, decided.text).toBe(200);

    await first.stop();
    running = await startPlatform({
      ...options,
      apiPort: Number(new URL(first.apiUrl).port),
      stepFunctionsPort: Number(new URL(first.stepFunctionsUrl).port),
    });

    // The decided one finished before the stop; the undecided one and the run are waiting again.
    expect(running.stepFunctions.describeExecution({ executionArn: decisionRun(before.reference) }).status).toBe('SUCCEEDED');
    expect(running.stepFunctions.describeExecution({ executionArn: decisionRun(after.reference) }).status).toBe('RUNNING');
    expect(running.stepFunctions.describeExecution({ executionArn: cycleRun }).status).toBe('RUNNING');

    const late = await call('POST', `/v1/review/submissions/${after.reference}/decision`, { token: reviewer, json: decision('Decided after the restart.') });
    expect(late.status, late.text).toBe(200);
    const release = await call('POST', `/v1/review/cycles/${cycle}/release`, { token: admin });
    expect(release.status, release.text).toBe(202);
    await waitFor(async () => (await call('GET', `/v1/review/cycles/${cycle}`, { token: admin })).body?.cycle?.status === 'released', 30_000);
    await waitFor(() => running!.stepFunctions.describeExecution({ executionArn: cycleRun }).status === 'SUCCEEDED', 15_000);
    expect(running.stepFunctions.describeExecution({ executionArn: decisionRun(after.reference) }).status).toBe('SUCCEEDED');

    const reforms = await call<{ reforms: { reference: string }[] }>('GET', '/v1/reforms?limit=200');
    expect(reforms.body.reforms.map((reform) => reform.reference)).toEqual(expect.arrayContaining([before.reference, after.reference]));
  }, 420_000);
});
