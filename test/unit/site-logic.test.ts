import { describe, expect, it } from 'vitest';
import { PAGE_PATHS } from '../../shared/domain/page-urls.ts';
import { submissionRequestSchema } from '../../shared/domain/schemas.ts';
import { draftFromRequest, emptyDraft, toRequest } from '../../site/src/forms/submission-draft.ts';
import { isSitePath, matchPage } from '../../site/src/router.ts';
import { validSubmission } from '../support/fixtures.ts';

describe('the site router', () => {
  it('has a page for every public address of page-urls.ts', () => {
    expect(matchPage(PAGE_PATHS.tracker)).toEqual({ name: 'tracker', param: '' });
    expect(matchPage(PAGE_PATHS.stories)).toEqual({ name: 'stories', param: '' });
    expect(matchPage(PAGE_PATHS.newStory)).toEqual({ name: 'newStory', param: '' });
    expect(matchPage(PAGE_PATHS.submit)).toEqual({ name: 'submit', param: '' });
    expect(matchPage(PAGE_PATHS.reform('OGC-2026-11-0042'))).toEqual({ name: 'reform', param: 'OGC-2026-11-0042' });
    expect(matchPage(PAGE_PATHS.status('OGC-2026-11-0042'))).toEqual({ name: 'status', param: 'OGC-2026-11-0042' });
    expect(matchPage(PAGE_PATHS.designation('OGC-2026-11-0042'))).toEqual({ name: 'designation', param: 'OGC-2026-11-0042' });
    expect(matchPage(`${PAGE_PATHS.submit}/`)).toEqual({ name: 'submit', param: '' });
  });

  it('sends unknown addresses to the not-found page, and leaves the API and console alone', () => {
    expect(matchPage('/reforms').name).toBe('notFound');
    expect(matchPage('/status/a/b').name).toBe('notFound');
    expect(matchPage('/reforms/%E0%A4%A').param).toBe('%E0%A4%A');
    expect(isSitePath('/v1/reforms')).toBe(false);
    expect(isSitePath(PAGE_PATHS.console)).toBe(false);
    expect(isSitePath('/local/')).toBe(false);
    expect(isSitePath(PAGE_PATHS.stories)).toBe(true);
  });
});

describe('the submission draft', () => {
  it('gives back a stored submission unchanged (the correction path)', () => {
    const stored = submissionRequestSchema.parse(validSubmission());
    expect(submissionRequestSchema.parse(toRequest(draftFromRequest(stored), 'en'))).toEqual(stored);
  });

  it('keeps the action plan and jurisdiction only where the chosen options ask for them', () => {
    const local = submissionRequestSchema.parse(
      validSubmission({ channel: 'action-plan', actionPlan: { id: 'Kenya 2023-2027', commitmentId: '4', designatedByMsf: true }, member: { type: 'local-non-member', memberId: 'kenya', jurisdiction: 'Kisumu' } }),
    );
    const draft = draftFromRequest(local);
    expect(toRequest(draft, 'fr')).toMatchObject({ language: 'fr', actionPlan: local.actionPlan, member: local.member });
    draft.channel = 'standalone';
    draft.member.type = 'national';
    const request = toRequest(draft, 'fr');
    expect(request).not.toHaveProperty('actionPlan');
    expect(request.member).toEqual({ type: 'national', memberId: 'kenya' });
  });

  it('reports every empty field of a new form at its own path, nothing dropped', () => {
    const draft = emptyDraft();
    draft.partners.push({ name: '', kind: '' });
    const result = submissionRequestSchema.safeParse(toRequest(draft, 'es'));
    const paths = new Set(result.error?.issues.map((issue) => issue.path.join('.')));
    for (const path of ['channel', 'submitter.email', 'member.type', 'leadInstitution.isPublic', 'partners.0.name', 'partners.0.kind', 'milestones.0.dueDate', 'coCreated', 'area']) {
      expect(paths, path).toContain(path);
    }
  });
});
