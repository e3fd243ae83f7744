import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

/**
 * What the Lambda runtime gives a handler, reproduced in-process: the module `functions/<name>/handler.ts`
 * loaded once (lazily, so the platform sets the environment first), a context object, and a
 * JSON round trip of the result as Lambda serializes it.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export type AnyHandler = (event: any, context: Context) => Promise<unknown> | unknown;

export function handlerPath(functionName: string): string {
  return path.join(REPO_ROOT, 'functions', functionName, 'handler.ts');
}

export class HandlerNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`No handler for function "${functionName}": expected ${path.relative(REPO_ROOT, handlerPath(functionName))} exporting \`handler\``);
    this.name = 'HandlerNotFoundError';
  }
}

const modules = new Map<string, Promise<AnyHandler>>();

/** Told of every handler call and how long it took (the benchmark prices Lambda time with it). */
export type InvocationObserver = (functionName: string, milliseconds: number) => void;
const invocationObservers = new Set<InvocationObserver>();

/** Observes every handler call from now on; the returned function stops observing. */
export function observeInvocations(observer: InvocationObserver): () => void {
  invocationObservers.add(observer);
  return () => invocationObservers.delete(observer);
}

function observed(functionName: string, handler: AnyHandler): AnyHandler {
  return async (event, context) => {
    if (invocationObservers.size === 0) return handler(event, context);
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      const elapsed = performance.now() - started;
      for (const observer of invocationObservers) observer(functionName, elapsed);
    }
  };
}

/** The handler of `functions/<name>/handler.ts`, imported on first use and cached. */
export function loadHandler(functionName: string): Promise<AnyHandler> {
  let loading = modules.get(functionName);
  if (!loading) {
    loading = (async () => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(functionName)) throw new HandlerNotFoundError(functionName);
      const file = handlerPath(functionName);
      if (!existsSync(file)) throw new HandlerNotFoundError(functionName);
      const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      if (typeof module.handler !== 'function') throw new HandlerNotFoundError(functionName);
      return observed(functionName, module.handler as AnyHandler);
    })();
    modules.set(functionName, loading);
    // A failed import is not cached: the file may be written (or fixed) while we run.
    loading.catch(() => modules.delete(functionName));
  }
  return loading;
}

export function lambdaFunctionArn(functionName: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`;
}

/** `functions/<name>` from a Lambda ARN (with or without qualifier) or a plain function name. */
export function functionNameFromArn(arnOrName: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arnOrName);
  return match?.[1] ?? arnOrName;
}

export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaFunctionArn(functionName),
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Lambda returns JSON: dates become strings, undefined disappears, an empty result is null. */
export function asLambdaJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Runs a handler as Lambda would and returns its JSON result; errors keep their name. */
export async function invokeFunction(functionName: string, payload: unknown, timeoutMs = 15 * 60 * 1000): Promise<unknown> {
  const handler = await loadHandler(functionName);
  const result = await handler(payload, lambdaContext(functionName, timeoutMs));
  return asLambdaJson(result);
}
