import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

export interface BundleSize {
  functionName: string;
  bytes: number;
}

/**
 * Bundles every entry point the way the CDK function construct does (minified ESM for Node on
 * ARM64, the AWS SDK left to the Lambda runtime) and reports each bundle's size.
 */
export async function measureBundles(): Promise<BundleSize[]> {
  const names = readdirSync('functions', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const sizes: BundleSize[] = [];
  for (const functionName of names) {
    const result = await build({
      entryPoints: [`functions/${functionName}/handler.ts`],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: ['@aws-sdk/*'],
      write: false,
      logLevel: 'silent',
    });
    sizes.push({ functionName, bytes: result.outputFiles.reduce((total, file) => total + file.contents.byteLength, 0) });
  }
  return sizes;
}
