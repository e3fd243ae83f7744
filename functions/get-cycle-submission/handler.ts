import { cyclePathSchema, referencePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { cycleSubmission } from '../../shared/review/staff-views.ts';

export const handler = httpHandler({ path: cyclePathSchema.extend(referencePathSchema.shape) }, async ({ path }) => ({
  body: await cycleSubmission(path.cycle, path.reference),
}));
