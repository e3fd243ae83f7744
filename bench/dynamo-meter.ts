import { dynamo } from '../shared/store/clients.ts';

/** What the handlers of this process asked of DynamoDB, by command, since the last reset. */
export interface DynamoUsage {
  requests: Record<string, number>;
  /** Time from sending to answer, summed per command (ms). */
  milliseconds: Record<string, number>;
  /** Capacity units as DynamoDB reports them (ReturnConsumedCapacity), split by kind of command. */
  readUnits: number;
  writeUnits: number;
}

export interface DynamoMeter {
  snapshot(): DynamoUsage;
  totalRequests(): number;
  reset(): void;
}

/** Commands that consume read capacity; every other data command consumes write capacity. */
const READ_COMMANDS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);
const CAPACITY_COMMANDS = new Set([...READ_COMMANDS, 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

const capacityOf = (consumed: unknown): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0),
    0,
  );

let meter: DynamoMeter | undefined;

/**
 * Counts every DynamoDB request the handlers make in this process (they share one client), with
 * its latency and the capacity it consumed: each data command is sent with
 * `ReturnConsumedCapacity: TOTAL`, which DynamoDB Local honours. Installed once per process.
 */
export function meterDynamo(): DynamoMeter {
  if (meter) return meter;
  const usage: DynamoUsage = { requests: {}, milliseconds: {}, readUnits: 0, writeUnits: 0 };
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (CAPACITY_COMMANDS.has(command)) input.ReturnConsumedCapacity ??= 'TOTAL';
      const started = performance.now();
      const result = await next(args);
      usage.requests[command] = (usage.requests[command] ?? 0) + 1;
      usage.milliseconds[command] = (usage.milliseconds[command] ?? 0) + performance.now() - started;
      const units = capacityOf((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
      if (READ_COMMANDS.has(command)) usage.readUnits += units;
      else usage.writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'benchDynamoMeter' },
  );
  meter = {
    snapshot: () => ({ requests: { ...usage.requests }, milliseconds: { ...usage.milliseconds }, readUnits: usage.readUnits, writeUnits: usage.writeUnits }),
    totalRequests: () => Object.values(usage.requests).reduce((sum, count) => sum + count, 0),
    reset: () => {
      usage.requests = {};
      usage.milliseconds = {};
      usage.readUnits = 0;
      usage.writeUnits = 0;
    },
  };
  return meter;
}

/** The difference of two snapshots (what happened between them). */
export function usageBetween(before: DynamoUsage, after: DynamoUsage): DynamoUsage {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value - (b[key] ?? 0)]).filter(([, value]) => Number(value) > 0));
  return {
    requests: minus(after.requests, before.requests),
    milliseconds: minus(after.milliseconds, before.milliseconds),
    readUnits: after.readUnits - before.readUnits,
    writeUnits: after.writeUnits - before.writeUnits,
  };
}
