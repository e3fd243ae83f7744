import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config/constants.ts';
import { localDynamoClient } from '../../infra/local/dynamodb.ts';
import { startPlatform, type Platform, type PlatformOptions } from '../../infra/local/platform.ts';
import { isProcessAlive } from '../../infra/local/processes.ts';
import { waitFor } from '../support/platform.ts';

/**
 * `npm start` keeps everything under `.data/`: a platform stopped and started again on the same
 * directory finds its data, and its tokens stay valid. Stopping leaves no Java process behind.
 * (Runs its own platform, beside the shared one; state machines are not needed here.)
 */
describe('a platform with a data directory', () => {
  let dataDir: string | undefined;
  let running: Platform | undefined;

  afterAll(async () => {
    await running?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps items and the signing key across a restart, and leaves no JVM behind', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ogc-restart-'));
    const options: PlatformOptions = {
      apiPort: 0,
      dynamoPort: 0,
      sesPort: 0,
      stepFunctionsPort: 0,
      dataDir,
      quiet: true,
      shortLivedDatabase: true,
      workflows: { machines: [], environment: {}, streamSources: [] },
    };

    const first = await startPlatform(options);
    running = first;
    const tableName = first.environment[ENV.submissionsTable]!;
    const key = { pk: { S: 'TEST#restart' }, sk: { S: 'ITEM' } };
    const writer = localDynamoClient(first.dynamoEndpoint);
    await writer.send(new PutItemCommand({ TableName: tableName, Item: { ...key, note: { S: 'survives a restart' } } }));
    writer.destroy();
    const token = await first.tokenFor('reviewer@example.org');
    await first.mailer.drained();
    await first.stop();
    running = undefined;

    expect(isProcessAlive(first.javaPid!)).toBe(false);
    const checkpoints = JSON.parse(await readFile(path.join(dataDir, 'stream-checkpoints.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(checkpoints).length).toBeGreaterThan(0);

    // Same ports: handlers' SDK clients are created once per process, as in a Lambda container.
    const second = await startPlatform({
      ...options,
      apiPort: Number(new URL(first.apiUrl).port),
      dynamoPort: Number(new URL(first.dynamoEndpoint).port),
    });
    running = second;
    expect(second.javaPid).not.toBe(first.javaPid);
    const reader = localDynamoClient(second.dynamoEndpoint);
    try {
      const { Item } = await reader.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      expect(Item?.note?.S).toBe('survives a restart');
    } finally {
      reader.destroy();
    }

    // A token issued before the restart still verifies: the key pair was persisted.
    const jwks = createRemoteJWKSet(new URL(second.environment[ENV.jwtJwksUrl]!));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: second.environment[ENV.jwtIssuer],
      audience: second.environment[ENV.jwtAudience],
    });
    expect(payload.email).toBe('reviewer@example.org');

    await second.stop();
    running = undefined;
    await waitFor(() => !isProcessAlive(second.javaPid!), 5000, 50);
    // Two platform starts, each with a JVM: generous on a busy machine.
  }, 300_000);
});
