import { alertSupportUnit } from '../../shared/review/notify.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { alertInput } from '../../shared/review/task-inputs.ts';
import { REVIEW_FUNCTIONS } from '../../shared/review/workflow.ts';

/** The failure path: its input schema never rejects, so the alert itself cannot fail on a malformed state. */
export const handler = taskHandler(REVIEW_FUNCTIONS.alert, alertInput, alertSupportUnit);
