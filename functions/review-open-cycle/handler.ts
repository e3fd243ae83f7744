import { openCycle } from '../../shared/review/cycles.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { openCycleInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.openCycle, openCycleInput, (input) => openCycle(input));
