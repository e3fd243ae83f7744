import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack, Validations, type CfnResource, type Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/names.ts';
import type { TableDeclaration } from '../../shared/store/tables.ts';
import { FUNCTION_DEFAULTS, LARGE_MEMORY_FUNCTIONS, LARGE_MEMORY_SIZE, LOG_RETENTION, METADATA } from '../settings.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The newest Node.js runtime this aws-cdk-lib knows (cdk-nag L1 checks exactly that). Node 24 runs
 * async handlers only, which is what `functions/` writes anyway.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
/** Graviton: cheaper per GB-second than x86, and nothing here ships native code. */
export const LAMBDA_ARCHITECTURE = Architecture.ARM_64;

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (esbuild keeps those calls);
 * giving the module a real `require` makes them work. The alias avoids a clash with bundled code
 * that imports `createRequire` itself.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __ogcCreateRequire } from 'node:module'; const require = __ogcCreateRequire(import.meta.url);";

export interface ServiceFunctionProps {
  /** Folder under `functions/`: the entry point is `functions/<name>/handler.ts`. */
  name: string;
  description?: string;
  timeout: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
}

export function handlerEntry(name: string): string {
  return join(PROJECT_ROOT, 'functions', name, 'handler.ts');
}

/** `create-submission` → `CreateSubmission`: stable, readable construct ids and logical ids. */
export function constructIdFor(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * One Lambda entry point, configured the same way for every function: current runtime, ARM64, an
 * ESM bundle with source maps, the AWS SDK left to the runtime, X-Ray, and its own log group with
 * a retention (a function-created log group would keep logs forever).
 */
export function createServiceFunction(scope: Construct, props: ServiceFunctionProps): LambdaFunction {
  const id = constructIdFor(props.name);
  const entry = handlerEntry(props.name);
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: LOG_RETENTION });
  // An own role instead of the managed AWSLambdaBasicExecutionRole, which may write to every log
  // group in the account: this one may write to the function's log group only.
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs functions/${props.name}`,
  });
  logGroup.grantWrite(role);

  const common = {
    description: props.description ?? `Open Gov Challenge: functions/${props.name}`,
    runtime: LAMBDA_RUNTIME,
    architecture: LAMBDA_ARCHITECTURE,
    memorySize: props.memorySize ?? (LARGE_MEMORY_FUNCTIONS.has(props.name) ? LARGE_MEMORY_SIZE : FUNCTION_DEFAULTS.memorySize),
    timeout: props.timeout,
    tracing: Tracing.ACTIVE,
    role,
    logGroup,
    environment: {
      // Stack traces then point at the TypeScript sources instead of the minified bundle.
      NODE_OPTIONS: '--enable-source-maps',
      // Powertools (shared/http/logger.ts, shared/observability): one service name across functions,
      // so each metric is one series and the alarms watch it whichever function emits it.
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...props.environment,
    },
  };

  let fn: LambdaFunction;
  if (existsSync(entry) || Stack.of(scope).bundlingRequired) {
    // When bundling is required a missing entry must fail loudly, which NodejsFunction does.
    fn = new NodejsFunction(scope, id, {
      ...common,
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The Lambda Node.js runtime ships AWS SDK v3; bundling it again only grows cold starts.
        externalModules: ['@aws-sdk/*'],
      },
    });
  } else {
    // Synthesis without bundling (tests, the local platform's definition extraction) only needs
    // the template's shape. A handler not written yet gets a code placeholder that cannot reach AWS:
    // every deployable synthesis bundles, and bundling fails on a missing entry.
    fn = new LambdaFunction(scope, id, {
      ...common,
      handler: 'index.handler',
      code: Code.fromInline(
        `exports.handler = async () => { throw new Error(${JSON.stringify(`functions/${props.name}/handler.ts was not bundled`)}); };`,
      ),
    });
  }

  // The local platform maps a synthesized function (by logical id / ARN) back to its handler folder.
  (fn.node.defaultChild as CfnResource).addMetadata(METADATA.function, props.name);

  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions; tracing is on for every function.',
  });
  return fn;
}

/**
 * `name-only`: the function never touches the table, but `shared/config/env.ts` requires every
 * table's name in every function's environment, so it gets the name and no permission.
 */
export type TableAccess = 'name-only' | 'read' | 'readwrite';

export interface TableBinding {
  declaration: TableDeclaration;
  table: ITableV2;
}

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/**
 * Tells a function a table's physical name (through the declaration's environment variable) and
 * grants exactly the access it needs, in one call so the two cannot drift apart. The grant names
 * the table and each declared index (`<table>/index/<name>`), so it needs no `index/*` wildcard
 * (which the table's own grant methods would add). Transactions are authorised per item action.
 * The tables use DynamoDB's own encryption key; a customer-managed key would need a KMS grant here.
 */
export function bindTable(fn: LambdaFunction, binding: TableBinding, access: TableAccess): void {
  fn.addEnvironment(binding.declaration.envVar, binding.table.tableName);
  if (access === 'name-only') return;
  const tableArn = binding.table.tableArn;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: access === 'readwrite' ? [...READ_ACTIONS, ...WRITE_ACTIONS] : READ_ACTIONS,
      resources: [tableArn, ...binding.declaration.indexes.map((index) => `${tableArn}/index/${index.indexName}`)],
    }),
  );
}
