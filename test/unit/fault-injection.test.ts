import { describe, expect, it } from 'vitest';
import { isTransactionConflict } from '../../shared/store/transaction-retry.ts';
import { isPermanentSendFailure } from '../../shared/mail/mailer.ts';
import { localFaultDeciders, localFaultsSchema, seededRandom } from '../../infra/local/fault-injection.ts';

/**
 * The local platform's fault injection (`LOCAL_FAULTS`): the faults must be the ones the platform's
 * retries classify as AWS's, drawn reproducibly from the seed, and a mistyped specification must
 * stop the platform instead of silently injecting nothing.
 */

const transaction = { TransactItems: [{ Put: {} }, { Put: {} }, { ConditionCheck: {} }] };
const sendTo = (address: string) => ({ Destination: { ToAddresses: [address] } });

describe('local fault injection', () => {
  it('draws the same faults from the same seed, and others from another', () => {
    const names = (seed: number) => {
      const deciders = localFaultDeciders(localFaultsSchema.parse({ seed, dynamo: { throttle: 0.3, conflict: 0.3 } }));
      return Array.from({ length: 200 }, () => deciders.dynamo('TransactWriteItemsCommand', transaction)?.name ?? '-').join(',');
    };
    expect(names(7)).toBe(names(7));
    expect(names(7)).not.toBe(names(8));
  });

  it('injects about the share asked for', () => {
    const random = seededRandom(42);
    const deciders = localFaultDeciders(localFaultsSchema.parse({ dynamo: { throttle: 0.05 } }), random);
    const faults = Array.from({ length: 10_000 }, () => deciders.dynamo('GetItemCommand', {})).filter(Boolean).length;
    expect(faults).toBeGreaterThan(400);
    expect(faults).toBeLessThan(600);
  });

  it('cancels only transactions with a conflict the retry recognises, one reason per member', () => {
    const deciders = localFaultDeciders(localFaultsSchema.parse({ dynamo: { conflict: 1 } }));
    expect(deciders.dynamo('UpdateItemCommand', {})).toBeUndefined();
    const fault = deciders.dynamo('TransactWriteItemsCommand', transaction);
    expect(isTransactionConflict(fault)).toBe(true);
    expect((fault as unknown as { CancellationReasons: unknown[] }).CancellationReasons).toHaveLength(3);
  });

  it('throttles DynamoDB with both of its throttling errors, which the SDK retries', () => {
    const deciders = localFaultDeciders(localFaultsSchema.parse({ dynamo: { throttle: 1 } }));
    const names = Array.from({ length: 4 }, () => deciders.dynamo('QueryCommand', {})?.name);
    expect(new Set(names)).toEqual(new Set(['ThrottlingException', 'ProvisionedThroughputExceededException']));
  });

  it('refuses every email to a matching recipient for good, and throttles the others as transient', () => {
    const deciders = localFaultDeciders(localFaultsSchema.parse({ ses: { throttle: 1, rejectPattern: '^reject-' } }));
    const refused = deciders.ses('SendEmailCommand', sendTo('Reject-1@example.org'));
    expect(refused?.name).toBe('MessageRejected');
    expect(isPermanentSendFailure(refused)).toBe(true);
    const throttled = deciders.ses('SendEmailCommand', sendTo('ana@example.org'));
    expect(throttled?.name).toBe('TooManyRequestsException');
    expect(isPermanentSendFailure(throttled)).toBe(false);
    expect(deciders.ses('GetAccountCommand', {})).toBeUndefined();
  });

  it('refuses a specification with a mistyped field or a share out of range', () => {
    expect(localFaultsSchema.safeParse({ dynamo: { throttel: 0.1 } }).success).toBe(false);
    expect(localFaultsSchema.safeParse({ ses: { throttle: 2 } }).success).toBe(false);
    expect(localFaultsSchema.parse({})).toEqual({ seed: 1, dynamo: { throttle: 0, conflict: 0 }, ses: { throttle: 0 } });
  });
});
