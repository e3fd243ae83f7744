import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { traced } from '../observability/tracer.ts';
import { PUBLIC_FILE_CACHE_CONTROL, PUBLIC_FILES, type PublicFileName } from './public-files.ts';

/** Where the exports are written: the public-data bucket on AWS, the data directory locally. */
export interface PublicFileStore {
  write(name: PublicFileName, body: Buffer): Promise<void>;
}

/**
 * Files under `root`, at their keys. Each is written to a temporary name beside it and renamed
 * into place: a rename within a directory is atomic, so a reader gets the old file or the new one,
 * never half of one.
 */
export function directoryStore(root: string): PublicFileStore & { read(name: PublicFileName): Promise<Buffer | undefined> } {
  const fileOf = (name: PublicFileName) => path.join(root, ...PUBLIC_FILES[name].key.split('/'));
  return {
    async write(name, body) {
      const target = fileOf(name);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.partial`;
      await writeFile(temporary, body);
      await rename(temporary, target);
    },
    async read(name) {
      try {
        return await readFile(fileOf(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

/** What the bucket store needs of an S3 client (tests give their own). */
export type ObjectSender = Pick<S3Client, 'send'>;

let client: S3Client | undefined;

function s3(region: string): S3Client {
  client ??= traced(new S3Client({ region, maxAttempts: 5 }));
  return client;
}

/**
 * Objects of the public-data bucket. An S3 PutObject replaces an object atomically (a reader gets
 * the old object or the new one), so no temporary key is needed. The headers stored with the object
 * are the ones CloudFront serves.
 */
export function bucketStore(bucket: string, region: string, sender: ObjectSender = s3(region)): PublicFileStore {
  return {
    async write(name, body) {
      const file = PUBLIC_FILES[name];
      await sender.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: file.key,
          Body: body,
          ContentType: file.contentType,
          CacheControl: PUBLIC_FILE_CACHE_CONTROL,
          ...(file.contentDisposition ? { ContentDisposition: file.contentDisposition } : {}),
        }),
      );
    },
  };
}
