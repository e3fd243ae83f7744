import { awaitDecision } from '../../shared/review/decisions.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { decisionCallbackInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

/** A `.waitForTaskToken` step: what this returns is ignored; the state waits for record-decision's callback. */
export const handler = taskHandler(REVIEW_FUNCTIONS.awaitDecision, decisionCallbackInput, ({ cycle, reference, taskToken }) =>
  awaitDecision(cycle, reference, taskToken),
);
