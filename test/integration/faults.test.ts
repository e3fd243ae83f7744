import { randomUUID } from 'node:crypto';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { outboxItem } from '../../shared/mail/outbox.ts';
import { cycleBounds } from '../../shared/domain/cycle.ts';
import { CRITERION_IDS, type CriterionId } from '../../shared/domain/criteria.ts';
import { readAuditTrail } from '../../shared/store/audit.ts';
import { nextSequence } from '../../shared/store/submissions.ts';
import { dynamo, ses } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { createCycle, getSubmissions, holdReleaseToken } from '../../shared/store/review-store.ts';
import { CONFLICT_RETRY } from '../../shared/store/transaction-retry.ts';
import { SUBMISSIONS_TABLE } from '../../shared/store/tables.ts';
import { lambdaContext, proxyEvent } from '../support/events.ts';
import { validSubmission } from '../support/fixtures.ts';
import { inbox } from '../support/platform.ts';
import { firstCalls, injectFaults, throttling, transactionConflict } from '../support/faults.ts';
import { itemsMentioning } from '../support/tables.ts';
import { useOwnTables } from '../support/in-process.ts';

/**
 * Failures the stand-ins cannot produce on their own (a throttled transaction, a failing send),
 * injected at the SDK client boundary while everything else runs for real. The tables here have
 * their own prefix and no stream reader, so the platform's mailer never races these tests.
 */
const PREFIX = 'faults-';
let table: string;

beforeAll(async () => {
  await useOwnTables(PREFIX);
  table = process.env[SUBMISSIONS_TABLE.envVar]!;
});

afterEach(() => {
  vi.restoreAllMocks();
});

const throttled = () => Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });

describe('intake under a failing store', () => {
  it('answers 500 in the error shape and leaves nothing behind when the transaction is throttled', async () => {
    const { handler } = await import('../../functions/create-submission/handler.ts');
    const email = `throttled-${randomUUID().slice(0, 8)}@example.org`;
    const client = dynamo();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) =>
      command instanceof TransactWriteCommand ? Promise.reject(throttled()) : send(command as never)) as typeof client.send);

    const body = validSubmission();
    const result = await handler(proxyEvent('POST', '/v1/submissions', { body: { ...body, submitter: { ...(body.submitter as object), email } } }), lambdaContext);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'internal', message: expect.stringContaining('in-process') } });
    expect(await itemsMentioning(email, { tableName: table, client })).toEqual([]);
  });
});

describe('the outbox mailer under a failing send', () => {
  async function pendingMail(to: string) {
    const item = outboxItem(`SUB#FAULT-${randomUUID()}`, { purpose: 'story-thanks', template: 'story-thanks', to, language: 'es', data: { authorName: 'Lucía', title: 'Presupuestos abiertos' } }, new Date().toISOString());
    await dynamo().send(new PutCommand({ TableName: table, Item: item }));
    return item as { pk: string; sk: string };
  }

  const stateOf = async (item: { pk: string; sk: string }) =>
    (await dynamo().send(new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }))).Item;

  const delivery = async (item: { pk: string; sk: string }, id: string) => ({ id, table, image: await stateOf(item) });

  it('retries a failed send and then sends it exactly once', async () => {
    const { deliverBatch } = await import('../../shared/mail/mailer.ts');
    const to = `retry-${randomUUID().slice(0, 8)}@example.org`;
    const item = await pendingMail(to);
    const inserted = await delivery(item, '100');
    const client = ses();
    const send = client.send.bind(client);
    const spy = vi
      .spyOn(client, 'send')
      .mockImplementationOnce((() => Promise.reject(Object.assign(new Error('Maximum sending rate exceeded'), { name: 'TooManyRequestsException' }))) as typeof client.send)
      .mockImplementation(((command: unknown) => send(command as never)) as typeof client.send);

    expect(await deliverBatch([inserted])).toEqual({ retry: ['100'], sent: 0, interrupted: 0 });
    expect(await stateOf(item)).toMatchObject({ state: 'pending' });
    // The stream hands over the same record (its image still says pending) until it succeeds.
    expect(await deliverBatch([inserted])).toEqual({ retry: [], sent: 1, interrupted: 0 });
    expect(await deliverBatch([inserted])).toEqual({ retry: [], sent: 0, interrupted: 0 });
    expect(spy.mock.calls.filter(([command]) => command instanceof SendEmailCommand)).toHaveLength(2);
    expect(await stateOf(item)).toMatchObject({ state: 'sent', messageId: expect.any(String) });
    const mails = await inbox({ to });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Desafío de Gobierno Abierto: gracias por su historia');
    expect(mails[0]!.body.text).toBeTruthy();
  });

  it('sends nothing twice when a batch is redelivered after a partial failure', async () => {
    const { deliverBatch } = await import('../../shared/mail/mailer.ts');
    const recipients = ['first', 'second', 'third'].map((label) => `${label}-${randomUUID().slice(0, 8)}@example.org`);
    const items = await Promise.all(recipients.map(pendingMail));
    const batch = await Promise.all(items.map((item, index) => delivery(item, `${index + 1}00`)));
    const client = ses();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) =>
      command instanceof SendEmailCommand && command.input.Destination?.ToAddresses?.[0] === recipients[1]
        ? Promise.reject(throttled())
        : send(command as never)) as typeof client.send);

    expect(await deliverBatch(batch)).toEqual({ retry: ['200'], sent: 2, interrupted: 0 });
    vi.restoreAllMocks();
    // Lambda retries from the failed record on: the records after it come again too.
    expect(await deliverBatch(batch.slice(1))).toEqual({ retry: [], sent: 1, interrupted: 0 });
    for (const to of recipients) expect(await inbox({ to }), to).toHaveLength(1);
  });

  it('never sends twice an email whose send was interrupted: the retry marks it failed as interrupted', async () => {
    const { deliverBatch } = await import('../../shared/mail/mailer.ts');
    const { INTERRUPTED_SEND_REASON } = await import('../../shared/domain/mail-state.ts');
    const to = `interrupted-${randomUUID().slice(0, 8)}@example.org`;
    const item = await pendingMail(to);
    const inserted = await delivery(item, '100');
    // SES accepts the email, and the mailer stops before it can record that (here: the write fails,
    // as after a SIGKILL it would never happen).
    const client = dynamo();
    const write = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) =>
      command instanceof PutCommand && command.input.Item?.state === 'sent' ? Promise.reject(throttled()) : write(command as never)) as typeof client.send);
    await expect(deliverBatch([inserted])).rejects.toThrow(/throughput/);
    vi.restoreAllMocks();
    expect(await stateOf(item)).toMatchObject({ state: 'sending', sendingAt: expect.any(String) });
    expect(await inbox({ to })).toHaveLength(1);

    // The stream hands the record over again: the item is not sent a second time.
    expect(await deliverBatch([inserted])).toEqual({ retry: [], sent: 0, interrupted: 1 });
    expect(await stateOf(item)).toMatchObject({ state: 'failed', failedReason: INTERRUPTED_SEND_REASON });
    expect(await stateOf(item)).not.toHaveProperty('statusKey');
    expect(await deliverBatch([inserted])).toEqual({ retry: [], sent: 0, interrupted: 0 });
    expect(await inbox({ to })).toHaveLength(1);
  });

  it('marks an email SES refuses for good as failed with the reason, without holding back the others', async () => {
    const { deliverBatch } = await import('../../shared/mail/mailer.ts');
    const refused = `refused-${randomUUID().slice(0, 8)}@example.org`;
    const accepted = `accepted-${randomUUID().slice(0, 8)}@example.org`;
    const items = [await pendingMail(refused), await pendingMail(accepted)];
    const batch = await Promise.all(items.map((item, index) => delivery(item, `${index + 1}00`)));
    const client = ses();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) =>
      command instanceof SendEmailCommand && command.input.Destination?.ToAddresses?.[0] === refused
        ? Promise.reject(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }))
        : send(command as never)) as typeof client.send);

    expect(await deliverBatch(batch)).toEqual({ retry: [], sent: 1, interrupted: 0 });
    expect(await stateOf(items[0]!)).toMatchObject({ state: 'failed', failedReason: 'MessageRejected: Email address is not verified.' });
    expect(await stateOf(items[1]!)).toMatchObject({ state: 'sent' });
    expect(await inbox({ to: refused })).toHaveLength(0);
  });

  it('sweeps mail left pending (its stream record lost) once it is old enough, and only that', async () => {
    const { sweepPendingMail, SWEEP_AFTER_MINUTES } = await import('../../shared/mail/sweeper.ts');
    const now = new Date();
    const lost = `lost-${randomUUID().slice(0, 8)}@example.org`;
    const fresh = `fresh-${randomUUID().slice(0, 8)}@example.org`;
    const writtenLongAgo = new Date(now.getTime() - (SWEEP_AFTER_MINUTES + 5) * 60_000).toISOString();
    const mail = (to: string) => ({ purpose: 'story-thanks', template: 'story-thanks' as const, to, language: 'es' as const, data: { authorName: 'Lucía', title: 'Presupuestos abiertos' } });
    const old = outboxItem(`SUB#FAULT-${randomUUID()}`, mail(lost), writtenLongAgo) as { pk: string; sk: string };
    const recent = outboxItem(`SUB#FAULT-${randomUUID()}`, mail(fresh), now.toISOString()) as { pk: string; sk: string };
    // Two items a mailer claimed and never settled: one long ago (that mailer stopped), one a moment
    // ago (its send may still be in flight).
    const stopped = outboxItem(`SUB#FAULT-${randomUUID()}`, mail(`stopped-${randomUUID().slice(0, 8)}@example.org`), writtenLongAgo) as { pk: string; sk: string };
    const inFlight = outboxItem(`SUB#FAULT-${randomUUID()}`, mail(`in-flight-${randomUUID().slice(0, 8)}@example.org`), writtenLongAgo) as { pk: string; sk: string };
    for (const item of [old, recent]) await dynamo().send(new PutCommand({ TableName: table, Item: item }));
    await dynamo().send(new PutCommand({ TableName: table, Item: { ...stopped, state: 'sending', sendingAt: writtenLongAgo } }));
    await dynamo().send(new PutCommand({ TableName: table, Item: { ...inFlight, state: 'sending', sendingAt: now.toISOString() } }));

    const report = await sweepPendingMail(now);
    expect(report).toMatchObject({ sent: 1, stillPending: 0, interrupted: 1 });
    expect(await stateOf(stopped)).toMatchObject({ state: 'failed', failedReason: expect.stringMatching(/^InterruptedSend:/) });
    expect(await stateOf(inFlight)).toMatchObject({ state: 'sending' });
    expect(await stateOf(old)).toMatchObject({ state: 'sent' });
    expect(await stateOf(old)).not.toHaveProperty('statusKey');
    expect(await stateOf(recent)).toMatchObject({ state: 'pending' });
    expect(await inbox({ to: lost })).toHaveLength(1);
    expect(await inbox({ to: fresh })).toHaveLength(0);
    // Swept twice: nothing is sent again.
    expect((await sweepPendingMail(now)).sent).toBe(0);
    expect(await inbox({ to: lost })).toHaveLength(1);
  });

  it('parks an item that cannot be rendered instead of retrying it forever', async () => {
    const { deliverBatch } = await import('../../shared/mail/mailer.ts');
    const to = `broken-${randomUUID().slice(0, 8)}@example.org`;
    const item = await pendingMail(to);
    await dynamo().send(new PutCommand({ TableName: table, Item: { ...(await stateOf(item)), data: { authorName: 42 } } }));
    expect(await deliverBatch([await delivery(item, '100')])).toEqual({ retry: [], sent: 0, interrupted: 0 });
    expect(await stateOf(item)).toMatchObject({ state: 'failed', failedReason: expect.stringContaining('authorName') });
    expect(await inbox({ to })).toHaveLength(0);
  });

  it('reports only the failed records of a stream batch', async () => {
    const { handler } = await import('../../functions/mailer/handler.ts');
    const failing = `failing-${randomUUID().slice(0, 8)}@example.org`;
    const passing = `passing-${randomUUID().slice(0, 8)}@example.org`;
    const items = [await pendingMail(failing), await pendingMail(passing)];
    const client = ses();
    const send = client.send.bind(client);
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) =>
      command instanceof SendEmailCommand && command.input.Destination?.ToAddresses?.[0] === failing
        ? Promise.reject(throttled())
        : send(command as never)) as typeof client.send);

    const event = {
      Records: await Promise.all(
        items.map(async (item, index) => ({
          eventName: 'INSERT' as const,
          eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/2026-11-01T00:00:00.000`,
          dynamodb: { SequenceNumber: `${index + 1}00`, NewImage: marshall(await stateOf(item), { removeUndefinedValues: true }) as never },
        })),
      ),
    } as DynamoDBStreamEvent;
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(await inbox({ to: passing })).toHaveLength(1);
    expect(await inbox({ to: failing })).toHaveLength(0);
  });
});

describe('contention as on AWS', () => {
  // A cycle of its own, far in the future, so that collecting it takes only this file's submissions.
  const cycle = `2098-${String(Math.floor(Math.random() * 12) + 1).padStart(2, '0')}`;
  const references: string[] = [];
  const decision = (rationale: string) => ({
    outcome: 'eligible' as const,
    criteria: Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass' as const])) as Record<CriterionId, 'pass'>,
    area: 'digital-governance' as const,
    ambition: 'substantial' as const,
    rationale,
  });
  const transactions = (log: { inputs: Record<string, unknown>[] }) => log.inputs.flatMap((input) => (input.TransactItems as Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>[]));
  // At the SDK boundary the request is marshalled: keys are attribute values (`{ S: … }`).
  const keyOf = (member: Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>) => {
    const operation = Object.values(member)[0]!;
    const key = operation.Key ?? operation.Item!;
    return JSON.stringify([key.pk, key.sk]);
  };

  beforeAll(async () => {
    const { handler } = await import('../../functions/create-submission/handler.ts');
    for (const label of ['first', 'second', 'third']) {
      const body = validSubmission({ title: `Contention ${label} ${randomUUID()}` });
      const result = await handler(proxyEvent('POST', '/v1/submissions', { body: { ...body, submitter: { ...(body.submitter as object), email: `${label}-${randomUUID().slice(0, 8)}@example.org` } } }), lambdaContext);
      expect(result.statusCode, result.body).toBe(201);
      references.push((JSON.parse(result.body) as { reference: string }).reference);
    }
    const now = new Date();
    await createCycle({ cycle, timeZone: 'UTC', collectBefore: cycleBounds(cycle, 'UTC').end.toISOString(), openedAt: now.toISOString(), deadline: new Date(now.getTime() + 3600_000).toISOString() });
  });

  it('collects a page through transaction conflicts and throttling without failing the step', async () => {
    const { collectPage } = await import('../../shared/review/collect.ts');
    const conflicts = firstCalls('TransactWriteItemsCommand', 4, (input) => transactionConflict((input.TransactItems as unknown[]).length));
    const throttled = firstCalls('TransactWriteItemsCommand', 2, throttling);
    const faults = injectFaults(dynamo(), (command, input) => conflicts(command, input) ?? throttled(command, input));
    try {
      await collectPage(cycle);
    } finally {
      faults.remove();
    }
    expect(faults.injected.length).toBe(6);
    const collected = await getSubmissions(references);
    expect(collected.map((submission) => [submission.status, submission.cycle])).toEqual(references.map(() => ['in-review', cycle]));
    // The sign-off wait holds the cycle as the workflow does: decisions must not collide with it.
    expect(await holdReleaseToken(cycle, `token-${randomUUID()}`, undefined)).toBe(true);
  });

  it('writes each decision on its own submission\'s items only: no item is shared by two decisions or with the sign-off', async () => {
    const { recordDecision } = await import('../../shared/review/decisions.ts');
    const seen: { inputs: Record<string, unknown>[] } = { inputs: [] };
    const faults = injectFaults(dynamo(), (command, input) => {
      if (command === 'TransactWriteItemsCommand') seen.inputs.push(input);
      return undefined;
    });
    try {
      await Promise.all(references.slice(0, 2).map((reference) => recordDecision(reference, decision('Decided in parallel.'), 'reviewer@example.org', undefined)));
    } finally {
      faults.remove();
    }
    // Set aside the cycle's progress counters: they are shared by shard of references (two submissions
    // meet on one once in 64 pairs, and the transaction conflict is then retried).
    const ownItems = (key: string) => !key.includes('"PROGRESS#');
    const touched = references
      .slice(0, 2)
      .map((reference) => new Set(transactions({ inputs: seen.inputs.filter((input) => JSON.stringify(input).includes(reference)) }).map(keyOf).filter(ownItems)));
    expect(touched[0]!.size).toBeGreaterThan(0);
    expect([...touched[0]!].filter((key) => touched[1]!.has(key))).toEqual([]);
    const cycleKey = JSON.stringify([{ S: keys.cycle(cycle).pk }, { S: keys.cycle(cycle).sk }]);
    for (const keysOfOne of touched) expect(keysOfOne.has(cycleKey)).toBe(false);
  });

  it('records a decision that meets conflicts and throttling, instead of a misleading 409', async () => {
    const { recordDecision } = await import('../../shared/review/decisions.ts');
    const conflicts = firstCalls('TransactWriteItemsCommand', 2, (input) => transactionConflict((input.TransactItems as unknown[]).length));
    const throttled = firstCalls('TransactWriteItemsCommand', 1, throttling);
    const faults = injectFaults(dynamo(), (command, input) => conflicts(command, input) ?? throttled(command, input));
    try {
      const recorded = await recordDecision(references[2]!, decision('Decided through contention.'), 'reviewer@example.org', undefined);
      expect(recorded.decision.revision).toBe(1);
    } finally {
      faults.remove();
    }
    expect(faults.injected).toHaveLength(3);
    const trail = await readAuditTrail(references[2]!);
    expect(trail.filter((entry) => entry.action === 'decision-recorded')).toHaveLength(1);
  });

  it('reports a conflict that outlasts every retry as a failure, never as another reviewer\'s win', async () => {
    const { recordDecision } = await import('../../shared/review/decisions.ts');
    const faults = injectFaults(dynamo(), (command, input) => (command === 'TransactWriteItemsCommand' ? transactionConflict((input.TransactItems as unknown[]).length) : undefined));
    try {
      await expect(recordDecision(references[2]!, decision('Revised under endless contention.'), 'reviewer@example.org', undefined)).rejects.toMatchObject({
        name: 'TransactionCanceledException',
      });
    } finally {
      faults.remove();
    }
    expect(faults.injected).toHaveLength(CONFLICT_RETRY.attempts);
  });
});

describe('reference numbers of a process that moves to other tables', () => {
  it('come from the counter of the tables it uses now, not from a block reserved in the others', async () => {
    const month = `2098-${String(Math.floor(Math.random() * 12) + 1).padStart(2, '0')}`;
    expect(await nextSequence(month)).toBe(1);
    await useOwnTables(`faults-moved-${randomUUID().slice(0, 8)}-`);
    try {
      // The block reserved above holds 2 to 10, but only in the first tables' counter.
      expect(await nextSequence(month)).toBe(1);
    } finally {
      await useOwnTables(PREFIX);
    }
    expect(await nextSequence(month)).toBe(11);
  });
});

// Last: it reloads modules, which would detach the spies above from the clients the handlers use.
describe('reference numbers', () => {
  it('never repeat across function instances drawing at once', async () => {
    const month = `2099-${String(Math.floor(Math.random() * 12) + 1).padStart(2, '0')}`;
    const draw = async () => {
      vi.resetModules();
      const { nextSequence } = await import('../../shared/store/submissions.ts');
      return Promise.all(Array.from({ length: 25 }, () => nextSequence(month)));
    };
    const [first, second] = [await draw(), await draw()];
    const all = [...first, ...(await Promise.all([draw(), draw()])).flat(), ...second];
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((number) => Number.isInteger(number) && number > 0)).toBe(true);
  });
});
