import { CRITERION_IDS } from '../../../shared/domain/criteria.ts';
import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { apiGet, segment, type ApiError } from '../api.ts';
import { auditTrailSchema, cycleSubmissionSchema, type CycleSubmission, type DecisionView } from '../api-schemas.ts';
import { describeAuditEntry } from '../audit.ts';
import { loadCycle, recordInRow, refreshDetail, type LoadedCycle } from '../cycle-store.ts';
import { readTableState, selectRows, writeTableState } from '../cycle-table.ts';
import { decisionForm } from '../decision-form.ts';
import { announce, badge, externalLink, facts, h, timeElement } from '../dom.ts';
import {
  ambitionLabel,
  areaLabel,
  branchLabel,
  channelLabel,
  commitmentStatusLabel,
  criterionLabel,
  governmentLevelLabel,
  languageLabel,
  memberTypeLabel,
  outcomeLabel,
  partnerKindLabel,
  regionLabel,
  submissionStatusLabel,
  valueLabel,
  verdictLabel,
} from '../labels.ts';
import { navigate } from '../router.ts';
import { decisionBadge, undeliverableReason } from './cycle.ts';
import { backLink, errorNotice, loadingNotice, pageTitle, type View } from './view.ts';

/**
 * One submission, for deciding: everything the submitter sent (read whole when the page opens: the
 * table's rows hold only what the table shows), its screening, the decision so far and its form,
 * and the audit trail as sentences. j / n and k / p move to the next and previous
 * submission of the table's filtered order (the filters ride along in the address).
 */

interface Notice {
  kind: 'success' | 'error';
  text: string;
}

let shortcuts: ((event: KeyboardEvent) => void) | undefined;

/** Keys typed into a field are text, never shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select, [contenteditable]');
}

function bindShortcuts(view: View, go: { next?: string; previous?: string }): void {
  if (shortcuts) document.removeEventListener('keydown', shortcuts);
  shortcuts = (event) => {
    if (!view.isCurrent() || event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const target = event.key === 'j' || event.key === 'n' ? go.next : event.key === 'k' || event.key === 'p' ? go.previous : undefined;
    if (!target) return;
    event.preventDefault();
    navigate(target);
  };
  document.addEventListener('keydown', shortcuts);
}

const yesNo = (value: boolean | undefined) => (value === undefined ? '—' : value ? 'Yes' : 'No');
const paragraphs = (value: string | null | undefined) => (value ? h('div', { class: 'prewrap' }, value) : null);

function submissionFacts(submission: CycleSubmission): HTMLElement {
  const { request } = submission;
  const submitter = request.submitter;
  const designation = submission.designation?.confirmed;
  return facts([
    ['Member', [submission.member?.name ?? request.member?.memberId ?? '—', submission.member?.region ? ` (${regionLabel(submission.member.region)})` : '']],
    ['Member type', memberTypeLabel(request.member?.type)],
    ['Place', submission.place ?? request.member?.jurisdiction ?? '—'],
    ['Government', `${governmentLevelLabel(request.government?.level)}, ${branchLabel(request.government?.branch).toLowerCase()} branch`],
    ['Lead institution', [request.leadInstitution?.name ?? '—', request.leadInstitution?.isPublic === false ? ' (not a public institution)' : '']],
    ['Channel', channelLabel(submission.channel ?? request.channel)],
    request.actionPlan
      ? ['Action plan', `${request.actionPlan.id}, commitment ${request.actionPlan.commitmentId}${designation ? '' : ' — designation not confirmed yet'}`]
      : null,
    designation ? ['Designation confirmed', [designation.by, ', ', timeElement(designation.at)]] : null,
    ['Submitter', submitter ? `${submitter.name ?? ''}${submitter.position ? `, ${submitter.position}` : ''}${submitter.email ? ` <${submitter.email}>` : ''}` : '—'],
    ['Language', languageLabel(submission.language)],
    ['Self-identified area', areaLabel(submission.area)],
    ['Received', timeElement(submission.receivedAt)],
    ['Status', submissionStatusLabel(submission.status)],
  ]);
}

function screeningSection(submission: CycleSubmission): HTMLElement {
  const screening = submission.screening;
  const section = h('section', { class: 'screening', 'aria-labelledby': 'screening-title' }, h('h2', { id: 'screening-title' }, 'Automatic screening'));
  if (!screening) {
    section.append(h('p', { class: 'muted' }, 'Not screened yet.'));
    return section;
  }
  const ids = [...CRITERION_IDS, ...Object.keys(screening.criteria).filter((id) => !(CRITERION_IDS as readonly string[]).includes(id))];
  section.append(
    h(
      'table',
      { class: 'table screening-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Criterion'), h('th', { scope: 'col' }, 'Screening'), h('th', { scope: 'col' }, 'Why'))),
      h(
        'tbody',
        {},
        ids.map((id) => {
          const entry = screening.criteria[id];
          const kind = entry?.verdict === 'pass' ? 'success' : entry?.verdict === 'fail' ? 'danger' : 'warning';
          return h('tr', { dataset: { criterion: id } }, h('th', { scope: 'row' }, criterionLabel(id)), h('td', {}, entry ? badge(verdictLabel(entry.verdict), kind) : '—'), h('td', {}, entry?.reason ?? ''));
        }),
      ),
    ),
    screening.duplicateOf ? h('p', { class: 'notice notice--warning' }, `This may duplicate ${screening.duplicateOf}.`) : '',
    screening.screenedAt ? h('p', { class: 'muted' }, 'Screened ', timeElement(screening.screenedAt), screening.criteriaVersion ? ` against criteria version ${screening.criteriaVersion}` : '', '.') : '',
  );
  return section;
}

function requestSection(submission: CycleSubmission): HTMLElement {
  const { request } = submission;
  return h(
    'section',
    { 'aria-labelledby': 'request-title' },
    h('h2', { id: 'request-title' }, 'The submission'),
    facts(
      [
        ['Problem', paragraphs(request.problem)],
        ['Status quo', paragraphs(request.statusQuo)],
        ['Description', paragraphs(request.description)],
        ['Open-government values', request.values.map(valueLabel).join(', ') || '—'],
        ['Work', `${commitmentStatusLabel(request.status)}, from ${request.startDate ?? '?'} to ${request.endDate ?? '?'}`],
        ['Co-created with civil society', yesNo(request.coCreated)],
        request.milestones.length > 0
          ? ['Milestones', h('ol', {}, request.milestones.map((milestone) => h('li', {}, h('strong', {}, milestone.dueDate), ' — ', milestone.description, milestone.deliverable ? ` (deliverable: ${milestone.deliverable})` : '')))]
          : null,
        request.partners.length > 0 ? ['Partners', request.partners.map((partner) => `${partner.name} (${partnerKindLabel(partner.kind).toLowerCase()})`).join('; ')] : null,
        request.links.length > 0 ? ['Links', h('ul', {}, request.links.map((link) => h('li', {}, externalLink(link))))] : null,
        ['Consent to publish', yesNo(request.consentToPublish)],
      ],
      'details-list',
    ),
    submission.answer
      ? h(
          'div',
          { class: 'answer' },
          h('h3', {}, 'Answer to an earlier question'),
          submission.question ? h('p', {}, h('strong', {}, 'Question: '), submission.question) : '',
          h('p', { class: 'prewrap' }, submission.answer),
          submission.answeredAt ? h('p', { class: 'muted' }, 'Answered ', timeElement(submission.answeredAt)) : '',
        )
      : '',
  );
}

function currentDecision(decision: DecisionView, submission: CycleSubmission): HTMLElement {
  const retagged = decision.area !== (decision.originalArea ?? submission.area);
  return h(
    'section',
    { class: 'decision', 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, 'Current decision', decision.revision ? ` (revision ${decision.revision})` : ''),
    facts([
      ['Outcome', outcomeLabel(decision.outcome)],
      ['Area', [areaLabel(decision.area), retagged ? ` (re-tagged from ${areaLabel(decision.originalArea ?? submission.area)})` : '']],
      ['Ambition', ambitionLabel(decision.ambition)],
      ['Promising', decision.promising ? 'Yes' : 'No'],
      ['Criteria', CRITERION_IDS.map((id) => `${criterionLabel(id)}: ${verdictLabel(decision.criteria[id])}`).join('; ')],
      ['Rationale', paragraphs(decision.rationale) ?? '—'],
      decision.question ? ['Question to the submitter', paragraphs(decision.question)] : null,
      ['Decided by', [decision.decidedBy || '—', decision.decidedAt ? [', ', timeElement(decision.decidedAt)] : '']],
    ]),
  );
}

function auditSection(reference: string, view: View): HTMLElement {
  const body = h('div', {}, loadingNotice('the audit trail'));
  apiGet(`/v1/review/submissions/${segment(reference)}/audit`, auditTrailSchema)
    .then(({ entries }) => {
      if (!view.isCurrent()) return;
      body.replaceChildren(
        entries.length === 0
          ? h('p', { class: 'muted' }, 'Nothing recorded yet.')
          : h(
              'ol',
              { class: 'audit-list' },
              entries.map((entry) => {
                const sentence = describeAuditEntry(entry);
                return h(
                  'li',
                  {},
                  h('p', {}, timeElement(sentence.at), ' — ', h('strong', {}, sentence.who), ` ${sentence.what}.`),
                  sentence.changes.length > 0
                    ? h(
                        'ul',
                        { class: 'audit-changes' },
                        sentence.changes.map((change) => h('li', {}, `${change.field}: `, h('span', { class: 'before' }, change.before), ' → ', h('span', { class: 'after' }, change.after))),
                      )
                    : '',
                );
              }),
            ),
      );
    })
    .catch((error: unknown) => {
      if (view.isCurrent()) body.replaceChildren(errorNotice(error));
    });
  return h('section', { class: 'audit', 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit trail'), body);
}

function undeliverableNotice({ undeliverable }: CycleSubmission): HTMLElement | string {
  if (!undeliverable) return '';
  return h(
    'p',
    { class: 'notice notice--warning', id: 'undeliverable-notice' },
    h('strong', {}, 'Undeliverable: '),
    `${undeliverableReason(undeliverable)} (${undeliverable.address}, `,
    timeElement(undeliverable.at),
    '). The submitter may not have received our emails: reach them another way.',
  );
}

function decisionsClosedReason(submission: CycleSubmission, cycleStatus: string): string | undefined {
  if (cycleStatus === 'releasing' || cycleStatus === 'released') return 'Decisions are closed: the cycle has been signed off.';
  if (submission.status !== 'in-review') return `Decisions are closed: the submission is ${submissionStatusLabel(submission.status).toLowerCase()}.`;
  return undefined;
}

export async function showSubmission(view: View, cycle: string, reference: string, notice?: Notice): Promise<void> {
  const state = readTableState(view.params);
  const query = writeTableState(state);
  const listHref = `${PAGE_PATHS.consoleCycle(cycle)}${query.size > 0 ? `?${query}` : ''}`;
  view.container.replaceChildren(backLink(listHref, `Submissions of cycle ${cycle}`), pageTitle(reference), loadingNotice('the submission'));

  const reading = apiGet(`/v1/review/cycles/${segment(cycle)}/submissions/${segment(reference)}`, cycleSubmissionSchema);
  const showError = (error: unknown) => {
    if (view.isCurrent()) view.container.replaceChildren(backLink(listHref, `Submissions of cycle ${cycle}`), pageTitle(reference), errorNotice(error));
  };
  let loaded: LoadedCycle;
  try {
    loaded = await loadCycle(cycle);
  } catch (error) {
    reading.catch(() => undefined);
    showError(error);
    return;
  }
  if (!view.isCurrent()) return;

  const order = selectRows(loaded.rows, state);
  const position = order.findIndex((row) => row.reference === reference);
  // The walk and its keys work from the table's rows while the submission itself is read.
  // Moving on keeps the filters but not the page number: the detail order is the whole filtered list.
  const hrefOf = (index: number) => {
    const target = order[index];
    return target ? `${PAGE_PATHS.consoleSubmission(cycle, target.reference)}${query.size > 0 ? `?${query}` : ''}` : undefined;
  };
  const next = position >= 0 ? hrefOf(position + 1) : undefined;
  const previous = position >= 0 ? hrefOf(position - 1) : undefined;
  bindShortcuts(view, { next, previous });

  const walk = h(
    'nav',
    { class: 'walk', 'aria-label': 'Move between submissions' },
    previous ? h('a', { href: previous, rel: 'prev' }, '← Previous') : h('span', { class: 'muted' }, '← Previous'),
    h('span', { class: 'walk__position' }, position >= 0 ? `${position + 1} of ${order.length} in this list` : 'Not in the filtered list'),
    next ? h('a', { href: next, rel: 'next' }, 'Next →') : h('span', { class: 'muted' }, 'Next →'),
    h('p', { class: 'walk__hint', id: 'shortcut-hint' }, 'Keyboard: ', h('kbd', {}, 'j'), ' or ', h('kbd', {}, 'n'), ' next, ', h('kbd', {}, 'k'), ' or ', h('kbd', {}, 'p'), ' previous (not while typing in a field).'),
  );
  view.container.replaceChildren(backLink(listHref, `Submissions of cycle ${cycle}`), walk, pageTitle(reference), loadingNotice('the submission'));

  let submission: CycleSubmission;
  try {
    submission = await reading;
  } catch (error) {
    showError(error);
    return;
  }
  if (!view.isCurrent()) return;
  // The submission as just read is the truth; the table's row catches up with it.
  if (submission.decision) await recordInRow(cycle, reference, submission.decision, submission.version);
  const decisionState = submission.decision?.outcome ?? 'undecided';

  const cycleStatus = loaded.detail.cycle.status;
  const closed = decisionsClosedReason(submission, cycleStatus);
  const noticeNode = notice
    ? h('div', { class: `notice notice--${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status', tabindex: '-1', id: 'decision-notice' }, h('p', {}, notice.text))
    : '';

  const onRecorded = (decision: DecisionView, version: number | undefined) => {
    void recordInRow(cycle, reference, decision, version)
      .then(() => refreshDetail(cycle).catch(() => undefined))
      .then(() => {
        const revision = decision.revision ? ` (revision ${decision.revision})` : '';
        announce(`Decision on ${reference} recorded${revision}.`);
        return showSubmission(view, cycle, reference, { kind: 'success', text: `Decision recorded${revision}: ${outcomeLabel(decision.outcome)}.` });
      })
      .then(() => document.getElementById('decision-notice')?.focus());
  };
  const onConflict = (error: ApiError) => {
    void loadCycle(cycle, { fresh: true })
      .then(() =>
        showSubmission(view, cycle, reference, {
          kind: 'error',
          text: `Someone else decided this meanwhile, so nothing was recorded; the page now shows the current decision. Check it before deciding again. (${error.message})`,
        }),
      )
      .then(() => document.getElementById('decision-notice')?.focus());
  };

  view.container.replaceChildren(
    backLink(listHref, `Submissions of cycle ${cycle}`),
    walk,
    pageTitle(reference, h('span', { class: 'title' }, ` ${submission.request.title || '(no title)'}`)),
    h(
      'p',
      { class: 'badges' },
      decisionBadge(decisionState),
      ' ',
      badge(submissionStatusLabel(submission.status), 'neutral'),
      submission.duplicateOf ? [' ', badge(`May duplicate ${submission.duplicateOf}`, 'warning')] : '',
      submission.decision?.promising ? [' ', badge('Promising', 'success')] : '',
    ),
    undeliverableNotice(submission),
    noticeNode,
    h(
      'div',
      { class: 'detail' },
      h('div', { class: 'detail__main' }, submissionFacts(submission), screeningSection(submission), requestSection(submission)),
      h(
        'div',
        { class: 'detail__side' },
        submission.decision ? currentDecision(submission.decision, submission) : '',
        closed ? h('p', { class: 'notice' }, closed) : h('div', { class: 'card' }, decisionForm({ submission, onRecorded, onConflict })),
        auditSection(reference, view),
      ),
    ),
  );
}
