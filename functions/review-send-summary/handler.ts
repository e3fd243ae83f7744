import { sendSummary } from '../../shared/review/release.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { cycleInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.sendSummary, cycleInput, ({ cycle }) => sendSummary(cycle));
