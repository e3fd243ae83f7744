import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../infra/local/platform.ts';
import { submissionRequestSchema } from '../shared/domain/schemas.ts';
import { newStatusToken } from '../shared/domain/status-token.ts';
import { formatReference } from '../shared/domain/submission.ts';
import { submissionItem } from '../shared/intake/submit-commitment.ts';
import { executionNameForCycle } from '../shared/review/workflow.ts';
import { dynamo } from '../shared/store/clients.ts';
import { loadMembers } from '../shared/store/registry.ts';
import { getCycle } from '../shared/store/review-store.ts';
import { submissionsTable } from '../shared/store/tables-runtime.ts';
import { validSubmission } from '../test/support/fixtures.ts';

export interface ReviewCycleResult {
  submissions: number;
  seedSeconds: number;
  collectAndScreenSeconds: number;
  decisionsOpenSeconds: number;
  largestStateBytes: number;
  largestStateName: string;
  dynamoRequestsPerSubmission: number;
  dynamoRequestsByCommand: Record<string, number>;
  decisionExecutions: number;
  rssMiB: number;
}

const AREAS = ['access-to-information', 'anti-corruption', 'civic-space', 'fiscal-openness', 'justice', 'public-participation'] as const;

/** Writes `count` submissions received during `cycle`, as intake stores them (without the intake emails). */
export async function seedSubmissions(cycle: string, count: number) {
  const members = [...(await loadMembers()).values()].filter((member) => member.kind === 'national');
  const start = Date.parse(`${cycle}-01T00:00:00.000Z`);
  const items = Array.from({ length: count }, (_, index) => {
    const member = members[index % members.length]!;
    const request = submissionRequestSchema.parse(
      validSubmission({ title: `Open register of public algorithms no. ${index}`, area: AREAS[index % AREAS.length], member: { type: 'national', memberId: member.id } }),
    );
    const receivedAt = new Date(start + index * 60_000);
    return submissionItem(request, member, formatReference(cycle, index + 1), newStatusToken(), receivedAt);
  });
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, index) => items.slice(index * 25, index * 25 + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [submissionsTable()]: pending } }));
          pending = (result.UnprocessedItems?.[submissionsTable()] ?? []) as typeof pending;
        }
      }
    }),
  );
}

/** Counts every DynamoDB request the handlers make in this process, by command. */
function countDynamoRequests(): { counts: Record<string, number>; reset(): void } {
  const counts: Record<string, number> = {};
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      counts[context.commandName ?? 'unknown'] = (counts[context.commandName ?? 'unknown'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return { counts, reset: () => Object.keys(counts).forEach((key) => delete counts[key]) };
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

function largestState(events: HistoryEvent[]): { bytes: number; name: string } {
  let largest = { bytes: 0, name: '' };
  for (const event of events) {
    const entered = event.stateEnteredEventDetails;
    const exited = event.stateExitedEventDetails;
    for (const [payload, name] of [
      [entered?.input, entered?.name],
      [exited?.output, exited?.name],
    ] as const) {
      const bytes = payload ? Buffer.byteLength(payload) : 0;
      if (bytes > largest.bytes) largest = { bytes, name: name ?? '' };
    }
  }
  return largest;
}

/**
 * A whole cycle of `count` submissions on the local platform, up to the point where every decision
 * task is open and reviewers have their digest: collect and screen, one decision execution each.
 */
export async function measureReviewCycle(platform: Platform, count = 10_000, cycle = '2026-10'): Promise<ReviewCycleResult> {
  const seedStarted = Date.now();
  await seedSubmissions(cycle, count);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const requests = countDynamoRequests();
  requests.reset();
  const sfn = new SFNClient({ endpoint: platform.stepFunctionsUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const admin = await platform.tokenFor('admin@example.org');
  const started = Date.now();
  const response = await fetch(`${platform.apiUrl}/v1/review/cycles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ cycle }),
  });
  if (response.status !== 202) throw new Error(`starting the cycle answered ${response.status}: ${await response.text()}`);
  const executionArn = `${platform.stateMachines.ReviewCycle!.replace(':stateMachine:', ':execution:')}:${executionNameForCycle(cycle)}`;

  // Phases are read from their effects (the local history keeps only an execution's first 1,000
  // events): the first decision execution marks the end of collection; the cycle turns `open`
  // once every decision task exists, the digest is out and the sign-off task waits.
  const until = async (reached: () => Promise<boolean> | boolean) => {
    while (!(await reached())) await new Promise((resolve) => setTimeout(resolve, 200));
    return Date.now();
  };
  const collected = await until(() => decisionExecutions(platform, 1).length > 0);
  const decisionsOpen = await until(async () => (await getCycle(cycle))?.status === 'open');

  // Then every decision execution stores its task token: wait until the store falls quiet.
  const totalRequests = () => Object.values(requests.counts).reduce((sum, value) => sum + value, 0);
  for (let previous = -1; previous !== totalRequests(); ) {
    previous = totalRequests();
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  const cycleEvents = await history(sfn, executionArn);
  const decisions = decisionExecutions(platform);
  const decisionEvents = (await Promise.all(decisions.slice(0, 20).map((arn) => history(sfn, arn)))).flat();
  const largest = [largestState(cycleEvents), largestState(decisionEvents)].reduce((a, b) => (a.bytes >= b.bytes ? a : b));

  return {
    submissions: count,
    seedSeconds,
    collectAndScreenSeconds: (collected - started) / 1000,
    decisionsOpenSeconds: (decisionsOpen - started) / 1000,
    largestStateBytes: largest.bytes,
    largestStateName: largest.name,
    dynamoRequestsPerSubmission: totalRequests() / count,
    dynamoRequestsByCommand: { ...requests.counts },
    decisionExecutions: decisions.length,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

function decisionExecutions(platform: Platform, atMost = Number.POSITIVE_INFINITY): string[] {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = platform.stepFunctions.listExecutions({ stateMachineArn: platform.stateMachines.ReviewDecision, maxResults: 1000, nextToken }) as {
      executions: { executionArn: string }[];
      nextToken?: string;
    };
    arns.push(...page.executions.map((execution) => execution.executionArn));
    nextToken = page.nextToken;
  } while (nextToken && arns.length < atMost);
  return arns;
}
