import { submissionRequestSchema } from '../shared/domain/schemas.ts';
import { newStatusToken } from '../shared/domain/status-token.ts';
import { formatReference } from '../shared/domain/submission.ts';
import { submissionItem } from '../shared/intake/submit-commitment.ts';
import { putAll } from '../shared/store/batch-writes.ts';
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
  await putAll(submissionsTable(), items, 8);
}
