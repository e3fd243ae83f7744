import { cyclePathSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';
import { releaseCycle } from '../../shared/review/cycles.ts';

/** 202: the sign-off is recorded and the run releases the cycle's pages in the background. */
export const handler = httpHandler({ path: cyclePathSchema }, async ({ path, staff }) => ({
  status: 202,
  body: await releaseCycle(path.cycle, actorOf(staff)),
}));
