import { cyclePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';
import { resumeCycle } from '../../shared/review/cycles.ts';

/** 200 `{ cycle, executionArn, resumed }`: `resumed` when this request started a new run. */
export const handler = httpHandler({ path: cyclePathSchema }, async ({ path, staff }) => ({
  body: await resumeCycle(path.cycle, actorOf(staff)),
}));
