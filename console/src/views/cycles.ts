import { PAGE_PATHS } from '../../../shared/domain/page-urls.ts';
import { startCycleRequestSchema } from '../../../shared/domain/schemas.ts';
import { AppError } from '../../../shared/domain/errors.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import { ApiError, apiGet, apiSend, messageOf, segment } from '../api.ts';
import { cycleDetailSchema, cyclesSchema, cycleSchema, type Cycle, type CycleDetail } from '../api-schemas.ts';
import { announce, badge, h, showFlash, timeElement } from '../dom.ts';
import { cycleStatusLabel, resultLabel } from '../labels.ts';
import { asSentence } from '../text.ts';
import { errorNotice, isAdmin, loadingNotice, pageTitle, type View } from './view.ts';
import * as z from 'zod';

const PROGRESS_CONCURRENCY = 3;

export function cycleStatusBadge(status: string): HTMLElement {
  const kind = status === 'open' ? 'info' : status === 'released' ? 'success' : status === 'releasing' || status === 'collecting' ? 'warning' : 'neutral';
  return badge(cycleStatusLabel(status), kind);
}

export function progressText(cycle: Cycle, detail: CycleDetail): Node | string {
  const { submissions, decided, undecided, results } = detail.progress;
  if (cycle.status === 'released') {
    const released = Object.entries(results).map(([result, count]) => `${resultLabel(result)}: ${count}`);
    return released.length > 0 ? released.join(' · ') : `${submissions} submission(s)`;
  }
  const waiting = decided + undecided;
  if (waiting === 0) return `${submissions} submission(s), none waiting`;
  return h(
    'span',
    { class: 'progress' },
    h('progress', { max: waiting, value: decided, 'aria-hidden': 'true' }),
    ` ${decided} of ${waiting} decided`,
  );
}

function previousMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

function startCycleForm(onStarted: () => void): HTMLElement {
  const input = h('input', { id: 'start-cycle', name: 'cycle', inputmode: 'numeric', autocomplete: 'off', value: previousMonth(), 'aria-describedby': 'start-cycle-hint start-cycle-error' });
  const error = h('p', { class: 'field-error', id: 'start-cycle-error', hidden: true });
  const setError = (message: string | null) => {
    error.textContent = message ?? '';
    error.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const form = h(
    'form',
    { class: 'card inline-form', novalidate: true, 'aria-labelledby': 'start-cycle-title' },
    h('h2', { id: 'start-cycle-title' }, 'Start a cycle by hand'),
    h('div', { class: 'field' }, h('label', { for: 'start-cycle' }, 'Month'), h('p', { class: 'hint', id: 'start-cycle-hint' }, 'As YYYY-MM. Starting a cycle that already runs is harmless: you get the existing one.'), error, input),
    h('button', { type: 'submit', class: 'button' }, 'Start cycle'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setError(null);
    let body: { cycle: string };
    try {
      body = parseOrThrow(startCycleRequestSchema, { cycle: input.value.trim() }, 'en');
    } catch (failure) {
      if (!(failure instanceof AppError)) throw failure;
      setError(asSentence(failure.fields?.[0]?.message ?? failure.message));
      input.focus();
      return;
    }
    apiSend('POST', '/v1/review/cycles', z.object({ started: z.boolean().optional(), cycle: cycleSchema.optional() }), { body })
      .then(({ status }) => {
        announce(status === 202 ? `Cycle ${body.cycle} started: its submissions are being collected and screened.` : `Cycle ${body.cycle} was already started.`);
        onStarted();
      })
      .catch((failure: unknown) => {
        const field = failure instanceof ApiError ? failure.fields.find((entry) => entry.path === 'cycle') : undefined;
        if (field) {
          setError(asSentence(field.message));
          input.focus();
        } else showFlash(messageOf(failure));
      });
  });
  return form;
}

export async function showCycles(view: View): Promise<void> {
  const list = h('div', {}, loadingNotice('the cycles'));
  view.container.replaceChildren(pageTitle('Review cycles'), list, isAdmin() ? startCycleForm(() => void showCycles(view)) : '');

  let cycles: Cycle[];
  try {
    cycles = (await apiGet('/v1/review/cycles', cyclesSchema)).cycles;
  } catch (error) {
    if (view.isCurrent()) list.replaceChildren(errorNotice(error));
    return;
  }
  if (!view.isCurrent()) return;
  if (cycles.length === 0) {
    list.replaceChildren(h('p', { class: 'muted' }, 'No review cycle yet. The scheduler opens one on the 1st of each month for the month just ended.'));
    return;
  }
  const progressCells = new Map<string, HTMLElement>();
  const rows = cycles.map((cycle) => {
    const progress = h('td', {}, h('span', { class: 'muted' }, 'Loading…'));
    progressCells.set(cycle.cycle, progress);
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: PAGE_PATHS.consoleCycle(cycle.cycle) }, cycle.cycle)),
      h('td', {}, cycleStatusBadge(cycle.status)),
      h('td', {}, timeElement(cycle.deadline)),
      progress,
      h('td', {}, cycle.releasedAt ? timeElement(cycle.releasedAt) : cycle.releaseRequestedAt ? ['Signed off ', timeElement(cycle.releaseRequestedAt)] : '—'),
      h('td', {}, h('a', { href: PAGE_PATHS.consoleCycleSummary(cycle.cycle), 'aria-label': `Summary of ${cycle.cycle}` }, 'Summary')),
    );
  });
  list.replaceChildren(
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Review cycles, newest first'),
      h('thead', {}, h('tr', {}, ['Cycle', 'Status', 'Decision deadline', 'Progress', 'Released', 'Summary'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows),
    ),
  );

  // The list has no progress counts: each cycle's own resource has them.
  const pending = [...cycles];
  const worker = async () => {
    for (let cycle = pending.shift(); cycle; cycle = pending.shift()) {
      let content: Node | string;
      try {
        const detail = await apiGet(`/v1/review/cycles/${segment(cycle.cycle)}`, cycleDetailSchema);
        content = progressText(detail.cycle, detail);
      } catch {
        content = h('span', { class: 'muted' }, 'unavailable');
      }
      if (!view.isCurrent()) return;
      progressCells.get(cycle.cycle)?.replaceChildren(content);
    }
  };
  await Promise.all(Array.from({ length: PROGRESS_CONCURRENCY }, worker));
}
