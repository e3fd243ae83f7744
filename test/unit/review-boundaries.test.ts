import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.ts';
import { versionFromIfMatch } from '../../shared/http/staff.ts';
import { taskHandler } from '../../shared/review/task-handler.ts';
import { alertInput, openCycleInput, cyclePageInput } from '../../shared/review/task-inputs.ts';
import { check, replace, update } from '../../shared/store/expressions.ts';
import { decodeCursor, encodeCursor } from '../../shared/store/reads.ts';

describe('workflow task payloads', () => {
  it('accept a manual start or the schedule, and drop the rest of the state', () => {
    expect(openCycleInput.parse({ cycle: '2026-11', extra: 1 })).toEqual({ cycle: '2026-11' });
    expect(openCycleInput.parse({ scheduledTime: '2026-12-01T06:00:00Z', timeZone: 'Europe/Paris' })).toEqual({
      scheduledTime: '2026-12-01T06:00:00Z',
      timeZone: 'Europe/Paris',
    });
    expect(openCycleInput.safeParse({ scheduledTime: '2026-12-01T06:00:00Z', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(cyclePageInput.parse({ cycle: '2026-11', cursor: null, more: true })).toEqual({ cycle: '2026-11', cursor: null });
  });

  it('turn a malformed payload into a named error Step Functions can catch', async () => {
    const handler = taskHandler('review-collect', cyclePageInput, async () => ({ more: false }));
    await expect(handler({ cycle: 'November' })).rejects.toMatchObject({ name: 'InvalidTaskInput', message: expect.stringContaining('cycle') });
  });

  it('never reject the state given to the alert', () => {
    expect(alertInput.parse('not even an object')).toEqual({});
    expect(alertInput.parse({ cycle: 'bad', error: { Error: 'States.TaskFailed', Cause: 7 } })).toEqual({ error: { Error: 'States.TaskFailed' } });
  });
});

describe('cursors', () => {
  const key = { pk: 'SUB#OGC-2026-11-0001', sk: 'REFORM', publicList: 'reform', publicKey: 'kenya#OGC-2026-11-0001' };
  const attributes = ['pk', 'sk', 'publicList', 'publicKey'];

  it('round-trip a start key', () => {
    expect(decodeCursor(encodeCursor(key)!, attributes, { publicList: 'reform' })).toEqual(key);
  });

  it('refuse forged cursors with a field error', () => {
    const forged = [
      'not-base64-json',
      encodeCursor({ ...key, publicList: 'story' })!,
      encodeCursor({ pk: 'x', sk: 'y' })!,
      encodeCursor({ ...key, extra: 'z' })!,
      Buffer.from(JSON.stringify({ ...key, pk: { S: 'x' } })).toString('base64url'),
    ];
    for (const cursor of forged) {
      expect(() => decodeCursor(cursor, attributes, { publicList: 'reform' })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });
});

describe('If-Match', () => {
  it('reads the version in its usual spellings', () => {
    expect(versionFromIfMatch(undefined, 'en')).toBeUndefined();
    expect(versionFromIfMatch('"3"', 'en')).toBe(3);
    expect(versionFromIfMatch('W/"12"', 'en')).toBe(12);
    expect(versionFromIfMatch('4', 'en')).toBe(4);
    expect(() => versionFromIfMatch('*', 'en')).toThrow(AppError);
  });
});

describe('conditional write builders', () => {
  it('name every attribute through a placeholder and state the expected state', () => {
    const write = update('T', { pk: 'a', sk: 'b' }, {
      set: { status: 'in-review', cycle: '2026-11', skipped: undefined },
      add: { version: 1 },
      remove: ['decisionTaskToken'],
      expect: { status: 'awaiting-review', version: 3, releaseTaskToken: null, state: ['collecting', 'open'] },
    }).Update;
    expect(write.UpdateExpression).toBe('SET #status = :v0, #cycle = :v1 ADD #version :v2 REMOVE #decisionTaskToken');
    expect(write.ConditionExpression).toBe('#status = :v3 AND #version = :v4 AND attribute_not_exists(#releaseTaskToken) AND #state IN (:v5, :v6)');
    expect(write.ExpressionAttributeValues).toEqual({ ':v0': 'in-review', ':v1': '2026-11', ':v2': 1, ':v3': 'awaiting-review', ':v4': 3, ':v5': 'collecting', ':v6': 'open' });
  });

  it('leave out empty expression maps, which DynamoDB rejects', () => {
    expect(replace('T', { pk: 'a' }, {}).Put).toEqual({ TableName: 'T', Item: { pk: 'a' } });
    expect(check('T', { pk: 'a' }, { pk: null }).ConditionCheck.ConditionExpression).toBe('attribute_not_exists(#pk)');
  });
});
