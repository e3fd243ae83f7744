import type { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { cloudFrontInvalidator } from '../../shared/publication/cdn.ts';
import { bucketStore } from '../../shared/publication/public-file-store.ts';
import { PUBLIC_DATA_PATHS, PUBLIC_FILE_CACHE_CONTROL } from '../../shared/publication/public-files.ts';

/** The AWS calls of publication as they reach the SDK client (the client is replaced at that one boundary). */
function recording<Command extends { input: object }>(failure?: Error) {
  const commands: Command[] = [];
  return {
    commands,
    // The SDK clients' `send` is overloaded; the publication code calls its one-argument form.
    send: (async (command: Command) => {
      commands.push(command);
      if (failure) throw failure;
      return {};
    }) as never,
  };
}

describe('the CloudFront invalidation', () => {
  it('asks the distribution to drop the public paths, under the reference it is given', async () => {
    const client = recording<CreateInvalidationCommand>();
    await cloudFrontInvalidator('E2EXAMPLE123', client).invalidate(PUBLIC_DATA_PATHS, 'public-data-abc');
    expect(client.commands.map((command) => command.input)).toEqual([
      {
        DistributionId: 'E2EXAMPLE123',
        InvalidationBatch: { CallerReference: 'public-data-abc', Paths: { Quantity: 2, Items: ['/v1/stats*', '/v1/reforms*'] } },
      },
    ]);
  });

  it('fails loudly when CloudFront refuses, so the release step is retried', async () => {
    const refused = Object.assign(new Error('Access denied'), { name: 'AccessDenied' });
    await expect(cloudFrontInvalidator('E2EXAMPLE123', recording(refused)).invalidate(PUBLIC_DATA_PATHS, 'x')).rejects.toThrow('Access denied');
  });
});

describe('the export objects', () => {
  it('are written at their public keys with the headers CloudFront serves', async () => {
    const client = recording<PutObjectCommand>();
    const store = bucketStore('ogc-public-data', 'eu-west-1', client);
    await store.write('csv', Buffer.from('\uFEFFCountry/Local\r\n'));
    await store.write('json', Buffer.from('{"reforms":[]}'));
    const [csv, json] = client.commands.map((command) => command.input);
    expect(csv).toMatchObject({
      Bucket: 'ogc-public-data',
      Key: 'v1/reforms.csv',
      ContentType: 'text/csv; charset=utf-8',
      CacheControl: PUBLIC_FILE_CACHE_CONTROL,
      ContentDisposition: 'attachment; filename="open-gov-challenge-reforms.csv"',
    });
    expect(json).toMatchObject({ Key: 'v1/reforms.json', ContentType: 'application/json; charset=utf-8' });
    expect(json!.ContentDisposition).toBeUndefined();
    expect(Buffer.from(json!.Body as Buffer).toString('utf8')).toBe('{"reforms":[]}');
  });

  it('fail loudly when S3 refuses', async () => {
    const failure = Object.assign(new Error('We encountered an internal error'), { name: 'InternalError' });
    await expect(bucketStore('ogc-public-data', 'eu-west-1', recording(failure)).write('csv', Buffer.alloc(0))).rejects.toThrow(/internal error/);
  });
});
