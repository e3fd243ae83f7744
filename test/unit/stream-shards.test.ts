import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamMailer } from '../../infra/local/stream-mailer.ts';
import { waitFor } from '../support/platform.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopback-server.ts';

/**
 * The stream reader across a shard that closes, against a stand-in for DynamoDB's stream API (DynamoDB
 * Local does not close shards on its own): the child shard is listed as soon as its parent closes,
 * not at the next periodic listing, and shards are not listed over and over meanwhile.
 */

const TABLE = 'ogc-shards';
const STREAM_ARN = `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}/stream/2026-12-01T00:00:00.000`;
const record = (pk: string, sequence: string) => ({
  eventID: sequence,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  dynamodb: { Keys: { pk: { S: pk } }, NewImage: { pk: { S: pk } }, SequenceNumber: sequence, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});

let server: LoopbackServer;
let endpoint: string;
const calls: string[] = [];
/** The parent shard closes once its one record has been read; its child exists from then on. */
let parentClosed = false;

function answer(operation: string, input: { ShardId?: string; ShardIterator?: string }): unknown {
  switch (operation) {
    case 'DescribeTable':
      return { Table: { TableName: TABLE, LatestStreamArn: STREAM_ARN } };
    case 'DescribeStream':
      return {
        StreamDescription: {
          StreamArn: STREAM_ARN,
          Shards: [{ ShardId: 'parent' }, ...(parentClosed ? [{ ShardId: 'child', ParentShardId: 'parent' }] : [])],
        },
      };
    case 'GetShardIterator':
      return { ShardIterator: `${input.ShardId}:0` };
    case 'GetRecords': {
      const [shard, position] = (input.ShardIterator ?? '').split(':');
      if (shard === 'parent') {
        if (position === '0') return { Records: [record('SUB#before', '100')], NextShardIterator: 'parent:1' };
        parentClosed = true;
        return { Records: [] };
      }
      return position === '0' ? { Records: [record('SUB#after', '200')], NextShardIterator: 'child:1' } : { Records: [], NextShardIterator: 'child:1' };
    }
    default:
      throw new Error(`unexpected ${operation}`);
  }
}

beforeAll(async () => {
  server = await serveOnLoopback((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      calls.push(operation);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer(operation, JSON.parse(body || '{}'))));
    });
  });
  endpoint = server.url;
});

afterAll(async () => {
  await server.close();
});

describe('the local stream reader', () => {
  it('reads a closed shard’s child at once, listing shards only when one closes', async () => {
    const delivered: string[] = [];
    const mailer = await startStreamMailer({
      dynamoEndpoint: endpoint,
      sources: [TABLE],
      handler: async (event) => {
        for (const item of event.Records) delivered.push(String(item.dynamodb?.Keys?.pk?.S));
      },
      pollIntervalMs: 10,
      idlePollMaxMs: 20,
      log: () => undefined,
    });
    try {
      const started = Date.now();
      await waitFor(() => delivered.length === 2, 5_000, 10);
      expect(delivered).toEqual(['SUB#before', 'SUB#after']);
      // On the close, not at a periodic listing.
      expect(Date.now() - started).toBeLessThan(1_000);
      // Some 3 s of idle polls of the child, and the shards listed twice only: at start and on the close.
      await waitFor(() => calls.filter((call) => call === 'GetRecords').length > 150, 10_000, 20);
      expect(calls.filter((call) => call === 'DescribeStream')).toHaveLength(2);
    } finally {
      await mailer.stop();
    }
  });
});
