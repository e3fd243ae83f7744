import path from 'node:path';
import { buildWebApp } from './web-apps.ts';

/**
 * `node --import tsx infra/build-web.ts <outDir>`: the tree CloudFront serves, as one folder — the
 * public site at its root and the review console under `console/`, the paths they have in the
 * distribution. `infra/constructs/web-hosting.ts` runs it while synthesizing the deployable app.
 */
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node --import tsx infra/build-web.ts <outDir>');
  process.exit(2);
}
// The site first: building an app empties its folder, and the console's folder is inside the site's.
await buildWebApp('site', outDir);
await buildWebApp('console', path.join(outDir, 'console'));
