import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
  type AttributeValue as SdkAttributeValue,
  type _Record as SdkRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { MiddlewareStack } from '@smithy/types';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials, localDynamoClient } from './dynamodb.ts';
import { passesFilters } from './event-filter.ts';
import { HandlerNotFoundError, LOCAL_REGION, invokeFunction } from './lambda-runtime.ts';

/**
 * The local event source mapping: reads DynamoDB Local's streams and calls the mailer handler with
 * the same events, batch sizes, filters and partial-batch-failure semantics as Lambda does in AWS.
 *
 * Position: the first start reads each shard from TRIM_HORIZON (records written before the reader
 * started are not missed); afterwards the last delivered sequence number per shard is kept — in
 * memory, and under the data dir when there is one — so a restart resumes where it stopped.
 */

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void | null | undefined>;

export interface StreamSource {
  tableName: string;
  /** EventBridge-style patterns of the event source mapping's FilterCriteria. */
  filters?: Record<string, unknown>[];
  /** Lambda's default for DynamoDB streams is 100. */
  batchSize?: number;
  /** Tries per failing batch before its failed records become dead letters (Lambda: MaximumRetryAttempts + 1). */
  maxAttempts?: number;
  /** BisectBatchOnFunctionError: a batch whose handler throws is split in two and each half retried. */
  bisectOnError?: boolean;
}

export interface DeadLetter {
  tableName: string;
  at: string;
  error: string;
  records: DynamoDBRecord[];
}

export interface StreamMailerOptions {
  dynamoEndpoint: string;
  /** The prefix of the tables read, which names the credentials (see `localCredentials`); default `ogc-`. */
  tablePrefix?: string;
  sources: readonly (string | StreamSource)[];
  /** Defaults to `functions/mailer/handler.ts`. */
  handler?: StreamHandler;
  pollIntervalMs?: number;
  /**
   * An idle shard is polled less and less often, down to once per this many milliseconds; `wake()`
   * (a write to a table, seen by `wakeOnWrites`) brings it back to `pollIntervalMs`.
   */
  idlePollMaxMs?: number;
  /** Backoff before retry n is retryBaseMs * 2^(n-1). */
  retryBaseMs?: number;
  /** Where checkpoints and dead letters are written; null keeps them in memory only. */
  stateDir?: string | null;
  log?: (message: string) => void;
}

export interface StreamMailer {
  readonly deadLetters: readonly DeadLetter[];
  /** Resolves once every shard has been read up to its current end and delivered. */
  drained(): Promise<void>;
  /** Something may have been written: idle readers poll again within `pollIntervalMs` of their last read. */
  wake(): void;
  stop(): Promise<void>;
}

const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/**
 * Wakes the mailer's idle readers after each write through `client` (the handlers' client in this
 * process), so mail goes out as soon as it is owed while an idle platform hardly polls at all.
 * Returns the function that removes the hook.
 */
export function wakeOnWrites(client: { middlewareStack: MiddlewareStack<any, any> }, mailer: Pick<StreamMailer, 'wake'>): () => void {
  const name = 'localStreamMailerWake';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (WRITE_COMMANDS.has(context.commandName ?? '')) mailer.wake();
      return result;
    },
    { step: 'initialize', name },
  );
  return () => void client.middlewareStack.remove(name);
}

const DEFAULT_BATCH_SIZE = 100;
/** GetRecords' maximum page. */
const READ_LIMIT = 1000;
const DEFAULT_MAX_ATTEMPTS = 4;
/**
 * How often a table's shards are listed while none of them closes. A shard that closes has its
 * children listed at once, so this only bounds how late a shard nobody announced is found, and
 * each listing costs DynamoDB Local a scan of the stream's records.
 */
const SHARD_DISCOVERY_MS = 30_000;
const CHECKPOINT_FILE = 'stream-checkpoints.json';
const DEAD_LETTER_FILE = 'mailer-dead-letters.jsonl';

function toLambdaAttribute(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((item) => Buffer.from(item).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) ?? {} };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  return { NULL: true };
}

function toLambdaImage(image: Record<string, SdkAttributeValue> | undefined): Record<string, AttributeValue> | undefined {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaAttribute(value)]));
}

/** DynamoDB Local names its region `ddblocal`; Lambda events carry the real region. */
function normalizeArn(arn: string): string {
  return arn.replace(':ddblocal:', `:${LOCAL_REGION}:`);
}

/** A GetRecords record as Lambda delivers it: base64 binaries, epoch-second timestamps, the source ARN. */
export function toLambdaRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const created = stream.ApproximateCreationDateTime;
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {
    ...(created !== undefined ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
    ...(stream.Keys ? { Keys: toLambdaImage(stream.Keys) } : {}),
    ...(stream.NewImage ? { NewImage: toLambdaImage(stream.NewImage) } : {}),
    ...(stream.OldImage ? { OldImage: toLambdaImage(stream.OldImage) } : {}),
    ...(stream.SequenceNumber !== undefined ? { SequenceNumber: stream.SequenceNumber } : {}),
    ...(stream.SizeBytes !== undefined ? { SizeBytes: stream.SizeBytes } : {}),
    ...(stream.StreamViewType !== undefined ? { StreamViewType: stream.StreamViewType } : {}),
  };
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb,
    eventSourceARN: normalizeArn(streamArn),
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

const defaultHandler: StreamHandler = async (event) => (await invokeFunction('mailer', event)) as DynamoDBBatchResponse | null;

export async function startStreamMailer(options: StreamMailerOptions): Promise<StreamMailer> {
  const log = options.log ?? ((message: string) => console.log(`[stream-mailer] ${message}`));
  const handler = options.handler ?? defaultHandler;
  // Lambda polls each shard four times a second.
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const idlePollMaxMs = Math.max(pollIntervalMs, options.idlePollMaxMs ?? 2000);
  const retryBaseMs = options.retryBaseMs ?? 200;
  const stateDir = options.stateDir ?? null;
  const sources: StreamSource[] = options.sources.map((source) => (typeof source === 'string' ? { tableName: source } : source));

  const dynamo = localDynamoClient(options.dynamoEndpoint, options.tablePrefix);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.dynamoEndpoint,
    region: LOCAL_REGION,
    credentials: localCredentials(options.tablePrefix),
    maxAttempts: 3,
  });
  const stopping = new AbortController();
  const deadLetters: DeadLetter[] = [];
  const loops = new Set<Promise<void>>();
  /** Per shard reader: has it read to the end of its shard since drained() last asked? */
  const caughtUp = new Map<string, boolean>();
  /** Tables whose shards have been listed at least once. */
  const discovered = new Set<string>();

  // --- checkpoints -------------------------------------------------------------------------
  const checkpoints = new Map<string, string>();
  const checkpointFile = stateDir ? path.join(stateDir, CHECKPOINT_FILE) : null;
  if (checkpointFile) {
    try {
      const saved = JSON.parse(await readFile(checkpointFile, 'utf8')) as Record<string, string>;
      for (const [key, sequence] of Object.entries(saved)) checkpoints.set(key, sequence);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`ignoring unreadable ${checkpointFile}: ${String(error)}`);
    }
  }
  let saveTimer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  const saveCheckpoints = async () => {
    if (!checkpointFile) return;
    const snapshot = JSON.stringify(Object.fromEntries(checkpoints), null, 1);
    saving = saving.then(async () => {
      await mkdir(path.dirname(checkpointFile), { recursive: true });
      // Write-then-rename: a crash never leaves a half-written checkpoint file.
      await writeFile(`${checkpointFile}.tmp`, snapshot);
      await rename(`${checkpointFile}.tmp`, checkpointFile);
    }).catch((error: unknown) => log(`could not save checkpoints: ${String(error)}`));
    await saving;
  };
  const checkpoint = (key: string, sequence: string) => {
    checkpoints.set(key, sequence);
    if (checkpointFile && !saveTimer) {
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        void saveCheckpoints();
      }, 500);
    }
  };

  /**
   * Waits that stop() ends at once, as does their `end()`. A reader's wait between polls (`nap`) is
   * also ended early by `wake()`, though never sooner than `pollIntervalMs` after it began, and
   * resolves true when a wake ended it; retries and shard discovery `sleep` through wakes.
   */
  const naps = new Set<{ startedAt: number; timer: NodeJS.Timeout; woken: boolean; finish: () => void }>();
  const wait = (ms: number, wakeable: boolean): { done: Promise<boolean>; end: () => void } => {
    let end = () => {};
    const done = new Promise<boolean>((resolve) => {
      if (stopping.signal.aborted) return resolve(false);
      const entry = { startedAt: Date.now(), timer: setTimeout(finish, ms), woken: false, finish };
      function finish() {
        clearTimeout(entry.timer);
        naps.delete(entry);
        stopping.signal.removeEventListener('abort', finish);
        resolve(entry.woken);
      }
      end = finish;
      if (wakeable) naps.add(entry);
      stopping.signal.addEventListener('abort', finish, { once: true });
    });
    return { done, end: () => end() };
  };
  const nap = (ms: number) => wait(ms, true).done;
  const sleep = (ms: number) => wait(ms, false).done;
  /** Wakes so far: a reader that was reading when one came does not go on to a long nap. */
  let wakes = 0;
  const wake = () => {
    wakes++;
    for (const entry of naps) {
      if (entry.woken) continue;
      entry.woken = true;
      clearTimeout(entry.timer);
      entry.timer = setTimeout(entry.finish, Math.max(0, entry.startedAt + pollIntervalMs - Date.now()));
    }
  };

  // --- delivery -----------------------------------------------------------------------------
  async function deadLetter(tableName: string, records: DynamoDBRecord[], error: string) {
    const letter: DeadLetter = { tableName, at: new Date().toISOString(), error, records };
    deadLetters.push(letter);
    log(`${records.length} record(s) of ${tableName} failed every attempt (${error}); kept as dead letters`);
    if (stateDir) {
      await mkdir(stateDir, { recursive: true });
      await appendFile(path.join(stateDir, DEAD_LETTER_FILE), `${JSON.stringify(letter)}\n`).catch((cause: unknown) =>
        log(`could not write dead letters: ${String(cause)}`),
      );
    }
  }

  let missingHandlerReported = false;
  /**
   * Calls the handler as Lambda does with ReportBatchItemFailures: a failure resends the batch from
   * the lowest failed record. False when interrupted by stop(): the records are then not
   * checkpointed, and the next start delivers them again.
   */
  async function deliver(source: StreamSource, records: DynamoDBRecord[]): Promise<boolean> {
    const maxAttempts = source.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    let pending = records;
    let lastError = '';
    let lastFailed: DynamoDBRecord[] = pending;
    for (let attempt = 1; ; ) {
      let failedFrom = -1;
      try {
        const response = await handler({ Records: pending });
        const failures = response?.batchItemFailures ?? [];
        if (failures.length === 0) return true;
        const indexes = failures.map((failure) => pending.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier));
        // An identifier that is empty or not in the batch fails the whole batch, as in Lambda.
        failedFrom = indexes.some((index) => index < 0) ? 0 : Math.min(...indexes);
        const failedSet = new Set(indexes);
        lastFailed = indexes.some((index) => index < 0) ? pending : pending.filter((_, index) => failedSet.has(index));
        lastError = `handler reported ${failures.length} failed record(s)`;
      } catch (error) {
        if (error instanceof HandlerNotFoundError) {
          // Not a failure of these records: wait for the handler instead of burning their attempts.
          if (!missingHandlerReported) log(`${error.message}; holding stream records until it exists`);
          missingHandlerReported = true;
          await sleep(5000);
          if (stopping.signal.aborted) return false;
          continue;
        }
        failedFrom = 0;
        lastFailed = pending;
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (source.bisectOnError && pending.length > 1) {
          // Isolates a poison record instead of failing its neighbours with it.
          const half = Math.ceil(pending.length / 2);
          return (await deliver(source, pending.slice(0, half))) && (await deliver(source, pending.slice(half)));
        }
      }
      pending = pending.slice(failedFrom);
      if (attempt >= maxAttempts) {
        await deadLetter(source.tableName, lastFailed, lastError);
        return true;
      }
      await sleep(retryBaseMs * 2 ** (attempt - 1));
      if (stopping.signal.aborted) return false;
      attempt++;
    }
  }

  // --- shard readers ------------------------------------------------------------------------
  async function iteratorFor(streamArn: string, shardId: string, fromStart = false): Promise<string | undefined> {
    const after = fromStart ? undefined : checkpoints.get(`${streamArn}|${shardId}`);
    const response = await streams.send(
      new GetShardIteratorCommand(
        after
          ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
      ),
    );
    return response.ShardIterator;
  }

  async function readShard(source: StreamSource, streamArn: string, shardId: string, finished: Set<string>, closed: () => void): Promise<void> {
    const key = `${streamArn}|${shardId}`;
    let iterator: string | undefined;
    /** Polls in a row that found nothing: each doubles the wait before the next, up to idlePollMaxMs. */
    let emptyReads = 0;
    while (!stopping.signal.aborted) {
      try {
        iterator ??= await iteratorFor(streamArn, shardId);
        if (!iterator) break;
        const wakesBefore = wakes;
        const response = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: READ_LIMIT }));
        const records = response.Records ?? [];
        if (records.length > 0) {
          caughtUp.set(key, false);
          // As Lambda's poller: read a page, then invoke with batches of at most BatchSize.
          const passing = records.map((record) => toLambdaRecord(record, streamArn)).filter((record) => passesFilters(source.filters, record));
          const batchSize = source.batchSize ?? DEFAULT_BATCH_SIZE;
          let interrupted = false;
          for (let start = 0; start < passing.length && !interrupted; start += batchSize) {
            const batch = passing.slice(start, start + batchSize);
            interrupted = !(await deliver(source, batch));
            if (!interrupted) checkpoint(key, batch.at(-1)!.dynamodb!.SequenceNumber!);
          }
          if (interrupted) break;
          const last = records.at(-1)?.dynamodb?.SequenceNumber;
          if (last) checkpoint(key, last);
        }
        iterator = response.NextShardIterator;
        if (!iterator) break; // closed shard, fully read
        if (records.length === 0) caughtUp.set(key, true);
        emptyReads = records.length === 0 && wakes === wakesBefore ? emptyReads + 1 : 0;
        // A full page means a backlog: read on at once. Otherwise poll at Lambda's pace while mail
        // flows, and less often while none does: every GetRecords is work for the same JVM that
        // serves the API's writes, and a platform idles most of its life.
        // After a wake the waits start short again, in case the write's record is not readable yet.
        if (records.length < READ_LIMIT && (await nap(Math.min(pollIntervalMs * 2 ** Math.max(0, emptyReads - 1), idlePollMaxMs)))) emptyReads = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        if (error instanceof ExpiredIteratorException) {
          iterator = undefined;
          continue;
        }
        if (error instanceof TrimmedDataAccessException) {
          iterator = await iteratorFor(streamArn, shardId, true).catch(() => undefined);
          continue;
        }
        if (error instanceof ResourceNotFoundException) break;
        log(`reading ${source.tableName} shard ${shardId} failed: ${String(error)}; retrying`);
        iterator = undefined;
        await sleep(1000);
      }
    }
    finished.add(shardId);
    caughtUp.delete(key);
    closed();
  }

  async function listShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const response = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      shards.push(...(response.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = response.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async function followTable(source: StreamSource): Promise<void> {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: source.tableName }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`Table ${source.tableName} has no stream: the outbox needs one`);
    const started = new Set<string>();
    const finished = new Set<string>();
    /** A shard closed since the last listing began: list again without waiting. */
    let closedSinceListing = false;
    let endPause = () => {};
    const shardClosed = () => {
      closedSinceListing = true;
      endPause();
    };
    while (!stopping.signal.aborted) {
      closedSinceListing = false;
      try {
        const shards = await listShards(streamArn);
        const known = new Set(shards.map((shard) => shard.ShardId));
        for (const shard of shards) {
          const shardId = shard.ShardId;
          if (!shardId || started.has(shardId)) continue;
          // A child shard waits for its parent, so records of one item stay in order.
          const parent = shard.ParentShardId;
          if (parent && known.has(parent) && !finished.has(parent)) continue;
          started.add(shardId);
          caughtUp.set(`${streamArn}|${shardId}`, false);
          track(readShard(source, streamArn, shardId, finished, shardClosed));
        }
        discovered.add(source.tableName);
      } catch (error) {
        if (stopping.signal.aborted) break;
        if (error instanceof ResourceNotFoundException) break;
        log(`listing shards of ${source.tableName} failed: ${String(error)}`);
        await sleep(1000);
        continue;
      }
      if (closedSinceListing) continue;
      const pause = wait(SHARD_DISCOVERY_MS, false);
      endPause = pause.end;
      await pause.done;
    }
  }

  function track(loop: Promise<void>): void {
    const guarded = loop.catch((error: unknown) => log(`stream reader stopped: ${String(error)}`));
    loops.add(guarded);
    void guarded.finally(() => loops.delete(guarded));
  }

  // Fail fast on a table without a stream; keep following the others in the background.
  for (const source of sources) {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: source.tableName }));
    if (!table.Table?.LatestStreamArn) throw new Error(`Table ${source.tableName} has no stream: the outbox needs one`);
    track(followTable(source));
  }

  return {
    deadLetters,
    wake,
    async drained() {
      // Every table's shards listed, then every reader reporting an empty read after this call.
      wake();
      const deadline = Date.now() + 30_000;
      const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
      while (Date.now() < deadline && discovered.size < sources.length) await pause();
      for (const key of caughtUp.keys()) caughtUp.set(key, false);
      while (Date.now() < deadline && [...caughtUp.values()].some((value) => !value)) await pause();
    },
    async stop() {
      stopping.abort();
      await Promise.allSettled([...loops]);
      clearTimeout(saveTimer);
      saveTimer = undefined;
      await saveCheckpoints();
      streams.destroy();
      dynamo.destroy();
    },
  };
}
