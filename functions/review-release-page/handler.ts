import { releasePage } from '../../shared/review/release.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { cyclePageInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.releasePage, cyclePageInput, ({ cycle, cursor }) => releasePage(cycle, cursor ?? undefined));
