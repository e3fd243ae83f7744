import { carryOver } from '../../shared/review/decisions.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { decisionInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.carryOver, decisionInput, ({ cycle, reference }) => carryOver(cycle, reference));
