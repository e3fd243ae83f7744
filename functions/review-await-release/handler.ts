import { awaitRelease } from '../../shared/review/cycles.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { releaseCallbackInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

/** A `.waitForTaskToken` step: what this returns is ignored; the state waits for release-cycle's callback. */
export const handler = taskHandler(REVIEW_FUNCTIONS.awaitRelease, releaseCallbackInput, ({ cycle, taskToken }) => awaitRelease(cycle, taskToken));
