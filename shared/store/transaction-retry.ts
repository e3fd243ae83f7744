import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB cancels a transaction that meets another one on the same item with
 * `TransactionCanceledException` (a `TransactionConflict` reason) and refuses a single write to an
 * item a transaction holds with `TransactionConflictException`. Neither says the write was wrong —
 * only that it came at the same moment as another — and the SDK retries neither. So every call is
 * retried here with full-jitter exponential backoff; a cancellation with a failed condition is an
 * answer (someone else got there first) and goes back to the caller at once, as does every other error.
 */

export const CONFLICT_RETRY = { attempts: 6, baseMs: 25, capMs: 1000 } as const;
const MIDDLEWARE_NAME = 'retryTransactionConflicts';

interface CancellationReason {
  Code?: string;
}

/** Whether an error is a conflict with another transaction and nothing else. */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TransactionConflictException') return true;
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons: CancellationReason[] = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  const codes = reasons.map((reason) => reason.Code ?? 'None');
  return codes.includes('TransactionConflict') && codes.every((code) => code === 'TransactionConflict' || code === 'None');
}

/** Full jitter: a random delay up to the exponential bound, so writers that collided do not collide again. */
export const conflictBackoffMs = (attempt: number, random = Math.random()) => Math.floor(random * Math.min(CONFLICT_RETRY.capMs, CONFLICT_RETRY.baseMs * 2 ** attempt));

/**
 * Adds the retry to a client, outermost (the `initialize` step), so each retry goes through the
 * SDK's own retries for throttling again.
 */
export function retryTransactionConflicts(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(args);
        } catch (error) {
          if (attempt >= CONFLICT_RETRY.attempts || !isTransactionConflict(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
        }
      }
    },
    { step: 'initialize', name: MIDDLEWARE_NAME, override: true },
  );
}
