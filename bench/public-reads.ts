import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../infra/local/platform.ts';
import { AREA_IDS } from '../shared/domain/areas.ts';
import type { Reform } from '../shared/domain/reform.ts';
import { PAGE_SIZE_MAX } from '../shared/domain/schemas.ts';
import { formatReference } from '../shared/domain/submission.ts';
import { mapConcurrently } from '../shared/review/concurrency.ts';
import { PUBLIC_FILES } from '../shared/publication/public-files.ts';
import { publishPublicData } from '../shared/publication/publish.ts';
import { dynamo } from '../shared/store/clients.ts';
import { reformItem } from '../shared/store/public-lists.ts';
import { loadMembers } from '../shared/store/registry.ts';
import { submissionsTable } from '../shared/store/tables-runtime.ts';
import { percentile, round } from './stats.ts';
import { isEntryPoint } from '../infra/entry-point.ts';

/**
 * The public reads at 10,000 published reforms: `/v1/stats` (one stored item), the CSV and JSON
 * exports (files written at release, served with an ETag), a page of `/v1/reforms`, and how long
 * publication takes to write them all. `node --import tsx bench/public-reads.ts` measures it on a
 * platform of its own and prints the section; `npm run bench` includes it.
 */

const SAMPLES = 200;
const WARM_UP = 10;
/** A month no other measurement uses, so the reforms are told apart from a release's. */
const SEEDED_CYCLE = '2024-01';
const LOCALITIES_PER_COUNTRY = 40;

export interface LatencyResult {
  p50Ms: number;
  p99Ms: number;
  bytes: number;
}

export interface PublicReadsResult {
  reforms: number;
  seedSeconds: number;
  /** Publication as a release ends it: the whole list read, counters stored, both files written. */
  publishMs: number;
  /** The same again, as a retried step does: nothing changes. */
  republishMs: number;
  reads: Record<string, LatencyResult>;
}

/** Published reforms as a release writes them, spread over the national members, their localities and the areas. */
async function seedReforms(count: number): Promise<void> {
  const nationals = [...(await loadMembers()).values()].filter((member) => member.kind === 'national');
  const reforms = Array.from({ length: count }, (_, index): Reform => {
    const member = nationals[index % nationals.length]!;
    const local = index % 3 === 0;
    return {
      reference: formatReference(SEEDED_CYCLE, index + 1),
      countryOrLocal: local ? `Locality ${Math.floor(index / nationals.length) % LOCALITIES_PER_COUNTRY}, ${member.country}` : member.country,
      levelOfGovernment: local ? 'Local (non-member)' : 'National',
      leadInstitution: `Ministry of Open Records no. ${index}`,
      titleOfReform: `Open register of public algorithms no. ${index}`,
      challengeArea: AREA_IDS[index % AREA_IDS.length]!,
      region: member.region,
      memberId: member.id,
      country: member.country,
      cycle: SEEDED_CYCLE,
      publishedAt: `${SEEDED_CYCLE}-28T10:00:00.000Z`,
    };
  });
  await mapConcurrently(reforms, 16, (reform) => dynamo().send(new PutCommand({ TableName: submissionsTable(), Item: reformItem(reform) })));
}

/** Sequential requests (one reader at a time): what one reader waits, without queueing behind others. */
async function latency(url: string, headers: Record<string, string> = {}, expectedStatus = 200): Promise<LatencyResult> {
  const times: number[] = [];
  let bytes = 0;
  for (let request = 0; request < WARM_UP + SAMPLES; request++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== expectedStatus) throw new Error(`${url} answered ${response.status}, expected ${expectedStatus}`);
    if (request >= WARM_UP) times.push(elapsed);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), bytes };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function measurePublicReads(platform: Platform, count = 10_000): Promise<PublicReadsResult> {
  const seedStarted = Date.now();
  await seedReforms(count);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  let published = 0;
  const publishMs = await timed(async () => {
    published = (await publishPublicData()).reforms;
  });
  const republishMs = await timed(() => publishPublicData());

  const url = (path: string) => `${platform.apiUrl}${path}`;
  const csv = url(PUBLIC_FILES.csv.path);
  const etag = (await fetch(csv)).headers.get('etag') ?? '';
  const reads: Record<string, LatencyResult> = {
    'GET /v1/stats': await latency(url('/v1/stats')),
    'GET /v1/reforms.csv': await latency(csv),
    'GET /v1/reforms.csv, If-None-Match (304)': await latency(csv, { 'if-none-match': etag }, 304),
    'GET /v1/reforms.json': await latency(url(PUBLIC_FILES.json.path)),
    [`GET /v1/reforms?limit=${PAGE_SIZE_MAX} (first page)`]: await latency(url(`/v1/reforms?limit=${PAGE_SIZE_MAX}`)),
  };
  return { reforms: published, seedSeconds, publishMs, republishMs, reads };
}

const kib = (bytes: number) => `${round(bytes / 1024, 1).toLocaleString('en')} KiB`;

/** The BENCHMARKS.md section: publication time, then each read's p50 and p99 with the size of its answer. */
export function publicReadsLines(result: PublicReadsResult): string[] {
  return [
    '## Public reads',
    '',
    `${result.reforms.toLocaleString('en')} published reforms (seeded through the store in ${round(result.seedSeconds, 1)} s). Publication, as the end of a release runs it, reads the whole list once,`,
    'stores the counters as one item and writes the CSV and JSON exports as files; every read below is then independent of the number of reforms',
    `but for the exports' size. ${SAMPLES} sequential requests each, after ${WARM_UP} to warm up, through the local gateway (no CDN in front: on AWS, CloudFront answers these from its cache until the next release invalidates them).`,
    '',
    '| measure | p50 | p99 | answer |',
    '|---|---|---|---|',
    `| publication at the end of a release (list read, counters stored, both files written), one run | ${round(result.publishMs, 0)} ms | | |`,
    `| publication again, as a retried step (same counters, same bytes), one run | ${round(result.republishMs, 0)} ms | | |`,
    ...Object.entries(result.reads).map(([name, read]) => `| ${name} | ${round(read.p50Ms, 1)} ms | ${round(read.p99Ms, 1)} ms | ${kib(read.bytes)} |`),
    '',
  ];
}

if (isEntryPoint(import.meta.url)) {
  process.env.LOG_LEVEL = 'silent';
  const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  try {
    console.log(publicReadsLines(await measurePublicReads(platform, Number(process.env.BENCH_PUBLIC_REFORMS ?? 10_000))).join('\n'));
  } finally {
    await platform.stop();
  }
  process.exit(0);
}
