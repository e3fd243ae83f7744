import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractWorkflows, loadTemplates, type LocalStateMachineSpec } from '../../infra/local/cloud-template.ts';
import { loadDefinition, type AslMachine } from '../../infra/local/step-functions/asl.ts';
import { EngineClock } from '../../infra/local/step-functions/clock.ts';
import { StepFunctionsEngine } from '../../infra/local/step-functions/engine.ts';
import { REVIEW_CYCLE_LOOPS, historyEventCount, pagesFor, reviewCycleHistoryEvents } from '../../infra/local/step-functions/history-events.ts';
import { REVIEW_FUNCTIONS, REVIEW_PAGE_SIZES } from '../../shared/review/workflow.ts';
import { SYNTH_TIMEOUT_MS } from '../infra/synthesized.ts';

/** AWS fails an execution whose history reaches 25,000 events; a cycle must stay under half of it. */
const HISTORY_LIMIT = 25_000;
const DAY = 24 * 3600;

let reviewCycle: LocalStateMachineSpec;
let definition: AslMachine;
const engines: StepFunctionsEngine[] = [];

beforeAll(async () => {
  // As the local platform reads them (synthesized once, then cached).
  const templates = await loadTemplates();
  if (!templates) throw new Error('The CDK app could not be synthesized');
  const { machines } = extractWorkflows(templates, 'ogc-');
  reviewCycle = machines.find((machine) => machine.name === 'ReviewCycle')!;
  definition = loadDefinition(reviewCycle.definition);
}, SYNTH_TIMEOUT_MS);

afterAll(() => {
  for (const engine of engines) engine.stopAll();
});

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The synthesized ReviewCycle in the local stand-in, its functions replaced by ones that page
 * through `submissions` as the real ones would: each page step says `more` until its last page.
 */
async function recordedHistory(submissions: number): Promise<{ type: string }[]> {
  const clock = new EngineClock();
  const calls = new Map<string, number>();
  const pageStep = (functionName: string, pageSize: number) => {
    const page = (calls.get(functionName) ?? 0) + 1;
    calls.set(functionName, page);
    const more = page < pagesFor(submissions, pageSize);
    return more ? { more, cursor: `after-page-${page}` } : { more };
  };
  let releaseToken: string | undefined;
  const engine = new StepFunctionsEngine({
    machines: [reviewCycle],
    stateDir: null,
    clock,
    log: () => undefined,
    invokeFunction: async (name, payload) => {
      switch (name) {
        case REVIEW_FUNCTIONS.openCycle:
          return {
            cycle: '2026-11',
            deadline: new Date(clock.now() + 21 * DAY * 1000).toISOString(),
            reminderAt: new Date(clock.now() - 1000).toISOString(),
            decisionTimeoutSeconds: 21 * DAY,
            releaseTimeoutSeconds: 30 * DAY,
          };
        case REVIEW_FUNCTIONS.collect:
          return pageStep(name, REVIEW_PAGE_SIZES.collect);
        case REVIEW_FUNCTIONS.startDecisions:
          return pageStep(name, REVIEW_PAGE_SIZES.startDecisions);
        case REVIEW_FUNCTIONS.releasePage:
          return pageStep(name, REVIEW_PAGE_SIZES.release);
        case REVIEW_FUNCTIONS.awaitRelease:
          releaseToken = (payload as { taskToken: string }).taskToken;
          return null;
        default:
          calls.set(name, (calls.get(name) ?? 0) + 1);
          return null;
      }
    },
  });
  engines.push(engine);
  const { executionArn } = engine.startExecution({ stateMachineArn: reviewCycle.arn, name: 'cycle-2026-11', input: JSON.stringify({ cycle: '2026-11' }) });
  // The reminder goes out before the admin signs off, as in a cycle that runs to its deadline.
  await waitFor(() => (calls.has(REVIEW_FUNCTIONS.sendReminders) ? true : undefined));
  const token = await waitFor(() => releaseToken);
  engine.sendTaskSuccess({ taskToken: token, output: JSON.stringify({ releasedBy: 'admin@example.org' }) });
  const done = await engine.waitForExecution(executionArn);
  expect(done.status).toBe('SUCCEEDED');
  return engine.getExecutionHistory({ executionArn, maxResults: 1000 }).events as { type: string }[];
}

describe('history events of a review cycle, computed from the definition', () => {
  it('counts what the stand-in records, event for event, for a cycle of a few pages', async () => {
    // Neither a multiple of the page sizes nor one: both ways of ending a loop.
    for (const submissions of [3 * REVIEW_PAGE_SIZES.collect + 17, 2 * REVIEW_PAGE_SIZES.collect]) {
      const history = await recordedHistory(submissions);
      expect(history.length, `a cycle of ${submissions}`).toBe(reviewCycleHistoryEvents(definition, submissions));
      expect(history.at(-1)!.type).toBe('ExecutionSucceeded');
    }
  });

  it('grows by the same few events per page, so a small cycle scales up to a large one', () => {
    const perPage = Object.keys(REVIEW_CYCLE_LOOPS).map((choice) => {
      const once = historyEventCount(definition, () => 1);
      const twice = historyEventCount(definition, (name) => (name === choice ? 2 : 1));
      return twice - once;
    });
    // A page is a Lambda task (5 events) and the Choice that loops (2).
    expect(perPage).toEqual([7, 7, 7]);
  });

  it('keeps a cycle of 100,000 submissions under half of the 25,000-event limit', () => {
    expect(reviewCycleHistoryEvents(definition, 100_000)).toBeLessThan(HISTORY_LIMIT / 2);
  });

  it('has a page size for every loop of the definition', () => {
    const choicesOf = (machine: AslMachine): string[] =>
      Object.entries(machine.States).flatMap(([name, state]) => [...(state.Type === 'Choice' ? [name] : []), ...(state.Branches ?? []).flatMap(choicesOf)]);
    expect(choicesOf(definition).sort()).toEqual(Object.keys(REVIEW_CYCLE_LOOPS).sort());
  });
});
