import * as z from 'zod';
import { LANGUAGES } from './language.ts';
import { MEMBER_ID_PATTERN, MEMBER_KINDS, REGIONS, type Contact } from './members.ts';
import { email, oneLine } from './schemas.ts';

/**
 * The admins' registry requests. Apart from members.ts, which schemas.ts itself imports: these
 * schemas build on schemas.ts, and the two modules must not load each other.
 */
export const memberIdSchema = z.string().regex(MEMBER_ID_PATTERN);

export const contactSchema = z.strictObject({
  name: oneLine(200),
  email,
  language: z.enum(LANGUAGES),
  undeliverable: z.boolean().optional(),
}) satisfies z.ZodType<Contact>;

/** A contact list names each address once (compared without case). */
const distinctAddresses = (contacts: readonly Contact[]) => new Set(contacts.map((contact) => contact.email.toLowerCase())).size === contacts.length;

export const MAX_CONTACTS = 20;
export const contactListSchema = z.array(contactSchema).max(MAX_CONTACTS).refine(distinctAddresses, { params: { key: 'unique' } });

const memberFields = {
  name: oneLine(200),
  kind: z.enum(MEMBER_KINDS),
  /** For a local member, the country (the national member's name) it sits in. */
  country: oneLine(200),
  region: z.enum(REGIONS),
  contacts: contactListSchema,
};

/** `POST /v1/admin/members`: a new member of the registry. */
export const newMemberRequestSchema = z.strictObject({ id: memberIdSchema, ...memberFields });
export type NewMemberRequest = z.infer<typeof newMemberRequestSchema>;

/** `PUT /v1/admin/members/{memberId}`: the member's whole editable state (retiring is `retired: true`). */
export const memberUpdateRequestSchema = z.strictObject({ ...memberFields, retired: z.boolean() });
export type MemberUpdateRequest = z.infer<typeof memberUpdateRequestSchema>;

export const memberPathSchema = z.object({ memberId: memberIdSchema });
