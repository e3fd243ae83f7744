import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { traced } from '../observability/tracer.ts';

/** Drops cached answers of the CDN in front of the public GETs. */
export interface CacheInvalidator {
  /**
   * `reference` identifies this change: asking again with the same reference (a retried step)
   * is the same invalidation, not a second one.
   */
  invalidate(paths: readonly string[], reference: string): Promise<void>;
}

/** What the invalidator needs of a CloudFront client (tests give their own). */
export type InvalidationSender = Pick<CloudFrontClient, 'send'>;

/** CloudFront's API is global, served from us-east-1 whatever the stack's region. */
const CLOUDFRONT_REGION = 'us-east-1';

let client: CloudFrontClient | undefined;

function cloudFront(): CloudFrontClient {
  client ??= traced(new CloudFrontClient({ region: CLOUDFRONT_REGION, maxAttempts: 5 }));
  return client;
}

export function cloudFrontInvalidator(distributionId: string, sender: InvalidationSender = cloudFront()): CacheInvalidator {
  return {
    async invalidate(paths, reference) {
      await sender.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: { CallerReference: reference, Paths: { Quantity: paths.length, Items: [...paths] } },
        }),
      );
    },
  };
}
