import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { frontEndContentSecurityPolicy } from '../web-policy.ts';
import { buildWebAssets, createWebAssets, type WebAssetHandler } from './web-assets.ts';

/**
 * The staff review console, built by esbuild (infra/web-apps.ts) at start and served under
 * `/console/` on the local API's origin, so the page and the API share an origin as they would
 * behind one domain: no CORS, and `connect-src 'self'`. Every console address without a file
 * extension answers index.html; the console routes on the client. In AWS, CloudFront serves the
 * same build (infra/constructs/web-hosting.ts).
 */
export async function createConsoleAssets(): Promise<WebAssetHandler> {
  return createWebAssets(await buildWebAssets('console'), { mount: PAGE_PATHS.console, contentSecurityPolicy: frontEndContentSecurityPolicy() });
}
