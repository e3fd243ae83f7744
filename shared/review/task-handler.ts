import type * as z from 'zod';
import { logger } from '../http/logger.ts';

/** A workflow task's payload did not have the shape the state machine promises. */
export class InvalidTaskInput extends Error {
  override readonly name = 'InvalidTaskInput';
}

/**
 * The boundary of every workflow task function: the payload is parsed with zod (extra state the
 * machine passes along is ignored), the task runs, and what it did is logged in one line. The
 * error's name is what Step Functions sees, so Retry and Catch can tell failures apart.
 */
export function taskHandler<Schema extends z.ZodType, Result>(task: string, schema: Schema, run: (input: z.output<Schema>) => Promise<Result>) {
  return async (event: unknown): Promise<Result> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
      throw new InvalidTaskInput(`${task}: ${problems}`);
    }
    const started = Date.now();
    const result = await run(parsed.data);
    logger.info(`${task} done`, { task, ms: Date.now() - started, result: summarize(result) });
    return result;
  };
}

/** Task results are small by design; tokens and long lists stay out of the logs all the same. */
function summarize(result: unknown): unknown {
  if (!result || typeof result !== 'object') return result;
  return Object.fromEntries(Object.entries(result).filter(([key, value]) => key !== 'cursor' && !Array.isArray(value)));
}
