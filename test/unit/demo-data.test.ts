import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseContactsCsv } from '../../shared/domain/contacts-csv.ts';
import { LANGUAGES } from '../../shared/domain/language.ts';
import { MEMBER_ID_PATTERN, MEMBER_KINDS, REGIONS } from '../../shared/domain/members.ts';
import {
  DEMO_DATA_FILES,
  demoDataFile,
  loadDemoStories,
  loadDemoSubmissions,
  loadPublishedReforms,
  memberOfTrackerRow,
} from '../../infra/local/demo-data/demo-data.ts';

/**
 * The registry (public, committed) and the local demo's data (committed with the project, so that
 * `npm run demo` works from a fresh clone): every file must fit the schemas the platform uses, and
 * everything that names a member must name one that exists, of the right kind.
 */

const registryFileSchema = z.strictObject({
  about: z.string().min(1),
  // Strict: a contact (or any other field) committed by mistake fails here.
  members: z.array(
    z.strictObject({
      id: z.string().regex(MEMBER_ID_PATTERN),
      name: z.string().min(1),
      kind: z.enum(MEMBER_KINDS),
      country: z.string().min(1),
      region: z.enum(REGIONS),
    }),
  ),
});

const registryText = readFileSync(new URL('../../shared/domain/registry/members.json', import.meta.url), 'utf8');
// Parsed without throwing, so that a bad entry fails one test that names it (issue paths give its index and field).
const registry = registryFileSchema.safeParse(JSON.parse(registryText));
const members = registry.success ? registry.data.members : [];
const memberById = new Map(members.map((member) => [member.id, member]));
const nationals = members.filter((member) => member.kind === 'national');
const locals = members.filter((member) => member.kind === 'local');

describe('the member registry', () => {
  /** The values that occur more than once. */
  const repeated = (values: string[]) => [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];

  it('gives every member a valid id, name, kind, country and region, and nothing else', () => {
    expect(registry.error?.issues ?? []).toEqual([]);
  });

  it('lists OGP’s national members and the OGP Local members OGP names', () => {
    // The counts as of the registry's last review: 76 national members, 133 local members.
    expect(nationals.length).toBeGreaterThanOrEqual(70);
    expect(locals.length).toBeGreaterThanOrEqual(133);
  });

  it('gives each member its own id, and each name once per country', () => {
    expect(repeated(members.map((member) => member.id))).toEqual([]);
    expect(repeated(members.map((member) => `${member.name} (${member.country})`))).toEqual([]);
  });

  it('holds no contact details', () => {
    // The strict schema refuses a `contacts` field; no address may hide in another one.
    expect(registryText).not.toMatch(/@/);
  });

  it('names each national member after its own country', () => {
    for (const member of nationals) expect(member.country, member.id).toBe(member.name);
  });

  it('places a local member in its national member’s country and region, under that member’s id, or in a named non-member country', () => {
    const nationalByName = new Map(nationals.map((member) => [member.name, member]));
    const outsideOgp = new Set<string>();
    for (const member of locals) {
      const national = nationalByName.get(member.country);
      if (national) {
        expect(member.region, member.id).toBe(national.region);
        expect(member.id.startsWith(`${national.id}--`), member.id).toBe(true);
      } else outsideOgp.add(member.country);
    }
    // A handful only (localities that stayed after their country left, or joined from a non-member).
    expect(outsideOgp.size).toBeLessThanOrEqual(3);
  });

  it('keeps the ids that tests, the benchmark and the demo name', () => {
    for (const id of ['ghana', 'kenya', 'chile', 'france', 'spain', 'kenya--makueni', 'colombia--bogota', 'nigeria--kaduna-state']) {
      expect(memberById.has(id), id).toBe(true);
    }
  });
});

describe('the demo submissions', () => {
  const submissions = loadDemoSubmissions();

  it('are a dozen requests the API accepts, in English, French and Spanish', () => {
    expect(submissions.length).toBeGreaterThanOrEqual(12);
    expect(new Set(submissions.map((submission) => submission.request.language))).toEqual(new Set(LANGUAGES));
  });

  it('name existing members of the kind their type requires', () => {
    for (const { id, request } of submissions) {
      const member = memberById.get(request.member.memberId);
      expect(member, `${id}: ${request.member.memberId}`).toBeDefined();
      expect(member?.kind, id).toBe(request.member.type === 'local' ? 'local' : 'national');
    }
  });

  it('include a local member, a local non-member and an action-plan commitment', () => {
    const types = new Set(submissions.map((submission) => submission.request.member.type));
    expect(types).toEqual(new Set(['national', 'local', 'local-non-member']));
    expect(submissions.some((submission) => submission.request.channel === 'action-plan')).toBe(true);
  });

  it('carry sample decisions of both outcomes for the reviewer to record', () => {
    const outcomes = submissions.flatMap((submission) => (submission.decision ? [submission.decision.outcome] : []));
    expect(outcomes).toEqual(expect.arrayContaining(['eligible', 'not-eligible']));
  });

  it('use invented example.org addresses only', () => {
    for (const { request } of submissions) expect(request.submitter.email).toMatch(/@example\.org$/);
  });
});

describe('the demo stories', () => {
  it('are requests the API accepts, one to publish and one left for moderation', () => {
    const stories = loadDemoStories();
    expect(stories.map((story) => story.publish).sort()).toEqual([false, true]);
    for (const story of stories) expect(story.request.author.email).toMatch(/@example\.org$/);
  });
});

describe('the published reforms from OGP’s tracker', () => {
  it('each belong to a member of the registry', () => {
    for (const row of loadPublishedReforms()) {
      expect(memberOfTrackerRow(row, members), `${row.countryOrLocal} (${row.levelOfGovernment})`).toBeDefined();
    }
  });
});

describe('the demo contacts', () => {
  const rows = parseContactsCsv(readFileSync(demoDataFile(DEMO_DATA_FILES.contacts), 'utf8'));
  const byMember = new Map<string, typeof rows>();
  for (const row of rows) byMember.set(row.memberId, [...(byMember.get(row.memberId) ?? []), row]);

  it('give every member of the registry an invented point of contact, and name no other member', () => {
    expect([...byMember.keys()].filter((id) => !memberById.has(id))).toEqual([]);
    expect(members.filter((member) => !byMember.has(member.id)).map((member) => member.id)).toEqual([]);
    for (const row of rows) expect(row.email).toBe(`poc.${row.memberId}@example.org`);
  });

  it('write to each point of contact in a language of its member', () => {
    const languageOf = (id: string) => byMember.get(id)?.[0]?.language;
    expect(['france', 'senegal', 'morocco', 'cote-d-ivoire--ouelle'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr']);
    expect(['spain', 'mexico', 'colombia--bogota', 'chile'].map(languageOf)).toEqual(['es', 'es', 'es', 'es']);
    expect(['kenya', 'ghana', 'philippines', 'ukraine--kyiv'].map(languageOf)).toEqual(['en', 'en', 'en', 'en']);
  });
});
