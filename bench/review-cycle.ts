import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { submissionRequestSchema } from '../shared/domain/schemas.ts';
import { newStatusToken } from '../shared/domain/status-token.ts';
import { formatReference } from '../shared/domain/submission.ts';
import { submissionItem } from '../shared/intake/submit-commitment.ts';
import { dynamo } from '../shared/store/clients.ts';
import { loadMembers } from '../shared/store/registry.ts';
import { submissionsTable } from '../shared/store/tables-runtime.ts';
import { validSubmission } from '../test/support/fixtures.ts';

export const AREAS = ['access-to-information', 'anti-corruption', 'civic-space', 'fiscal-openness', 'justice', 'public-participation'] as const;

/** Writes `count` submissions received during `cycle`, as intake stores them (without the intake emails). */
export async function seedSubmissions(cycle: string, count: number) {
  const members = [...(await loadMembers()).values()].filter((member) => member.kind === 'national');
  const start = Date.parse(`${cycle}-01T00:00:00.000Z`);
  const items = Array.from({ length: count }, (_, index) => {
    const member = members[index % members.length]!;
    const request = submissionRequestSchema.parse(
      validSubmission({ title: `Open register of public algorithms no. ${index}`, area: AREAS[index % AREAS.length], member: { type: 'national', memberId: member.id } }),
    );
    const receivedAt = new Date(start + index * 60_000);
    return submissionItem(request, member, formatReference(cycle, index + 1), newStatusToken(), receivedAt);
  });
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, index) => items.slice(index * 25, index * 25 + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [submissionsTable()]: pending } }));
          pending = (result.UnprocessedItems?.[submissionsTable()] ?? []) as typeof pending;
        }
      }
    }),
  );
}
