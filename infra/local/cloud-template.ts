import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLES, type TableDeclaration } from '../../shared/store/tables.ts';
import { localTableName } from './dynamodb.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, REPO_ROOT, lambdaFunctionArn } from './lambda-runtime.ts';
import { spawnManaged } from './processes.ts';
import type { StreamSource } from './stream-mailer.ts';

/**
 * Reads what the local platform needs out of the synthesized CloudFormation templates, so that
 * nothing deployed is re-declared locally: the state machines' ASL (tokens resolved to local
 * names), the environment variables naming them, and the mailer's stream event source mappings.
 */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
}

export interface CloudTemplates {
  stateful: CfnTemplate;
  stateless: CfnTemplate;
}

export interface LocalStateMachineSpec {
  name: string;
  arn: string;
  /** Runnable ASL: every CloudFormation token replaced with a local value. */
  definition: Record<string, unknown>;
}

export interface LocalWorkflows {
  machines: LocalStateMachineSpec[];
  /** Environment variables of the functions whose value is a state machine ARN. */
  environment: Record<string, string>;
  /** The mailer's event source mappings, by physical table name. */
  streamSources: StreamSource[];
}

/** Keys of resource Metadata written by the CDK constructs (`infra/settings.ts` METADATA). */
const FUNCTION_METADATA = 'ogc:function';
const STATE_MACHINE_METADATA = 'ogc:state-machine';

export const stateMachineArn = (name: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
  'AWS::StackId': `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/local/local`,
};

const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);
/** What a resolved stream ARN looks like before the reader swaps in the real one. */
const STREAM_MARKER = 'local-stream-of:';

class Resolver {
  private readonly all: CfnTemplate[];

  constructor(
    private readonly templates: CloudTemplates,
    private readonly tablePrefix: string,
  ) {
    this.all = [templates.stateful, templates.stateless];
  }

  private find(logicalId: string, template: CfnTemplate): CfnResource {
    const resource = template.Resources?.[logicalId];
    if (!resource) throw new Error(`The template references ${logicalId}, which it does not define`);
    return resource;
  }

  functionName(logicalId: string, resource: CfnResource): string {
    const name = resource.Metadata?.[FUNCTION_METADATA];
    if (typeof name !== 'string') {
      throw new Error(`Lambda ${logicalId} has no "${FUNCTION_METADATA}" metadata, so the local platform cannot tell which functions/<name>/handler.ts it runs`);
    }
    return name;
  }

  stateMachineName(logicalId: string, resource: CfnResource): string {
    const fromMetadata = resource.Metadata?.[STATE_MACHINE_METADATA];
    if (typeof fromMetadata === 'string') return fromMetadata;
    const fromProperty = resource.Properties?.StateMachineName;
    return typeof fromProperty === 'string' ? fromProperty : logicalId;
  }

  tableDeclaration(logicalId: string, resource: CfnResource): TableDeclaration {
    const explicit = resource.Properties?.TableName;
    const byName = typeof explicit === 'string' ? TABLES.find((table) => explicit.toLowerCase().includes(table.id.toLowerCase())) : undefined;
    const byId = [...TABLES]
      .sort((a, b) => b.id.length - a.id.length)
      .find((table) => logicalId.toLowerCase().includes(table.id.toLowerCase()));
    const found = byName ?? byId;
    if (!found) throw new Error(`Table ${logicalId} matches no declaration of shared/store/tables.ts`);
    return found;
  }

  private ref(logicalId: string, template: CfnTemplate): unknown {
    if (logicalId in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[logicalId];
    if (logicalId === 'AWS::NoValue') return undefined;
    const resource = template.Resources?.[logicalId];
    if (!resource) return `local-${logicalId}`; // a Parameter or Condition: no local meaning
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return this.functionName(logicalId, resource);
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(this.stateMachineName(logicalId, resource));
      default:
        if (TABLE_TYPES.has(resource.Type)) return localTableName(this.tableDeclaration(logicalId, resource), this.tablePrefix);
        return `local-${logicalId}`;
    }
  }

  private getAtt(logicalId: string, attribute: string, template: CfnTemplate): unknown {
    const resource = this.find(logicalId, template);
    if (resource.Type === 'AWS::Lambda::Function' && attribute === 'Arn') return lambdaFunctionArn(this.functionName(logicalId, resource));
    if (resource.Type === 'AWS::StepFunctions::StateMachine') {
      const name = this.stateMachineName(logicalId, resource);
      return attribute === 'Name' ? name : stateMachineArn(name);
    }
    if (TABLE_TYPES.has(resource.Type)) {
      const table = localTableName(this.tableDeclaration(logicalId, resource), this.tablePrefix);
      if (attribute === 'StreamArn') return `${STREAM_MARKER}${table}`;
      return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table}`;
    }
    if (resource.Type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${logicalId}`;
    return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}/${attribute}`;
  }

  private importValue(name: string): unknown {
    for (const template of this.all) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export && this.resolve(output.Export.Name, template) === name) return this.resolve(output.Value, template);
      }
    }
    throw new Error(`Fn::ImportValue ${name}: no template exports it`);
  }

  resolve(value: unknown, template: CfnTemplate): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, template));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, argument] = entries[0]!;
      switch (key) {
        case 'Ref':
          return this.ref(String(argument), template);
        case 'Fn::GetAtt': {
          const [logicalId, ...attribute] = Array.isArray(argument) ? argument.map(String) : String(argument).split('.');
          return this.getAtt(logicalId!, attribute.join('.'), template);
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return (this.resolve(parts, template) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = argument as [unknown, unknown];
          return (this.resolve(list, template) as unknown[])[Number(this.resolve(index, template))];
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, unknown];
          return String(this.resolve(text, template)).split(separator);
        }
        case 'Fn::Sub': {
          const [text, variables] = Array.isArray(argument) ? (argument as [string, Record<string, unknown>]) : [String(argument), {}];
          return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
            if (name in variables) return String(this.resolve(variables[name], template));
            const [logicalId, ...attribute] = name.split('.');
            return String(attribute.length > 0 ? this.getAtt(logicalId!, attribute.join('.'), template) : this.ref(logicalId!, template));
          });
        }
        case 'Fn::ImportValue':
          return this.importValue(String(this.resolve(argument, template)));
        default:
          if (key.startsWith('Fn::')) throw new Error(`${key} is not supported by the local template reader`);
      }
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item, template)]));
  }
}

function resourcesOf(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

export function extractWorkflows(templates: CloudTemplates, tablePrefix: string): LocalWorkflows {
  const resolver = new Resolver(templates, tablePrefix);
  const machines: LocalStateMachineSpec[] = [];
  const environment: Record<string, string> = {};
  const streamSources: StreamSource[] = [];

  for (const template of [templates.stateful, templates.stateless]) {
    for (const [logicalId, resource] of resourcesOf(template, 'AWS::StepFunctions::StateMachine')) {
      const properties = resource.Properties ?? {};
      const name = resolver.stateMachineName(logicalId, resource);
      let definition: Record<string, unknown>;
      if (properties.Definition !== undefined) {
        definition = resolver.resolve(properties.Definition, template) as Record<string, unknown>;
      } else {
        let text = String(resolver.resolve(properties.DefinitionString, template));
        const substitutions = resolver.resolve(properties.DefinitionSubstitutions ?? {}, template) as Record<string, unknown>;
        for (const [key, substitute] of Object.entries(substitutions)) text = text.split(`\${${key}}`).join(String(substitute));
        definition = JSON.parse(text) as Record<string, unknown>;
      }
      machines.push({ name, arn: stateMachineArn(name), definition });
    }

    for (const [, resource] of resourcesOf(template, 'AWS::Lambda::Function')) {
      const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      for (const [name, raw] of Object.entries(variables)) {
        if (typeof raw !== 'object' || raw === null) continue;
        let value: unknown;
        try {
          value = resolver.resolve(raw, template);
        } catch {
          continue;
        }
        if (typeof value === 'string' && value.startsWith('arn:aws:states:')) environment[name] = value;
      }
    }

    for (const [logicalId, resource] of resourcesOf(template, 'AWS::Lambda::EventSourceMapping')) {
      const properties = resource.Properties ?? {};
      const target = String(resolver.resolve(properties.FunctionName, template));
      if (!target.endsWith('mailer')) continue;
      const source = String(resolver.resolve(properties.EventSourceArn, template));
      if (!source.startsWith(STREAM_MARKER)) throw new Error(`Event source mapping ${logicalId} reads ${source}, which is not a table stream`);
      const retries = Number(properties.MaximumRetryAttempts ?? -1);
      const filters = ((properties.FilterCriteria as { Filters?: { Pattern?: string }[] } | undefined)?.Filters ?? [])
        .map((filter) => filter.Pattern)
        .filter((pattern): pattern is string => typeof pattern === 'string')
        .map((pattern) => JSON.parse(pattern) as Record<string, unknown>);
      streamSources.push({
        tableName: source.slice(STREAM_MARKER.length),
        batchSize: Number(properties.BatchSize ?? 100),
        // "Retry until the record expires" (-1) becomes a handful of tries locally.
        maxAttempts: retries < 0 ? 10 : Math.min(retries, 20) + 1,
        bisectOnError: properties.BisectBatchOnFunctionError === true,
        ...(filters.length > 0 ? { filters } : {}),
      });
    }
  }
  return { machines, environment, streamSources };
}

/**
 * Synthesizes the CDK app in a child process (`infra/synth.ts`, `synthesizeTemplates({ bundle: false })`).
 * A child keeps aws-cdk-lib out of the long-running platform process, and synthesis runs on the
 * other core while the JVM starts. Resolves null when infra/synth.ts does not exist (yet).
 */
export async function synthesizeInChild(options: { echo?: boolean; timeoutMs?: number } = {}): Promise<CloudTemplates | null> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'ogc-synth-'));
  const outFile = path.join(directory, 'templates.json');
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'synth-child.ts');
  try {
    const child = await spawnManaged(process.execPath, ['--import', 'tsx', script, outFile], {
      name: 'CDK synth',
      cwd: REPO_ROOT,
      orphanGuard: 'stdin',
      echo: options.echo ?? false,
      // The platform needs only the templates: aws-cdk-lib's own template validation (a WebAssembly
      // engine, some 20 s of CPU to start) is left to `npm run synth` and deployments.
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_VALIDATION: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    // Generous: on two busy cores (DynamoDB Local's JVM, tests) synthesis has taken well over a minute.
    const timer = setTimeout(() => void child.stop(1000), options.timeoutMs ?? 300_000);
    const code = await child.exited;
    clearTimeout(timer);
    let result: { ok: boolean; missing?: boolean; message?: string; templates?: CloudTemplates };
    try {
      result = JSON.parse(await readFile(outFile, 'utf8')) as typeof result;
    } catch {
      throw new Error(`Synthesizing the CDK app failed (exit ${code}).\n${child.output().trim()}`);
    }
    if (result.ok && result.templates) return result.templates;
    if (result.missing) return null;
    throw new Error(`Synthesizing the CDK app failed: ${result.message ?? 'unknown error'}`);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'ogc-local');

async function filesUnder(directory: string, skip: (relative: string) => boolean): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)))
    .filter((relative) => !skip(relative))
    .sort();
}

/**
 * A fingerprint of everything synthesis reads: the CDK code and the shared declarations it
 * imports, which handler files exist (a construct checks for them), and the installed packages.
 */
async function synthFingerprint(): Promise<string> {
  const sources = [
    ...(await filesUnder(path.join(REPO_ROOT, 'infra'), (file) => file.startsWith(path.join('infra', 'local')))),
    ...(await filesUnder(path.join(REPO_ROOT, 'shared'), () => false)),
    'cdk.json',
    'package-lock.json',
  ];
  const hash = createHash('sha256');
  for (const file of sources) {
    hash.update(file);
    hash.update(await readFile(path.join(REPO_ROOT, file)).catch(() => Buffer.alloc(0)));
  }
  for (const handler of await filesUnder(path.join(REPO_ROOT, 'functions'), (file) => !file.endsWith('handler.ts'))) hash.update(handler);
  return hash.digest('hex').slice(0, 20);
}

async function readCache(cacheFile: string): Promise<CloudTemplates | undefined> {
  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as CloudTemplates;
  } catch {
    return undefined;
  }
}

/** A lock older than this was left by a start that died while synthesizing. */
const STALE_LOCK_MS = 180_000;

/**
 * Takes the right to synthesize a fingerprint: platforms started side by side (the test files, a
 * second terminal) would otherwise each run the same synthesis, seconds of CPU apiece. `false`
 * when another process holds it and is still alive by the lock's age.
 */
async function lockSynthesis(lockFile: string): Promise<boolean> {
  await mkdir(CACHE_DIR, { recursive: true });
  try {
    await (await open(lockFile, 'wx')).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true; // no lock possible: synthesize unguarded
    const age = Date.now() - (await stat(lockFile).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
    if (age < STALE_LOCK_MS) return false;
    await rm(lockFile, { force: true });
    return lockSynthesis(lockFile);
  }
}

/**
 * The synthesized templates, from a cache under node_modules/.cache when nothing synthesis reads
 * has changed (synthesis takes seconds; reading the cache, milliseconds). One process synthesizes a
 * fingerprint at a time; the others wait for its cache file, and synthesize themselves only if it
 * gives up without one.
 */
export async function loadTemplates(options: { echo?: boolean } = {}): Promise<CloudTemplates | null> {
  const key = await synthFingerprint();
  const cacheFile = path.join(CACHE_DIR, `templates-${key}.json`);
  const lockFile = `${cacheFile}.lock`;
  for (;;) {
    const cached = await readCache(cacheFile);
    if (cached) return cached;
    if (await lockSynthesis(lockFile).catch(() => true)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    const templates = await synthesizeInChild(options);
    if (templates) await writeCache(cacheFile, templates);
    return templates;
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function writeCache(cacheFile: string, templates: CloudTemplates): Promise<void> {
  try {
    for (const stale of (await readdir(CACHE_DIR)).filter((name) => name.startsWith('templates-') && name.endsWith('.json'))) {
      await rm(path.join(CACHE_DIR, stale), { force: true });
    }
    // Written under a unique name, then renamed: parallel starts never read half a file.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(templates));
    await rename(partial, cacheFile);
  } catch {
    // Only a cache: a read-only node_modules means synthesizing at every start.
  }
}
