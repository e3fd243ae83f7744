import * as z from 'zod';
import { UNDELIVERABLE_REASON_LABELS } from '../../../shared/domain/labels.ts';
import { suppressionSchema, type Suppression } from '../../../shared/domain/undeliverable.ts';
import { apiGet, apiSend, messageOf } from '../api.ts';
import { announce, h, timeElement } from '../dom.ts';
import { errorNotice, loadingNotice, pageTitle, type View } from './view.ts';

/**
 * Addresses no mail goes to any more (admins): SES reported a permanent bounce or a complaint. An
 * admin lifts a suppression once the address works again or the complaint was a mistake; the
 * next email to it is then sent, and a member's contact at it is no longer marked undeliverable.
 */

const suppressionsSchema = z.object({ items: z.array(suppressionSchema) });
const liftedSchema = z.object({ suppression: suppressionSchema, members: z.array(z.object({ name: z.string() })) });

function liftedMessage(address: string, members: readonly { name: string }[]): string {
  const names = members.map((member) => member.name).join(', ');
  const contacts = members.length === 0 ? '' : ` The point of contact of ${names} is no longer marked undeliverable.`;
  return `Mail can go to ${address} again.${contacts}`;
}

function row(suppression: Suppression): HTMLTableRowElement {
  const status = h('span', { role: 'status' });
  const lift = h('button', { type: 'button', class: 'button button--quiet', 'aria-label': `Lift the suppression of ${suppression.address}` }, 'Lift');
  const tr = h(
    'tr',
    {},
    h('th', { scope: 'row' }, suppression.address),
    h('td', {}, UNDELIVERABLE_REASON_LABELS[suppression.reason].en),
    h('td', {}, timeElement(suppression.at)),
    h('td', { class: 'muted' }, suppression.detail ?? '—'),
    h('td', {}, lift, ' ', status),
  );
  lift.addEventListener('click', () => {
    lift.disabled = true;
    status.textContent = '';
    apiSend('POST', '/v1/admin/suppressions/lift', liftedSchema, { body: { address: suppression.address } })
      .then(({ data }) => {
        tr.remove();
        announce(liftedMessage(data.suppression.address, data.members));
      })
      .catch((error: unknown) => {
        lift.disabled = false;
        status.textContent = messageOf(error);
      });
  });
  return tr;
}

export async function showSuppressions(view: View): Promise<void> {
  const body = h('div', {}, loadingNotice('the undeliverable addresses'));
  view.container.replaceChildren(
    pageTitle('Undeliverable addresses'),
    h('p', {}, 'No email goes to these addresses: mail to them bounced for good, or their owner marked an email as spam. Lift a suppression once the address works again.'),
    body,
  );
  let suppressions: Suppression[];
  try {
    suppressions = (await apiGet('/v1/admin/suppressions', suppressionsSchema)).items;
  } catch (error) {
    if (view.isCurrent()) body.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;
  if (suppressions.length === 0) {
    body.replaceChildren(h('p', { class: 'muted' }, 'No address is suppressed: mail goes to everyone.'));
    return;
  }
  body.replaceChildren(
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table' },
        h('caption', { class: 'visually-hidden' }, 'Suppressed addresses, oldest first'),
        h('thead', {}, h('tr', {}, ['Address', 'Why', 'Since', 'What the receiving server said', 'Action'].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, suppressions.map(row)),
      ),
    ),
  );
}
