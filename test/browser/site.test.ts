import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../shared/domain/criteria.ts';
import { SUBMISSION_STATUS_LABELS } from '../../shared/domain/labels.ts';
import { LANGUAGES } from '../../shared/domain/language.ts';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { validStory, validSubmission } from '../support/fixtures.ts';
import { waitFor, type InboxEmail } from '../support/platform.ts';
import { accessibilityViolations } from '../support/console-browser.ts';
import { callAs, chooseLanguage, fitsWidth, navigateInApp, openPage, startSite, type SiteSession } from './site-support.ts';

/**
 * The public site as its readers use it, in headless Chromium against a whole local platform: a
 * newcomer whose browser speaks French fills the submission form, makes two mistakes, sends it
 * through a lost answer and a double click, follows the receipt to the private status page,
 * corrects and withdraws; another submitter answers the reviewers' question; the public filters the
 * tracker. What staff do meanwhile (a review cycle and its decisions) goes straight to the API.
 */

let site: SiteSession;
const cycle = new Date().toISOString().slice(0, 7);
const run = Date.now().toString(36);
const newcomerEmail = `jeanne.martin.${run}@example.org`;
let newcomer: { reference: string; statusLink: string };
let questioned: { reference: string; statusToken: string };
let storyTitle: string;
let designationLink: string;

const page = () => site.page;
const url = (path: string) => `${site.origin}${path}`;
const allPass = Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass']));

async function inboxOf(address: string): Promise<InboxEmail[]> {
  const { emails } = (await (await fetch(`${site.platform.sesUrl}/store`)).json()) as { emails: InboxEmail[] };
  return emails.filter((email) => email.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Fills the whole form as a French-speaking newcomer would, with the two mistakes given. */
async function fillSubmissionInFrench(mistakes: { email: string; endDate: string }): Promise<void> {
  const form = page().locator('form');
  await page().getByLabel('Nom complet').fill('Jeanne Martin');
  await page().getByLabel('Adresse e-mail').fill(mistakes.email);
  await page().getByLabel('Fonction').fill('Cheffe de projet gouvernement ouvert');
  await page().getByLabel('Engagement indépendant').check();
  await page().getByLabel('Membre national').check();
  await page().getByLabel('Recherchez le membre par son nom').fill('sénég');
  await page().getByRole('button', { name: 'Senegal', exact: true }).click();
  await expect.poll(() => page().getByText('Membre choisi : Senegal').isVisible()).toBe(true);
  await page().getByLabel('Institution chef de file').fill('Ministère de la Justice');
  await page().getByRole('group', { name: 'L’institution chef de file est-elle un organisme public ?' }).getByLabel('Oui').check();
  await page().getByLabel('Niveau de gouvernement').selectOption('national');
  await page().getByLabel('Pouvoir concerné').selectOption('judicial');
  await page().getByRole('button', { name: 'Ajouter un partenaire' }).click();
  await expect.poll(() => page().evaluate('document.activeElement.id')).toBe('submit-partners-0-name');
  await page().getByLabel('Nom du partenaire').fill('Forum civil');
  await page().getByLabel('Type de partenaire').selectOption('civil-society');
  await page().getByLabel('Intitulé de la réforme').fill('Publier les décisions de justice en données ouvertes');
  await page().getByLabel('Domaine du Défi').selectOption('justice');
  await page().getByLabel('Quel problème la réforme traite-t-elle ?').fill('Les décisions de justice sont introuvables pour les justiciables.');
  await page().getByLabel('Quelle est la situation actuelle ?').fill('Seules quelques décisions sont publiées, sur papier.');
  await page().getByLabel('Que fera la réforme ?').fill('Publier toutes les décisions, anonymisées, sur un portail ouvert.');
  await page().getByLabel('Transparence').check();
  // A second milestone, added then removed: the form keeps the first as typed.
  await page().getByLabel('Ce qui sera fait').fill('Ouvrir le portail des décisions');
  await page().getByLabel('Livrable').fill('Portail public');
  await page().getByLabel('Date d’échéance').fill('2027-09-30');
  await page().getByRole('button', { name: 'Ajouter un jalon' }).click();
  await expect.poll(() => form.getByRole('group', { name: 'Jalon 2' }).isVisible()).toBe(true);
  await page().getByRole('button', { name: 'Supprimer (Jalon 2)' }).click();
  await expect.poll(() => form.getByRole('group', { name: 'Jalon 2' }).count()).toBe(0);
  expect(await page().getByLabel('Livrable').inputValue()).toBe('Portail public');
  await page().getByLabel('Date de début').fill('2026-03-01');
  await page().getByLabel('Date de fin').fill(mistakes.endDate);
  await page().getByLabel('En cours').check();
  await page().getByRole('group', { name: 'La réforme a-t-elle été conçue avec la société civile ?' }).getByLabel('Oui').check();
  await page().getByRole('button', { name: 'Ajouter un lien' }).click();
  await page().getByLabel('Lien 1').fill('https://www.example.org/decisions');
  await page().getByLabel('J’accepte que le PGO publie cet engagement').check();
}

beforeAll(async () => {
  site = await startSite({ locale: 'fr-FR' });
}, 300_000);

afterAll(async () => {
  await site?.stop();
});

describe('the public site', () => {
  it('is served at / for every page address, with a strict CSP, leaving /v1 to the API', async () => {
    for (const path of ['/', PAGE_PATHS.submit, PAGE_PATHS.reform('OGC-2026-01-0001'), PAGE_PATHS.status('OGC-2026-01-0001')]) {
      const response = await fetch(url(path));
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await response.text()).toContain('<meta name="referrer" content="no-referrer">');
    }
    expect((await fetch(url('/site.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(url('/missing.js'))).status).toBe(404);
    expect((await (await fetch(url('/v1/health'))).json()) as object).toHaveProperty('status');
  });

  it('speaks French to a French browser, and the language switch is remembered', async () => {
    await openPage(page(), url(PAGE_PATHS.submit));
    expect(await page().locator('html').getAttribute('lang')).toBe('fr');
    expect(await page().getByRole('heading', { level: 1 }).textContent()).toBe('Soumettre un engagement au Défi du gouvernement ouvert');
    await chooseLanguage(page(), 'es');
    expect(await page().getByRole('heading', { level: 1 }).textContent()).toBe('Enviar un compromiso al Desafío de Gobierno Abierto');
    await page().reload();
    await page().locator('body[data-ready="true"]').waitFor();
    expect(await page().locator('html').getAttribute('lang')).toBe('es');
    await chooseLanguage(page(), 'fr');
  });

  it('shows a newcomer both mistakes in French, at their fields, and focuses the first', async () => {
    await openPage(page(), url(PAGE_PATHS.submit));
    await fillSubmissionInFrench({ email: 'jeanne.martin@', endDate: '2025-12-31' });
    await page().getByRole('button', { name: 'Envoyer l’engagement' }).click();

    // The messages are the shared schema's, in French: the same the API would answer.
    const expected = (path: string) => {
      try {
        parseOrThrow(submissionRequestSchema, validSubmission({ submitter: { name: 'J', email: 'jeanne.martin@', position: 'P' }, startDate: '2026-03-01', endDate: '2025-12-31' }), 'fr');
      } catch (error) {
        return (error as { fields: { path: string; message: string }[] }).fields.find((field) => field.path === path)?.message;
      }
      return undefined;
    };
    const summary = page().locator('.error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toBe('Il y a un problème');
    expect(await summary.locator('li').count()).toBe(2);
    const emailError = page().locator('#submit-submitter-email-error');
    const endError = page().locator('#submit-endDate-error');
    expect(await emailError.textContent()).toBe(expected('submitter.email'));
    expect(await endError.textContent()).toBe(expected('endDate'));
    expect(await summary.locator('li').first().textContent()).toBe(`Adresse e-mail : ${expected('submitter.email')}`);
    expect(await page().getByLabel('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await page().getByLabel('Adresse e-mail').getAttribute('aria-describedby')).toContain('submit-submitter-email-error');
    expect(await page().evaluate('document.activeElement.id')).toBe('submit-submitter-email');
    // The summary's link takes the reader to the field.
    await summary.getByRole('link', { name: /^Date de fin/ }).click();
    expect(await page().evaluate('document.activeElement.id')).toBe('submit-endDate');
  });

  it('sends the corrected form once, through a lost answer and a double click', async () => {
    const posts: Request[] = [];
    const recordPost = (request: Request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/submissions')) posts.push(request);
    };
    page().on('request', recordPost);
    await page().getByLabel('Adresse e-mail').fill(newcomerEmail);
    await page().getByLabel('Date de fin').fill('2028-12-31');

    // The platform accepts the first attempt, but its answer is lost on the way back.
    await page().route('**/v1/submissions', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page().getByRole('button', { name: 'Envoyer l’engagement' }).click();
    await expect.poll(() => page().locator('.error-summary').textContent()).toContain('Le serveur est injoignable. Vos réponses sont conservées : réessayez.');
    await page().unroute('**/v1/submissions');

    await page().getByRole('button', { name: 'Envoyer l’engagement' }).dblclick();
    const reference = page().locator('#reference');
    await reference.waitFor();
    page().off('request', recordPost);
    expect(await page().getByRole('heading', { level: 1 }).textContent()).toBe('Engagement reçu');
    expect(await page().getByText(`Nous avons envoyé un accusé de réception à ${newcomerEmail}`).isVisible()).toBe(true);

    // Two requests (the lost one and the retry), one Idempotency-Key: the retry got the same receipt.
    expect(posts).toHaveLength(2);
    const keys = await Promise.all(posts.map((request) => request.headerValue('idempotency-key')));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect((await posts[1]!.response())?.headers()['idempotent-replayed']).toBe('true');

    await expect.poll(async () => (await inboxOf(newcomerEmail)).length, { timeout: 15_000 }).toBe(1);
    const [receipt] = await inboxOf(newcomerEmail);
    const link = /https?:\/\/[^\s"<>]+\/status\/[^\s"<>#]+#token=[A-Za-z0-9_-]+/.exec(receipt!.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    newcomer = { reference: (await reference.textContent())!, statusLink: link! };
    expect(newcomer.statusLink).toContain(PAGE_PATHS.status(newcomer.reference));
  });

  it('opens the private status page from the receipt, sending the token only in a header', async () => {
    const reads: Request[] = [];
    const recordRead = (request: Request) => {
      if (request.url().includes(`/v1/submissions/${newcomer.reference}`)) reads.push(request);
    };
    page().on('request', recordRead);
    await openPage(page(), newcomer.statusLink);
    page().off('request', recordRead);
    expect(await page().getByRole('heading', { level: 1 }).textContent()).toBe('Votre soumission');
    expect(await page().locator('#submission-status').textContent()).toBe(SUBMISSION_STATUS_LABELS['awaiting-review'].fr);
    expect(await page().getByText('Publier les décisions de justice en données ouvertes').isVisible()).toBe(true);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.url()).not.toContain('token');
      expect(await read.headerValue('x-status-token')).toBe(new URL(newcomer.statusLink).hash.slice('#token='.length));
      expect(await read.headerValue('referer')).toBeNull();
    }
  });

  it('corrects the submission from the status page, keeping its reference', async () => {
    await page().getByRole('button', { name: 'Corriger votre soumission' }).click();
    const title = page().getByLabel('Intitulé de la réforme');
    expect(await title.inputValue()).toBe('Publier les décisions de justice en données ouvertes');
    expect(await page().getByText('Membre choisi : Senegal').isVisible()).toBe(true);
    await title.fill('Publier toutes les décisions de justice en données ouvertes');
    await page().getByRole('button', { name: 'Enregistrer les corrections' }).click();
    await expect.poll(() => page().locator('[data-notice]').textContent()).toBe('Vos corrections sont enregistrées.');
    expect(await page().getByText('Publier toutes les décisions de justice en données ouvertes').isVisible()).toBe(true);
    const token = new URL(newcomer.statusLink).hash.slice('#token='.length);
    const view = await callAs(site, 'GET', `/v1/submissions/${newcomer.reference}`, { headers: { 'x-status-token': token } });
    expect(view.body).toMatchObject({ reference: newcomer.reference, title: 'Publier toutes les décisions de justice en données ouvertes' });
  });

  it('withdraws from the status page only after confirming', async () => {
    await page().getByRole('button', { name: 'Retirer cette soumission' }).click();
    expect(await page().evaluate('document.activeElement.id')).toBe('withdraw-question');
    await page().getByRole('button', { name: 'Non, la garder' }).click();
    expect(await page().locator('#submission-status').textContent()).toBe(SUBMISSION_STATUS_LABELS['awaiting-review'].fr);

    await page().getByRole('button', { name: 'Retirer cette soumission' }).click();
    await page().getByRole('button', { name: 'Oui, la retirer' }).click();
    await expect.poll(() => page().locator('[data-notice]').textContent()).toBe('La soumission est retirée.');
    expect(await page().locator('#submission-status').textContent()).toBe(SUBMISSION_STATUS_LABELS.withdrawn.fr);
    expect(await page().getByRole('button', { name: 'Retirer cette soumission' }).count()).toBe(0);
    // Still one receipt: no retry, double click or correction ever made a second submission.
    expect(await inboxOf(newcomerEmail)).toHaveLength(1);
  });

  it('answers the reviewers’ question from the status page', async () => {
    const post = async (overrides: Record<string, unknown>) => {
      const reply = await callAs<{ reference: string; statusToken: string }>(site, 'POST', '/v1/submissions', { json: validSubmission(overrides) });
      expect(reply.status, reply.text).toBe(201);
      return reply.body;
    };
    questioned = await post({ language: 'es', title: 'Presupuestos abiertos para todos', area: 'fiscal-openness' });
    const published = [
      await post({ title: 'Open courts data for Kenya', area: 'justice' }),
      await post({
        title: 'Participatory budgets in Tamale',
        area: 'fiscal-openness',
        member: { type: 'local', memberId: 'ghana--tamale', jurisdiction: 'Tamale Metropolitan Assembly' },
        government: { level: 'local', branch: 'executive' },
      }),
      await post({
        title: 'Open court hearings in Kisumu',
        area: 'justice',
        member: { type: 'local-non-member', memberId: 'kenya', jurisdiction: 'Kisumu' },
        government: { level: 'local', branch: 'judicial' },
      }),
    ];
    const story = validStory({ title: `Budgets ouverts ${run}` });
    storyTitle = String(story.title);
    const shared = await callAs<{ id: string }>(site, 'POST', '/v1/stories', { json: story });
    const reviewer = await site.platform.tokenFor('reviewer@example.org');
    const admin = await site.platform.tokenFor('admin@example.org');
    expect((await callAs(site, 'POST', `/v1/review/stories/${shared.body.id}/moderation`, { token: reviewer, json: { decision: 'publish' } })).status).toBe(200);

    expect((await callAs(site, 'POST', '/v1/review/cycles', { token: admin, json: { cycle } })).status).toBe(202);
    await expect
      .poll(async () => (await callAs(site, 'GET', `/v1/review/cycles/${cycle}`, { token: reviewer })).body?.cycle?.status, { timeout: 30_000, interval: 250 })
      .toBe('open');
    const listed = await callAs(site, 'GET', `/v1/review/cycles/${cycle}/submissions?limit=200`, { token: reviewer });
    const versionOf = (reference: string) => String(listed.body.submissions.find((submission: { reference: string }) => submission.reference === reference).version);
    const decide = async (reference: string, body: Record<string, unknown>) => {
      const reply = await callAs(site, 'POST', `/v1/review/submissions/${reference}/decision`, { token: reviewer, json: body, headers: { 'if-match': `"${versionOf(reference)}"` } });
      expect(reply.status, reply.text).toBe(200);
    };
    await decide(questioned.reference, {
      outcome: 'needs-info',
      criteria: allPass,
      area: 'fiscal-openness',
      ambition: 'unclear',
      rationale: 'Who owns the portal?',
      question: '¿Qué organismo gestiona el <b>portal</b> de presupuestos?',
    });
    for (const [index, receipt] of published.entries()) {
      await decide(receipt.reference, { outcome: 'eligible', criteria: allPass, area: index === 1 ? 'fiscal-openness' : 'justice', ambition: 'substantial', rationale: 'Ambitious.' });
    }
    expect((await callAs(site, 'POST', `/v1/review/cycles/${cycle}/release`, { token: admin })).status).toBe(202);
    await expect
      .poll(async () => (await callAs(site, 'GET', `/v1/review/cycles/${cycle}`, { token: reviewer })).body?.cycle?.status, { timeout: 30_000, interval: 250 })
      .toBe('released');

    await openPage(page(), url(`${PAGE_PATHS.status(questioned.reference)}#token=${questioned.statusToken}`));
    await chooseLanguage(page(), 'es');
    expect(await page().locator('#submission-status').textContent()).toBe(SUBMISSION_STATUS_LABELS['needs-info'].es);
    expect(await page().getByRole('heading', { name: 'Resultado: Se necesita más información' }).isVisible()).toBe(true);
    // The question is shown as the reviewer wrote it: as text, never as markup.
    expect(await page().locator('blockquote').textContent()).toBe('¿Qué organismo gestiona el <b>portal</b> de presupuestos?');

    await page().getByRole('button', { name: 'Enviar la respuesta' }).click();
    expect(await page().locator('#answer-answer-error').textContent()).toBe('Este campo es obligatorio');
    await page().getByLabel('Su respuesta').fill('La Dirección de Presupuesto del Ministerio de Finanzas.');
    await page().getByRole('button', { name: 'Enviar la respuesta' }).click();
    await expect.poll(() => page().locator('[data-notice]').textContent()).toBe('Gracias: su respuesta se ha enviado y el envío vuelve a la revisión.');
    const view = await callAs(site, 'GET', `/v1/submissions/${questioned.reference}`, { headers: { 'x-status-token': questioned.statusToken } });
    expect(view.body.status).not.toBe('needs-info');
    expect(await page().locator('#submission-status').textContent()).toBe(SUBMISSION_STATUS_LABELS[view.body.status as 'awaiting-review'].es);
  });

  it('filters the tracker by area and by level, in the address, with the counters of /v1/stats', async () => {
    await openPage(page(), url('/'));
    await chooseLanguage(page(), 'en');
    const stats = (await callAs(site, 'GET', '/v1/stats')).body;
    const counter = (name: string) => page().locator(`[data-counter="${name}"] .counter-value`).textContent();
    expect(await counter('countries')).toBe(String(stats.participatingCountries));
    expect(await counter('localities')).toBe(String(stats.participatingLocalities));
    expect(await counter('commitments')).toBe(String(stats.challengeCommitments.total));
    expect(stats.challengeCommitments.total).toBe(3);
    for (const [area, count] of Object.entries(stats.challengeCommitments.byArea)) {
      expect(await page().locator(`[data-area="${area}"] .count`).textContent(), area).toBe(String(count));
    }
    const rows = page().locator('#reforms tbody tr');
    expect(await rows.count()).toBe(3);

    await page().getByLabel('Challenge area').selectOption({ label: 'Justice' });
    await page().getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page().url()).toBe(url('/?area=justice'));
    await expect.poll(() => rows.count()).toBe(2);
    for (const area of await page().locator('#reforms tbody td[data-label="Challenge Area"]').allTextContents()) expect(area).toBe('Justice');

    await page().getByLabel('Level of government').selectOption({ label: 'Local (non-member)' });
    await page().getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page().url()).searchParams.get('level')).toBe('Local (non-member)');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe('Kisumu, Kenya');

    // The filtered view is an address: opened afresh (and in French), it shows the same reforms.
    const shared = page().url();
    await openPage(page(), shared);
    await chooseLanguage(page(), 'fr');
    expect(await rows.count()).toBe(1);
    expect(await page().getByLabel('Niveau de gouvernement').inputValue()).toBe('Local (non-member)');
    expect(await rows.first().locator('td[data-label="Domaine du Défi"]').textContent()).toBe('Justice');
    // Level filters in the API's other spelling (member-type ids) are understood too.
    expect((await callAs(site, 'GET', '/v1/reforms?level=local-non-member')).body.reforms).toHaveLength(1);

    await rows.first().getByRole('link').click();
    await expect.poll(() => page().getByRole('heading', { level: 1 }).textContent()).toBe('Open court hearings in Kisumu');
    expect(await page().getByText('Local (non membre)').isVisible()).toBe(true);
    expect(await page().getByRole('link', { name: 'Toutes les réformes du Défi' }).first().isVisible()).toBe(true);
  });

  it('lists published stories', async () => {
    await openPage(page(), url(PAGE_PATHS.stories));
    expect(await page().getByRole('heading', { name: storyTitle }).isVisible()).toBe(true);
    expect(await page().getByText('Par Awa Diop, Réseau des jeunes citoyens').isVisible()).toBe(true);
  });

  it('lets the member’s point of contact confirm an action-plan commitment from the email', async () => {
    const reply = await callAs<{ reference: string }>(site, 'POST', '/v1/submissions', {
      json: validSubmission({ channel: 'action-plan', actionPlan: { id: 'Kenya 2023-2027', commitmentId: 'K-07', designatedByMsf: true }, title: `Open procurement ${run}` }),
    });
    expect(reply.status, reply.text).toBe(201);
    const { reference } = reply.body;
    const linkPattern = new RegExp(`https?://[^\\s"<>]+/designation/${reference}#sig=[A-Za-z0-9._-]+`);
    const request = await waitFor(async () => (await inboxOf('poc.kenya@example.org')).find((mail) => linkPattern.test(mail.body.text ?? '')), 15_000);
    const link = linkPattern.exec(request.body.text ?? '')![0];
    designationLink = link;

    await openPage(page(), link);
    await chooseLanguage(page(), 'en');
    expect(await page().getByRole('heading', { level: 1 }).textContent()).toBe('Confirm a commitment for the Open Gov Challenge');
    expect(await page().getByText(`Open procurement ${run}`).isVisible()).toBe(true);
    expect(await page().getByText('K-07', { exact: true }).isVisible()).toBe(true);
    await page().getByRole('button', { name: 'Confirm the designation' }).click();
    await expect.poll(() => page().locator('[data-notice]').textContent()).toContain('The commitment now goes to the next monthly review.');
    expect(await page().getByRole('button', { name: 'Confirm the designation' }).count()).toBe(0);

    // A link altered on the way says so in plain words, and confirms nothing.
    // The signature's last part is the MAC: its first character carries six bits of it.
    const macAt = link.lastIndexOf('.') + 1;
    await openPage(page(), `${link.slice(0, macAt)}${link[macAt] === 'A' ? 'B' : 'A'}${link.slice(macAt + 1)}`);
    expect(await page().getByRole('alert').textContent()).toBe(
      'This link is not valid. Open the whole link from the email again; if it still does not work, reply to that email.',
    );
  });

  it('can be used with the keyboard alone', async () => {
    await openPage(page(), url('/'));
    await chooseLanguage(page(), 'fr');
    await openPage(page(), url(PAGE_PATHS.submit));
    await page().keyboard.press('Tab');
    expect(await page().evaluate('document.activeElement.className')).toBe('skip-link');
    await page().keyboard.press('Enter');
    await expect.poll(() => page().evaluate('document.activeElement.id')).toBe('main');

    await page().getByLabel('Membre local (OGP Local)').focus();
    await page().keyboard.press('Space');
    await page().keyboard.press('Tab');
    await page().keyboard.type('tamale');
    await page().keyboard.press('Tab');
    await page().keyboard.press('Enter');
    await expect.poll(() => page().getByText('Membre choisi : Tamale').isVisible()).toBe(true);
    expect(await page().evaluate('document.activeElement.textContent')).toBe('Choisir un autre membre');

    await openPage(page(), url('/'));
    await page().getByLabel('Domaine du Défi').focus();
    await page().keyboard.press('ArrowDown');
    await page().getByRole('button', { name: 'Appliquer les filtres' }).focus();
    await page().keyboard.press('Enter');
    await expect.poll(() => new URL(page().url()).searchParams.has('area')).toBe(true);
  });

  it.each(LANGUAGES)('meets WCAG 2.1 A and AA (axe) on every page in %s, and fits a 375 px phone', async (language) => {
    const pages = [
      '/',
      '/?area=justice&level=National',
      PAGE_PATHS.reform((await callAs(site, 'GET', '/v1/reforms?limit=1')).body.reforms[0].reference),
      PAGE_PATHS.stories,
      PAGE_PATHS.newStory,
      PAGE_PATHS.submit,
      `${PAGE_PATHS.status(questioned.reference)}#token=${questioned.statusToken}`,
      newcomer.statusLink.slice(site.origin.length),
      designationLink.slice(site.origin.length),
      `${PAGE_PATHS.designation(newcomer.reference)}#sig=not-a-signature`,
      '/no-such-page',
    ];
    const problems: string[] = [];
    await openPage(page(), url('/'));
    await chooseLanguage(page(), language);
    for (const path of pages) {
      await page().setViewportSize({ width: 1280, height: 900 });
      await navigateInApp(page(), path);
      if (path === PAGE_PATHS.submit) {
        // The form with its error summary and messages showing, too.
        await page().locator('form button[type="submit"]').click();
        await page().locator('.error-summary').waitFor();
      }
      for (const violation of await accessibilityViolations(page())) problems.push(`${path}: ${violation}`);
      await page().setViewportSize({ width: 375, height: 812 });
      if (!(await fitsWidth(page()))) problems.push(`${path}: scrolls sideways at 375 px`);
    }
    await page().setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  });

  it('threw no error and ran no script from submitted text', () => {
    expect(site.pageErrors).toEqual([]);
  });
});
