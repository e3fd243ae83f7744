import { submissionRequestSchema } from '../shared/domain/schemas.ts';
import { httpHandler } from '../shared/http/handler.ts';
import { lambdaContext, proxyEvent } from '../test/support/events.ts';
import { validSubmission } from '../test/support/fixtures.ts';
import { percentile } from './stats.ts';

/**
 * The cost of the HTTP stack for POST /v1/submissions without storage: body bounds, JSON parsing
 * with the prototype-pollution guard, zod validation and the response, through the same middy
 * stack and schema the real handler uses (only the storage call is left out).
 */
export async function measureInProcess(iterations = 20_000) {
  const handler = httpHandler({ body: submissionRequestSchema }, async ({ body }) => ({
    status: 201,
    body: { reference: 'OGC-2026-11-0001', statusToken: 'x', status: 'awaiting-review', title: body.title },
  }));
  const event = proxyEvent('POST', '/v1/submissions', { body: validSubmission() });
  const context = lambdaContext;

  for (let i = 0; i < 2_000; i++) await handler(event, context); // warm the JIT
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    const result = await handler(event, context);
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.statusCode !== 201) throw new Error(`unexpected status ${result.statusCode}: ${result.body}`);
  }
  const sorted = Array.from(samples).sort((a, b) => a - b);
  return { iterations, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1]! };
}
