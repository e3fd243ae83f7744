import { apiGet } from '../api.ts';
import { designationsSchema } from '../api-schemas.ts';
import { badge, h, timeElement } from '../dom.ts';
import { errorNotice, loadingNotice, pageTitle, type View } from './view.ts';

/**
 * Action-plan commitments whose designation the member's point of contact has not confirmed yet:
 * they wait outside review until confirmed, and the POC is reminded. The Support Unit follows up
 * on the ones that linger, or on members with no contact to ask.
 */
export async function showDesignations(view: View): Promise<void> {
  const body = h('div', {}, loadingNotice('the designations'));
  view.container.replaceChildren(
    pageTitle('Designations awaiting confirmation'),
    h('p', {}, 'An action-plan commitment enters review once its member’s point of contact confirms it was designated with the Multi-Stakeholder Forum.'),
    body,
  );
  let items;
  try {
    items = (await apiGet('/v1/review/designations', designationsSchema)).items;
  } catch (error) {
    if (view.isCurrent()) body.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;
  if (items.length === 0) {
    body.replaceChildren(h('p', { class: 'muted' }, 'Nothing is waiting: every action-plan commitment has been confirmed.'));
    return;
  }
  body.replaceChildren(
    h('p', { class: 'table-count' }, `${items.length} commitment${items.length === 1 ? '' : 's'} awaiting confirmation.`),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table' },
        h('caption', { class: 'visually-hidden' }, 'Action-plan commitments awaiting their designation’s confirmation, oldest first'),
        h('thead', {}, h('tr', {}, ['Reference', 'Title', 'Member', 'Submitted', 'Reminders sent', 'Point of contact'].map((label) => h('th', { scope: 'col' }, label)))),
        h(
          'tbody',
          {},
          [...items]
            .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''))
            .map((item) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, item.reference),
                h('td', {}, item.title),
                h('td', {}, item.memberName || item.memberId),
                h('td', {}, timeElement(item.submittedAt)),
                h('td', { class: 'number' }, String(item.remindersSent)),
                h('td', {}, item.pocInformed ? badge('Informed', 'success') : badge('No contact to inform', 'danger')),
              ),
            ),
        ),
      ),
    ),
  );
}
