import * as z from 'zod';
import { isTimeZone } from '../domain/cycle.ts';
import { cycleSchema, referenceSchema } from '../domain/schemas.ts';

/**
 * Payloads of the workflow tasks, as `infra/constructs/review-workflow.ts` builds them from the
 * state (see `shared/review/workflow.ts`). Only what a task reads is declared; the rest is dropped.
 */
const instant = z.iso.datetime({ offset: true });
const cursor = z.string().max(4000).nullish();

/** A manual start names its cycle; the monthly schedule gives its own instant and zone instead. */
export const openCycleInput = z.union([
  z.object({ cycle: cycleSchema }),
  z.object({ scheduledTime: instant, timeZone: z.string().refine(isTimeZone, 'Not an IANA time zone').optional() }),
]);
export type OpenCycleInput = z.infer<typeof openCycleInput>;

export const cycleInput = z.object({ cycle: cycleSchema });
export const cycleWithDeadlineInput = z.object({ cycle: cycleSchema, deadline: instant });
/** A page step: the cursor is `null` on the first page (the state machine's initial value). */
export const cyclePageInput = z.object({ cycle: cycleSchema, cursor });
export const startDecisionsInput = cyclePageInput.extend({ deadline: instant });

export const releaseCallbackInput = z.object({ cycle: cycleSchema, taskToken: z.string().min(1) });
export const decisionCallbackInput = releaseCallbackInput.extend({ reference: referenceSchema });
export const decisionInput = z.object({ cycle: cycleSchema, reference: referenceSchema });

/**
 * The failure path gets the whole state at the failure, which may be little more than the
 * execution input and `error`. Nothing here may make the alert itself fail, so every field falls
 * back to absent.
 */
export const alertInput = z.object({
  cycle: cycleSchema.optional().catch(undefined),
  scheduledTime: instant.optional().catch(undefined),
  timeZone: z.string().refine(isTimeZone).optional().catch(undefined),
  error: z
    .object({ Error: z.string().optional().catch(undefined), Cause: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
}).catch({});
export type AlertInput = z.infer<typeof alertInput>;
