import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Faults DynamoDB Local never produces, injected where AWS's answers arrive: a middleware at the
 * end of the client's stack, below the SDK's retries and ours, so the code under test meets them
 * exactly as it would meet them from DynamoDB.
 */

const INJECTOR = 'injectedFaults';

/** What DynamoDB answers when a transaction meets another one on the same item. */
export function transactionConflict(members: number): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: Array.from({ length: members }, (_, index) => (index === 0 ? { Code: 'TransactionConflict' } : { Code: 'None' })),
  });
}

export function throttling(): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

export interface FaultLog {
  /** Commands that met an injected fault, by name. */
  injected: string[];
  /** Every command that reached DynamoDB, by name. */
  passed: string[];
  remove(): void;
}

/**
 * Every command goes through `decide` (its name, e.g. `TransactWriteItemsCommand`, and input):
 * an Error it returns is thrown instead of calling DynamoDB.
 */
export function injectFaults(client: DynamoDBDocumentClient, decide: (command: string, input: Record<string, unknown>) => Error | undefined): FaultLog {
  const log: FaultLog = { injected: [], passed: [], remove: () => client.middlewareStack.remove(INJECTOR) };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const fault = decide(command, args.input as Record<string, unknown>);
      if (fault) {
        log.injected.push(command);
        throw fault;
      }
      log.passed.push(command);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: INJECTOR, override: true },
  );
  return log;
}

/** A decider that fails the first `count` calls of a command with `fault()`. */
export function firstCalls(command: string, count: number, fault: (input: Record<string, unknown>) => Error) {
  let left = count;
  return (name: string, input: Record<string, unknown>) => {
    if (name !== command || left <= 0) return undefined;
    left--;
    return fault(input);
  };
}
