import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

interface AutocannonJson {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number };
}

/**
 * Load on POST /v1/submissions through the local platform: HTTP server, real handler, DynamoDB
 * Local (transaction with the outbox) — the mailer drains the outbox meanwhile, as it would live.
 * The load generator runs in its own process, as clients would, not on the server's event loop.
 */
export async function measureEndToEnd(apiUrl: string, options = { connections: 16, durationSeconds: 15 }): Promise<EndToEndResult> {
  const bodyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ogc-bench-')), 'submission.json');
  writeFileSync(bodyFile, JSON.stringify(validSubmission()));
  const args = [
    'node_modules/autocannon/autocannon.js',
    '--json',
    '-c', String(options.connections),
    '-d', String(options.durationSeconds),
    '-m', 'POST',
    '-H', 'content-type=application/json',
    '-i', bodyFile,
    `${apiUrl}/v1/submissions`,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`autocannon exited with ${code}`))));
  });
  const result = JSON.parse(output) as AutocannonJson;
  return {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    accepted: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    throughputPerSecond: result['2xx'] / options.durationSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
