import { cycleRowsQuerySchema } from '../../shared/domain/cycle-row.ts';
import { cyclePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { cycleRowsPage } from '../../shared/review/staff-views.ts';

export const handler = httpHandler({ path: cyclePathSchema, query: cycleRowsQuerySchema }, async ({ path, query }) => ({
  body: await cycleRowsPage(path.cycle, query.limit, query.cursor),
}));
