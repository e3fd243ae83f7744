import { startDecisionTasks } from '../../shared/review/decisions.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { startDecisionsInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.startDecisions, startDecisionsInput, ({ cycle, deadline, cursor }) =>
  startDecisionTasks(cycle, deadline, cursor ?? undefined),
);
