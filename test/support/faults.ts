/**
 * Faults DynamoDB Local never produces, injected at the SDK boundary: the injector is the local
 * platform's (infra/local/fault-injection.ts); tests add deciders that fail chosen calls.
 */
export { injectFaults, throttling, transactionConflict, type FaultLog } from '../../infra/local/fault-injection.ts';

/** A decider that fails the first `count` calls of a command with `fault()`. */
export function firstCalls(command: string, count: number, fault: (input: Record<string, unknown>) => Error) {
  let left = count;
  return (name: string, input: Record<string, unknown>) => {
    if (name !== command || left <= 0) return undefined;
    left--;
    return fault(input);
  };
}
