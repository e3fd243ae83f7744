import { callApi } from '../infra/local/api-client.ts';
import { startPlatform, type Platform } from '../infra/local/platform.ts';
import { CYCLE_ROWS_PAGE } from '../shared/domain/cycle-row.ts';
import { PAGE_PATHS } from '../shared/domain/page-urls.ts';
import { TABLE_COMPLETE_MARK } from '../console/src/performance-marks.ts';
import { launchChromium, openSignedIn } from '../test/support/console-browser.ts';
import { writeBenchmarksSection } from './benchmarks-file.ts';
import { seedSubmissions } from './review-cycle.ts';
import { percentile, round } from './stats.ts';
import { isEntryPoint } from '../infra/entry-point.ts';

/**
 * The review console on a cycle of 1,000 submissions, in Debian's headless Chromium: how long the
 * cycle's table takes to open (every page of the cycle loaded, the table drawn) and to answer a
 * search, a filter and a sort. `node --import tsx bench/console-table.ts` measures it on a platform
 * of its own and writes the section of BENCHMARKS.md; `npm run bench` includes it.
 */

export const CONSOLE_TARGET_MS = 1000;
const RUNS = 5;

export interface ConsoleTableResult {
  submissions: number;
  openMs: number[];
  /** Of each open: from the first request for the cycle's rows to the last answer (the API and DynamoDB Local). */
  apiMs: number[];
  filterMs: Record<string, number[]>;
}

/**
 * Seeds a cycle of `count` submissions and waits until it is open. A month of its own, before the
 * one `npm run bench` reviews (2026-10), which it runs after, so neither collects the other's.
 */
async function seedCycle(platform: Platform, count: number, cycle: string): Promise<void> {
  await seedSubmissions(cycle, count);
  const admin = await platform.tokenFor('admin@example.org');
  await callApi(platform.apiUrl, '/v1/review/cycles', { method: 'POST', token: admin, json: { cycle } });
  for (;;) {
    const detail = await callApi<{ cycle?: { status?: string }; progress?: { submissions?: number } }>(platform.apiUrl, `/v1/review/cycles/${cycle}`, { token: admin });
    if (detail.body?.cycle?.status === 'open' && detail.body.progress?.submissions === count) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** What one change of the table costs in the page: the handler runs and the browser paints once. */
const FILTERS: Record<string, string> = {
  search: `(() => { const input = document.getElementById('filter-q'); input.value = 'no. 99'; input.dispatchEvent(new Event('input')); })()`,
  'area filter': `(() => { const select = document.getElementById('filter-area'); select.value = 'justice'; select.dispatchEvent(new Event('change')); })()`,
  'sort by title': `document.querySelector('th[data-sort="title"] button').click()`,
};

export async function measureConsoleTable(platform: Platform, count = 1000, cycle = '2026-09'): Promise<ConsoleTableResult> {
  await seedCycle(platform, count, cycle);
  const browser = await launchChromium();
  const { page } = browser;
  const url = `${platform.apiUrl}${PAGE_PATHS.consoleCycle(cycle)}`;
  try {
    await openSignedIn(page, url, 'Rosa Reviewer');
    const openMs: number[] = [];
    const apiMs: number[] = [];
    const filterMs: Record<string, number[]> = Object.fromEntries(Object.keys(FILTERS).map((name) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      // A fresh page load each time: the console keeps nothing but the session between loads.
      await page.goto(url);
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, TABLE_COMPLETE_MARK, { timeout: 60_000 });
      await page.locator('#table-count', { hasText: `of ${count} submissions` }).waitFor({ timeout: 60_000 });
      // When the console drew the table with the whole cycle, since navigation start (TABLE_COMPLETE_MARK).
      openMs.push(await page.evaluate<number>(`performance.getEntriesByName('${TABLE_COMPLETE_MARK}')[0].startTime`));
      apiMs.push(
        await page.evaluate<number>(
          `(() => { const calls = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/rows')); return Math.max(...calls.map((entry) => entry.responseEnd)) - Math.min(...calls.map((entry) => entry.startTime)); })()`,
        ),
      );
      for (const [name, action] of Object.entries(FILTERS)) {
        // Evaluated as an expression by the devtools protocol, so the page's CSP (no eval) does not apply.
        const elapsed = await page.evaluate<number>(
          `(async () => { const started = performance.now(); ${action}; await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))); return performance.now() - started; })()`,
        );
        filterMs[name]!.push(elapsed);
      }
    }
    return { submissions: count, openMs, apiMs, filterMs };
  } finally {
    await browser.close();
  }
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);
const mark = (ms: number) => (ms < CONSOLE_TARGET_MS ? 'met' : '**missed**');

export function consoleTableLines(result: ConsoleTableResult): string[] {
  const open = median(result.openMs);
  return [
    '## Review console',
    '',
    `A cycle of ${result.submissions.toLocaleString('en')} submissions in Debian's headless Chromium, signed in as a reviewer; median of ${result.openMs.length} fresh page loads.`,
    `"Open" runs from navigation start to the table drawn with every submission loaded (\`GET /v1/review/cycles/{cycle}/rows\`: the table's fields only, ${CYCLE_ROWS_PAGE.toLocaleString('en')} to a page, from the cycle index);`,
    'a change runs from the input event to the second animation frame after it (the table re-drawn and painted).',
    '',
    '| measure | median | worst | target | |',
    '|---|---|---|---|---|',
    `| open the cycle's table | ${round(open, 0)} ms | ${round(Math.max(...result.openMs), 0)} ms | < ${CONSOLE_TARGET_MS} ms | ${mark(open)} |`,
    `| of which the API answering (first page of rows asked to last one received) | ${round(median(result.apiMs), 0)} ms | ${round(Math.max(...result.apiMs), 0)} ms | | |`,
    ...Object.entries(result.filterMs).map(([name, runs]) => `| ${name} over the whole cycle | ${round(median(runs), 1)} ms | ${round(Math.max(...runs), 1)} ms | < ${CONSOLE_TARGET_MS} ms | ${mark(median(runs))} |`),
    '',
  ];
}

if (isEntryPoint(import.meta.url)) {
  process.env.LOG_LEVEL = 'silent';
  const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  try {
    const lines = consoleTableLines(await measureConsoleTable(platform, Number(process.env.BENCH_CONSOLE_SIZE ?? 1000)));
    console.log(lines.join('\n'));
    writeBenchmarksSection('Review console', lines);
  } finally {
    await platform.stop();
  }
  process.exit(0);
}
