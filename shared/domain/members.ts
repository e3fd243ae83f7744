import type { Language } from './language.ts';
import type { SubmissionRequest } from './schemas.ts';

export const REGIONS = ['africa-middle-east', 'americas', 'asia-pacific', 'europe'] as const;
export type Region = (typeof REGIONS)[number];
export const MEMBER_KINDS = ['national', 'local'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** Member ids are stable slugs (`kenya`, `buenos-aires`): they appear in submissions and exports. */
export const MEMBER_ID_PATTERN = /^[a-z0-9-]{2,120}$/;

/** A point of contact of a member: who is told of its submissions, in their language. */
export interface Contact {
  name: string;
  email: string;
  language: Language;
  /** Set when mail to this address bounced: it is then skipped until an admin corrects it. */
  undeliverable?: boolean | undefined;
}

export interface Member {
  id: string;
  name: string;
  kind: MemberKind;
  country: string;
  region: Region;
  /** A retired member stays for the submissions that name it, but is no longer listed or accepted. */
  retired: boolean;
  contacts: Contact[];
  /** Bumped by every change, for the admins' `If-Match`. */
  version: number;
}

export type PublicMember = Pick<Member, 'id' | 'name' | 'kind' | 'country' | 'region'>;

export const toPublicMember = ({ id, name, kind, country, region }: Member): PublicMember => ({ id, name, kind, country, region });

/** The contacts mail can reach: an address known to bounce is not written to again. */
export const reachableContacts = (member: Member): Contact[] => member.contacts.filter((contact) => !contact.undeliverable);

/** Whether an address is one of the member's registered points of contact (addresses compare without case). */
export const isRegisteredContact = (member: Member, address: string): boolean =>
  member.contacts.some((contact) => contact.email.toLowerCase() === address.toLowerCase());

/** The editable fields that differ between two states of a member, as `before` and `after` for the audit log. */
export function memberChanges(before: Member, after: Member): { before: Partial<Member>; after: Partial<Member> } | undefined {
  const fields = ['name', 'kind', 'country', 'region', 'retired', 'contacts'] as const;
  const changed = fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (changed.length === 0) return undefined;
  return {
    before: Object.fromEntries(changed.map((field) => [field, before[field]])),
    after: Object.fromEntries(changed.map((field) => [field, after[field]])),
  };
}

/** OGP's tracker wording for the level of a Challenge reform. */
export type PublicLevel = 'National' | 'Local' | 'Local (non-member)';
export const PUBLIC_LEVEL: Record<SubmissionRequest['member']['type'], PublicLevel> = {
  national: 'National',
  local: 'Local',
  'local-non-member': 'Local (non-member)',
};

export type MemberProblem = 'unknownMember' | 'memberKindMismatch';

/**
 * The member a submission names must exist, be current, and be of the declared kind. A local
 * non-member jurisdiction names the national member of its country, whose POC is then informed.
 */
export function checkMember(type: SubmissionRequest['member']['type'], member: Member | undefined): MemberProblem | undefined {
  if (!member || member.retired) return 'unknownMember';
  const expectedKind = type === 'local' ? 'local' : 'national';
  return member.kind === expectedKind ? undefined : 'memberKindMismatch';
}

/** Where the submission sits publicly: the country, or the locality for local members and non-members. */
export function placeOf(request: Pick<SubmissionRequest, 'member'>, member: Pick<Member, 'name' | 'country'>): string {
  // A national or local member names itself; a non-member locality names the country it sits in.
  return request.member.type === 'local-non-member' ? `${request.member.jurisdiction}, ${member.country}` : member.name;
}
