import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { ProvisionedThroughputExceededException, ThrottlingException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { MessageRejected, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import * as z from 'zod';
import { dynamo, ses } from '../../shared/store/clients.ts';

/**
 * Faults that AWS produces and the local stand-ins never do (DynamoDB throttling and transaction
 * conflicts, SES throttling and refusals), injected where AWS's answers arrive: a middleware at the
 * end of a client's stack, below the SDK's retries and the platform's own, so the code meets them
 * exactly as it would meet them from AWS. Tests use `injectFaults` directly; the local platform
 * enables seeded random faults on the handlers' clients when `LOCAL_FAULTS` is set (only the local
 * platform reads it: nothing on AWS ever installs this middleware).
 */

const INJECTOR = 'injectedFaults';
const BAD_REQUEST = { httpStatusCode: 400 };

/** What DynamoDB answers when a transaction meets another one on the same item. */
export function transactionConflict(members: number): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    $metadata: BAD_REQUEST,
    CancellationReasons: Array.from({ length: members }, (_, index) => (index === 0 ? { Code: 'TransactionConflict' } : { Code: 'None' })),
  });
}

/** DynamoDB over the account's request rate. */
export function throttling(): Error {
  return new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: BAD_REQUEST });
}

/** DynamoDB over one partition's throughput. */
export function throughputExceeded(): Error {
  return new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded.', $metadata: BAD_REQUEST });
}

/** SES over its sending rate (retried by the SDK and then by the stream). */
export function sendingThrottled(): Error {
  return new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
}

/** SES refusing a message for good (in the sandbox, any recipient that is not verified). */
export function messageRejected(address: string): Error {
  return new MessageRejected({ message: `Email address is not verified. The following identities failed the check: ${address}`, $metadata: BAD_REQUEST });
}

/** Decides, for each command (its name, e.g. `TransactWriteItemsCommand`, and input), whether it fails. */
export type FaultDecider = (command: string, input: Record<string, unknown>) => Error | undefined;

export interface FaultLog {
  /** Commands that met an injected fault, by name. */
  injected: string[];
  remove(): void;
}

// Any SDK client: only its middleware stack is touched.
type AnyClient = { middlewareStack: MiddlewareStack<any, any> };

/**
 * Every command of `client` goes through `decide`: an Error it returns is thrown instead of
 * calling the service. `onFault` hears of each one as it happens.
 */
export function injectFaults(client: AnyClient, decide: FaultDecider, onFault?: (command: string, fault: Error) => void): FaultLog {
  const log: FaultLog = { injected: [], remove: () => client.middlewareStack.remove(INJECTOR) };
  const middleware: FinalizeRequestMiddleware<any, any> = (next, context) => async (args) => {
    const command = String(context.commandName);
    const fault = decide(command, args.input as Record<string, unknown>);
    if (fault) {
      log.injected.push(command);
      onFault?.(command, fault);
      throw fault;
    }
    return next(args);
  };
  client.middlewareStack.add(
    middleware,
    { step: 'finalizeRequest', priority: 'low', name: INJECTOR, override: true },
  );
  return log;
}

// ------------------------------------------------------------------------- the local platform's faults

export const LOCAL_FAULTS_ENV = 'LOCAL_FAULTS';
/** Each fault injected, one JSON line (`{ at, fault, command }`), under the platform's data directory. */
export const INJECTED_FAULTS_FILE = 'injected-faults.jsonl';

const share = z.number().min(0).max(1).default(0);

/** `LOCAL_FAULTS`, e.g. `{"seed":7,"dynamo":{"throttle":0.05,"conflict":0.05},"ses":{"throttle":0.1,"rejectPattern":"^reject-"}}`. */
export const localFaultsSchema = z
  .object({
    /** The same seed draws the same sequence of faults. */
    seed: z.number().int().default(1),
    dynamo: z
      .object({
        /** Share of DynamoDB calls refused with throttling. */
        throttle: share,
        /** Share of transactions cancelled with a TransactionConflict. */
        conflict: share,
      })
      .strict()
      .default({ throttle: 0, conflict: 0 }),
    ses: z
      .object({
        /** Share of SendEmail calls refused with TooManyRequestsException. */
        throttle: share,
        /** Recipients (a regular expression, case-insensitive) whose every email SES refuses with MessageRejected. */
        rejectPattern: z.string().optional(),
      })
      .strict()
      .default({ throttle: 0 }),
  })
  .strict();
export type LocalFaults = z.infer<typeof localFaultsSchema>;

/** mulberry32: a small seeded generator, so a run's faults can be drawn again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The deciders for DynamoDB and SES that a fault specification describes. */
export function localFaultDeciders(faults: LocalFaults, random = seededRandom(faults.seed)): { dynamo: FaultDecider; ses: FaultDecider } {
  const rejected = faults.ses.rejectPattern ? new RegExp(faults.ses.rejectPattern, 'i') : undefined;
  let throttles = 0;
  return {
    dynamo: (command, input) => {
      if (command === 'TransactWriteItemsCommand' && random() < faults.dynamo.conflict) {
        return transactionConflict(Array.isArray(input.TransactItems) ? input.TransactItems.length : 1);
      }
      if (random() < faults.dynamo.throttle) return throttles++ % 2 === 0 ? throttling() : throughputExceeded();
      return undefined;
    },
    ses: (command, input) => {
      if (command !== 'SendEmailCommand') return undefined;
      const to = (input as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses?.[0] ?? '';
      if (rejected?.test(to)) return messageRejected(to);
      return random() < faults.ses.throttle ? sendingThrottled() : undefined;
    },
  };
}

/**
 * Parses `LOCAL_FAULTS` and injects its faults into the clients the handlers and the mailer use.
 * With a data directory, each fault is appended to its `injected-faults.jsonl` at once (a killed
 * platform loses none of the count).
 */
export function enableLocalFaults(specification: string, dataDir: string | null): LocalFaults {
  let faults: LocalFaults;
  try {
    faults = localFaultsSchema.parse(JSON.parse(specification));
  } catch (error) {
    throw new Error(`${LOCAL_FAULTS_ENV} is not a valid fault specification: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const deciders = localFaultDeciders(faults);
  const file = dataDir ? path.join(dataDir, INJECTED_FAULTS_FILE) : null;
  const record = (command: string, fault: Error) => {
    if (file) appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), fault: fault.name, command })}\n`);
  };
  // The document client shares its stack with the DynamoDB client beneath it.
  injectFaults(dynamo(), deciders.dynamo, record);
  injectFaults(ses(), deciders.ses, record);
  return faults;
}
