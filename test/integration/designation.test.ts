import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as confirmDesignationHandler } from '../../functions/confirm-designation/handler.ts';
import { handler as createSubmission } from '../../functions/create-submission/handler.ts';
import { handler as getDesignationHandler } from '../../functions/get-designation/handler.ts';
import { handler as listDesignations } from '../../functions/list-designations/handler.ts';
import { addMember, updateMember } from '../../shared/admin/members.ts';
import { linkExpiry, signDesignationLink } from '../../shared/domain/designation.ts';
import { collectPage } from '../../shared/review/collect.ts';
import { notifyReviewers } from '../../shared/review/notify.ts';
import { designationKey, sendDesignationReminders } from '../../shared/registry/designation.ts';
import { readAuditTrail } from '../../shared/store/audit.ts';
import { dynamo } from '../../shared/store/clients.ts';
import { keys } from '../../shared/store/keys.ts';
import { currentCriteria } from '../../shared/store/registry.ts';
import { createCycle } from '../../shared/store/review-store.ts';
import { getSubmission } from '../../shared/store/submissions.ts';
import { reviewTable, submissionsTable } from '../../shared/store/tables-runtime.ts';
import { validSubmission } from '../support/fixtures.ts';
import { invoke, useOwnTables } from '../support/in-process.ts';
import { tokenFor } from '../support/platform.ts';

/**
 * The POCs' side of intake, through the real handlers on tables of this file's own (no mailer reads
 * them, so every email owed is still in the outbox to be read): POC emails in each POC's language,
 * skipped when a member has no contact and then reported to the Support Unit; the designation of
 * action-plan commitments, confirmed by a signed link (valid, expired, tampered) or at once when
 * the POC submits it; reminders.
 */

const id = randomUUID().slice(0, 8);
const withContacts = `designia-${id}`;
const withoutContacts = `silentia-${id}`;
const POC_FR = { name: 'Élise Durand', email: `elise.${id}@example.org`, language: 'fr' as const };
const POC_ES = { name: 'Pablo Ruiz', email: `pablo.${id}@example.org`, language: 'es' as const };

beforeAll(async () => {
  await useOwnTables('designation-');
  const base = { kind: 'national' as const, region: 'europe' as const };
  await addMember({ id: withContacts, name: 'Designia', country: 'Designia', ...base, contacts: [POC_FR, POC_ES] }, 'admin@example.org');
  await addMember({ id: withoutContacts, name: 'Silentia', country: 'Silentia', ...base, contacts: [] }, 'admin@example.org');
});

function commitment(memberId: string, overrides: Record<string, unknown> = {}) {
  const base = validSubmission({ member: { type: 'national', memberId }, title: `Open budgets ${randomUUID().slice(0, 6)}` });
  return { ...base, submitter: { ...(base.submitter as object), email: `submitter.${randomUUID().slice(0, 8)}@example.org` }, ...overrides };
}

const actionPlan = (designatedByMsf = true) => ({ channel: 'action-plan', actionPlan: { id: 'DS-2025-2027', commitmentId: 'DS0007', designatedByMsf } });

async function submit(body: Record<string, unknown>) {
  const reply = await invoke(createSubmission, 'POST', '/v1/submissions', { body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { reference: string; status: string };
}

/** The emails a submission owes (its outbox items), by recipient. */
async function outbox(reference: string) {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: submissionsTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mail)',
      ExpressionAttributeValues: { ':pk': keys.submission(reference).pk, ':mail': 'MAIL#' },
    }),
  );
  return Items as { sk: string; template: string; to: string; language: string; data: Record<string, any> }[];
}

const signatureIn = (url: string) => decodeURIComponent(new URL(url).hash.replace(/^#sig=/, ''));

const view = (reference: string, signature: string, language = 'en') =>
  invoke(getDesignationHandler, 'GET', '/v1/designations/{reference}', {
    pathParameters: { reference },
    headers: { 'X-Designation-Signature': signature, 'Accept-Language': language },
  });
const confirm = (reference: string, signature: string) =>
  invoke(confirmDesignationHandler, 'POST', '/v1/designations/{reference}/confirm', { pathParameters: { reference }, headers: { 'X-Designation-Signature': signature } });

describe('POC emails of a standalone commitment', () => {
  it("go to each POC in the POC's own language", async () => {
    const { reference, status } = await submit(commitment(withContacts, { language: 'en' }));
    expect(status).toBe('awaiting-review');
    const mails = await outbox(reference);
    const informed = mails.filter((mail) => mail.template === 'poc-informed').map((mail) => [mail.to, mail.language, mail.data.areaName]);
    expect(informed.sort()).toEqual([
      [POC_FR.email, 'fr', 'Gouvernance numérique'],
      [POC_ES.email, 'es', 'Gobernanza digital'],
    ]);
    expect((await getSubmission(reference))?.pocInformed).toBe(true);
  });

  it('are skipped when the member has no contact: only the receipt is owed, and the submission is marked uninformed', async () => {
    const { reference } = await submit(commitment(withoutContacts));
    expect((await outbox(reference)).map((mail) => mail.template)).toEqual(['submission-receipt']);
    expect((await getSubmission(reference))?.pocInformed).toBe(false);
  });
});

describe('the designation of an action-plan commitment', () => {
  it('must have been made with the MSF: `designatedByMsf: false` is refused at its field, and nothing is stored', async () => {
    const body = commitment(withContacts, { ...actionPlan(false), language: 'fr' });
    const reply = await invoke(createSubmission, 'POST', '/v1/submissions', { body });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toEqual([{ path: 'actionPlan.designatedByMsf', message: expect.stringContaining('Forum multipartite') }]);
  });

  it("is confirmed by a POC from the signed link in the POC's language, audited with the POC's address", async () => {
    const { reference, status } = await submit(commitment(withContacts, actionPlan()));
    expect(status).toBe('awaiting-confirmation');
    const requests = (await outbox(reference)).filter((mail) => mail.template === 'designation-request');
    expect(requests.map((mail) => [mail.to, mail.language]).sort()).toEqual([
      [POC_FR.email, 'fr'],
      [POC_ES.email, 'es'],
    ]);
    const toFrench = requests.find((mail) => mail.to === POC_FR.email)!;
    expect(toFrench.data.confirmUrl).toMatch(new RegExp(`^http://localhost:\\d+/designation/${reference}#sig=`));
    const signature = signatureIn(toFrench.data.confirmUrl);

    const shown = await view(reference, signature);
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body).toEqual({
      reference,
      title: expect.stringContaining('Open budgets'),
      memberName: 'Designia',
      leadInstitution: 'Office of the Data Protection Commissioner',
      submitterName: 'Wanjiru Kamau',
      actionPlan: { id: 'DS-2025-2027', commitmentId: 'DS0007' },
      confirmed: null,
      expiresAt: toFrench.data.expiresAt,
    });
    expect(JSON.stringify(shown.body)).not.toContain('@');

    // It waits for the POC: listed for the Support Unit, not in the review queue.
    const reviewer = await tokenFor('reviewer@example.org');
    const listed = await invoke(listDesignations, 'GET', '/v1/review/designations', { token: reviewer });
    expect(listed.body.items).toContainEqual({ reference, title: shown.body.title, memberId: withContacts, memberName: 'Designia', submittedAt: expect.any(String), remindersSent: 0, pocInformed: true });
    expect((await invoke(listDesignations, 'GET', '/v1/review/designations')).status).toBe(401);

    const confirmed = await confirm(reference, signature);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.confirmed).toEqual({ at: expect.any(String), by: POC_FR.email });
    const stored = await getSubmission(reference, true);
    expect(stored).toMatchObject({ status: 'awaiting-review', version: 2, designation: { confirmed: { by: POC_FR.email, via: 'link' } } });
    expect(stored?.statusKey.startsWith(confirmed.body.confirmed.at)).toBe(true);
    expect((await readAuditTrail(reference)).map((entry) => [entry.actor, entry.action, entry.after])).toEqual([[POC_FR.email, 'designation-confirmed', { status: 'awaiting-review' }]]);

    // Confirming again (the other POC too) answers the confirmation on record and changes nothing.
    const otherPoc = signatureIn(requests.find((mail) => mail.to === POC_ES.email)!.data.confirmUrl);
    expect((await confirm(reference, otherPoc)).body.confirmed).toEqual(confirmed.body.confirmed);
    expect((await getSubmission(reference, true))?.version).toBe(2);
    const after = await invoke(listDesignations, 'GET', '/v1/review/designations', { token: reviewer });
    expect(after.body.items.map((item: { reference: string }) => item.reference)).not.toContain(reference);
  });

  it('refuses an expired link (410) and a tampered one (403), in the reader’s language, and confirms nothing', async () => {
    const { reference } = await submit(commitment(withContacts, actionPlan()));
    const sentLongAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const expired = signDesignationLink(reference, POC_FR.email, designationKey(), linkExpiry(sentLongAgo));
    const expiredReply = await view(reference, expired, 'es');
    expect(expiredReply.status).toBe(410);
    expect(expiredReply.body.error).toEqual({ code: 'link_expired', message: 'Este enlace ha caducado; solicite uno nuevo' });
    expect((await confirm(reference, expired)).status).toBe(410);

    const genuine = signDesignationLink(reference, POC_FR.email, designationKey(), linkExpiry(new Date()));
    const [expiry, recipient, mac] = genuine.split('.');
    const tampered = [
      `${Number(expiry) + 3600}.${recipient}.${mac}`,
      `${expiry}.${Buffer.from('intruder@example.org').toString('base64url')}.${mac}`,
      genuine.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')),
      signDesignationLink(reference, 'not-a-poc@example.org', designationKey(), linkExpiry(new Date())),
      'no-signature',
    ];
    for (const signature of tampered) {
      const reply = await confirm(reference, signature);
      expect(reply.status, signature).toBe(403);
      expect(reply.body.error.code).toBe('link_invalid');
    }
    expect((await view(reference, tampered[0]!, 'fr')).body.error.message).toContain("Ce lien n'est pas valide");
    expect((await getSubmission(reference, true))?.status).toBe('awaiting-confirmation');
    expect(await readAuditTrail(reference)).toEqual([]);
  });

  it('counts as confirmed at once when the submitter writes from a registered POC address', async () => {
    const body = commitment(withContacts, actionPlan());
    const { reference, status } = await submit({ ...body, submitter: { ...(body.submitter as object), email: POC_ES.email.toUpperCase() } });
    expect(status).toBe('awaiting-review');
    expect((await outbox(reference)).map((mail) => mail.template)).toEqual(['submission-receipt']);
    // Staff see who and when on the submission (anonymous intake writes nothing to the review table).
    expect((await getSubmission(reference))?.designation?.confirmed).toEqual({ at: expect.any(String), by: POC_ES.email.toUpperCase(), via: 'submitter-is-poc' });
  });
});

describe('the follow-up of points of contact', () => {
  it('asks a member’s POC once it has a contact, reminds weekly, and the Support Unit’s digest lists the uninformed and the unconfirmed', async () => {
    const uninformed = await submit(commitment(withoutContacts));
    const waiting = await submit(commitment(withoutContacts, actionPlan()));
    expect((await outbox(waiting.reference)).map((mail) => mail.template)).toEqual(['submission-receipt']);
    expect((await getSubmission(waiting.reference))?.pocInformed).toBe(false);

    // The cycle opens: the standalone one is reviewed; the digest names it and the waiting designation.
    const cycle = '2099-01';
    const now = new Date();
    await createCycle({ cycle, timeZone: 'UTC', collectBefore: new Date(now.getTime() + 60_000).toISOString(), openedAt: now.toISOString(), deadline: '2099-02-21T00:00:00.000Z' });
    while ((await collectPage(cycle, now)).more);
    const screened = await getSubmission(uninformed.reference, true);
    expect(screened?.status).toBe('in-review');
    expect(screened?.screening).toMatchObject({ criteriaVersion: (await currentCriteria()).version });
    await notifyReviewers(cycle, '2099-02-21T00:00:00.000Z');
    const { Item: digest } = await dynamo().send(
      new GetCommand({ TableName: reviewTable(), Key: { pk: keys.cycle(cycle).pk, sk: `MAIL#poc-follow-up-${cycle}#support-unit@example.org` } }),
    );
    expect(digest).toMatchObject({ template: 'support-unit-digest', to: 'support-unit@example.org', state: 'pending' });
    expect(digest?.data.uninformed).toContainEqual({ reference: uninformed.reference, title: expect.any(String), memberName: 'Silentia' });
    expect(digest?.data.unconfirmed).toContainEqual(expect.objectContaining({ reference: waiting.reference, memberName: 'Silentia', pocInformed: false }));
    expect(digest?.data.membersUrl).toMatch(/\/console\/members$/);
    expect(digest?.data.designationsUrl).toMatch(/\/console\/designations$/);

    // No contact, no email; once an admin adds one, the next run asks the new POC.
    expect((await sendDesignationReminders(now)).asked).not.toContain(waiting.reference);
    await updateMember(withoutContacts, { name: 'Silentia', kind: 'national', country: 'Silentia', region: 'europe', retired: false, contacts: [POC_ES] }, 1, 'admin@example.org');
    expect((await sendDesignationReminders(now)).asked).toContain(waiting.reference);
    const asked = (await outbox(waiting.reference)).filter((mail) => mail.template === 'designation-request');
    expect(asked.map((mail) => [mail.to, mail.language, mail.data.reminder])).toEqual([[POC_ES.email, 'es', 0]]);

    // A week later, a reminder with a fresh link; the same run again sends nothing more.
    const weekLater = new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000);
    expect((await sendDesignationReminders(weekLater)).reminded).toContain(waiting.reference);
    expect((await sendDesignationReminders(weekLater)).reminded).not.toContain(waiting.reference);
    const reminders = (await outbox(waiting.reference)).filter((mail) => mail.sk.startsWith('MAIL#designation-reminder-'));
    expect(reminders.map((mail) => [mail.sk, mail.data.reminder])).toEqual([[`MAIL#designation-reminder-1#${POC_ES.email}`, 1]]);
    expect(reminders[0]!.data.expiresAt > asked[0]!.data.expiresAt).toBe(true);
    expect((await getSubmission(waiting.reference, true))?.designation).toMatchObject({ remindersSent: 1, lastRemindedAt: weekLater.toISOString() });
  });
});
