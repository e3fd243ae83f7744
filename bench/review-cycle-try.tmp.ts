import { startPlatform } from '../infra/local/platform.ts';
import { measureReviewCycle } from './review-cycle.ts';
const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
try { console.log(await measureReviewCycle(platform, Number(process.argv[2] ?? 500))); } finally { await platform.stop(); }
process.exit(0);
