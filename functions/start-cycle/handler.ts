import { startCycleRequestSchema } from '../../shared/domain/schemas.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { actorOf } from '../../shared/http/staff.ts';
import { startCycle } from '../../shared/review/cycles.ts';

/** 202 when this request started the run; 200 when the cycle's run already existed (starting twice is harmless). */
export const handler = httpHandler({ body: startCycleRequestSchema }, async ({ body, staff, language }) => {
  const result = await startCycle(body.cycle, actorOf(staff), language);
  return { status: result.started ? 202 : 200, body: result, headers: { location: `/v1/review/cycles/${body.cycle}` } };
});
