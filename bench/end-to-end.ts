import autocannon from 'autocannon';
import { validSubmission } from '../test/support/fixtures.ts';

export interface EndToEndResult {
  connections: number;
  durationSeconds: number;
  accepted: number;
  errors: number;
  non2xx: number;
  throughputPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Load on POST /v1/submissions through the local platform: HTTP server, real handler, DynamoDB
 * Local (transaction with the outbox) — the mailer drains the outbox meanwhile, as it would live.
 */
export async function measureEndToEnd(apiUrl: string, options = { connections: 16, durationSeconds: 15 }): Promise<EndToEndResult> {
  const body = JSON.stringify(validSubmission());
  const result = await autocannon({
    url: `${apiUrl}/v1/submissions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  const accepted = result['2xx'];
  return {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    accepted,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    throughputPerSecond: accepted / options.durationSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
