import { collectPage } from '../../shared/review/collect.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { cycleInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.collect, cycleInput, ({ cycle }) => collectPage(cycle));
