import type { SubmissionRequest } from './schemas.ts';

export const REGIONS = ['africa-middle-east', 'americas', 'asia-pacific', 'europe'] as const;
export type Region = (typeof REGIONS)[number];

export interface Contact {
  name: string;
  email: string;
}

export interface Member {
  id: string;
  name: string;
  kind: 'national' | 'local';
  /** For a local member, the country (the national member's name) it sits in. */
  country: string;
  region: Region;
  contacts: Contact[];
}

export type PublicMember = Omit<Member, 'contacts'>;

export const toPublicMember = ({ contacts: _contacts, ...member }: Member): PublicMember => member;

/** OGP's tracker wording for the level of a Challenge reform. */
export type PublicLevel = 'National' | 'Local' | 'Local (non-member)';
export const PUBLIC_LEVEL: Record<SubmissionRequest['member']['type'], PublicLevel> = {
  national: 'National',
  local: 'Local',
  'local-non-member': 'Local (non-member)',
};

export type MemberProblem = 'unknownMember' | 'memberKindMismatch';

/**
 * The member a submission names must exist and be of the declared kind. A local non-member
 * jurisdiction names the national member of its country, whose POC is then informed.
 */
export function checkMember(type: SubmissionRequest['member']['type'], member: Member | undefined): MemberProblem | undefined {
  if (!member) return 'unknownMember';
  const expectedKind = type === 'local' ? 'local' : 'national';
  return member.kind === expectedKind ? undefined : 'memberKindMismatch';
}

/** Where the submission sits publicly: the country, or the locality for local members and non-members. */
export function placeOf(request: Pick<SubmissionRequest, 'member'>, member: Member): string {
  // A national or local member names itself; a non-member locality names the country it sits in.
  return request.member.type === 'local-non-member' ? `${request.member.jurisdiction}, ${member.country}` : member.name;
}
