import { cyclePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { cycleProgress } from '../../shared/review/cycles.ts';

export const handler = httpHandler({ path: cyclePathSchema }, async ({ path }) => ({ body: await cycleProgress(path.cycle) }));
