import { cyclePathSchema, pageQuerySchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { cycleSubmissionsPage } from '../../shared/review/staff-views.ts';

export const handler = httpHandler({ path: cyclePathSchema, query: pageQuerySchema }, async ({ path, query }) => ({
  body: await cycleSubmissionsPage(path.cycle, query.limit, query.cursor),
}));
