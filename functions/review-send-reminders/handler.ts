import { sendReminders } from '../../shared/review/notify.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { cycleWithDeadlineInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

export const handler = taskHandler(REVIEW_FUNCTIONS.sendReminders, cycleWithDeadlineInput, ({ cycle, deadline }) => sendReminders(cycle, deadline));
