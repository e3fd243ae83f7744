// The staff review console. It speaks only the public API contract (shared/http/routes.ts) and
// builds every node with textContent: submissions carry user text, and none of it may become markup.

const TOKEN_KEY = 'ogc-review-console:token';
const PAGE_SIZE = 25;
const PROGRESS_CONCURRENCY = 3;

// The criteria's ids and English names, as in shared/domain/criteria.ts (a unit test keeps them equal).
// The API offers no criteria endpoint; screening results name the ids they use, and those win.
const CRITERIA = [
  { id: 'thematic-relevance', name: 'Thematic relevance' },
  { id: 'ongoing-or-planned', name: 'Ongoing or planned, with future milestones' },
  { id: 'open-government-values', name: 'Open-government values' },
  { id: 'public-ownership', name: 'Public ownership' },
  { id: 'within-period', name: 'Within the Challenge period' },
];

// Used only when GET /v1/areas cannot be read; the ids are those of shared/domain/areas.ts.
const FALLBACK_AREAS = [
  'access-to-information',
  'anti-corruption',
  'civic-space',
  'climate-environment',
  'digital-governance',
  'fiscal-openness',
  'gender-inclusion',
  'justice',
  'media-freedom',
  'public-participation',
].map((id) => ({ id, name: id }));

const OUTCOMES = [
  { id: 'eligible', name: 'Eligible', hint: 'published as a Challenge reform at release' },
  { id: 'not-eligible', name: 'Not eligible', hint: 'the failing criteria are sent to the submitter' },
  { id: 'needs-info', name: 'Needs more information', hint: 'a question goes to the submitter' },
];
const AMBITIONS = [
  { id: 'unclear', name: 'Unclear' },
  { id: 'modest', name: 'Modest' },
  { id: 'substantial', name: 'Substantial' },
];
const VERDICT_NAMES = { pass: 'Pass', fail: 'Fail', 'needs-judgement': 'Needs judgement' };
const CYCLE_STATUS_NAMES = {
  starting: 'Starting',
  collecting: 'Collecting submissions',
  open: 'Open for decisions',
  releasing: 'Releasing',
  released: 'Released',
};
const SUBMISSION_STATUS_NAMES = {
  'awaiting-review': 'Awaiting review',
  'in-review': 'In review',
  'needs-info': 'Needs info',
  published: 'Published',
  'not-eligible': 'Not eligible',
  withdrawn: 'Withdrawn',
};
const VALUE_NAMES = {
  transparency: 'Transparency',
  'civic-participation': 'Civic participation',
  'public-accountability': 'Public accountability',
};

const state = {
  apiBase: '',
  token: null,
  claims: null,
  devUsers: [],
  areas: FALLBACK_AREAS,
  cycle: null,
  submissions: [],
  nextCursor: null,
  filter: 'all',
  /** Notices shown on a submission's card after a reload (a 409, a recorded decision). */
  notices: new Map(),
  /** Bumped on every navigation, so an answer for a view left meanwhile is dropped. */
  generation: 0,
};

// ------------------------------------------------------------------ DOM helpers

const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from index.html`);
  return node;
};

/**
 * Builds an element. `attrs` are attributes (`class`, `for`, `aria-*`, booleans), except `on*`
 * functions (listeners) and `dataset`. Children are nodes or strings; strings become text nodes.
 */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const text = (value) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value) => (Array.isArray(value) ? value : []);

function formatDateTime(iso) {
  if (typeof iso !== 'string' || !iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

function timeElement(iso) {
  return typeof iso === 'string' && iso ? h('time', { datetime: iso }, formatDateTime(iso)) : '—';
}

function badge(label, kind = 'neutral') {
  return h('span', { class: `badge badge--${kind}` }, label);
}

function announce(message) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers announce a repeated message too.
  setTimeout(() => {
    announcer.textContent = message;
  }, 50);
  showFlash(message, 'success');
}

function showFlash(message, kind = 'error') {
  const flash = $('flash');
  flash.className = `flash flash--${kind}`;
  // Successes are announced politely by #announcer; only errors interrupt.
  if (kind === 'error') flash.setAttribute('role', 'alert');
  else flash.removeAttribute('role');
  flash.replaceChildren(h('p', {}, message));
  flash.hidden = false;
}

function clearFlash() {
  const flash = $('flash');
  flash.hidden = true;
  flash.replaceChildren();
}

function focusHeading(id) {
  const heading = $(id);
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: false });
}

function showView(id) {
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== id;
}

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(status, code, message, fields = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

async function api(method, path, { body, headers = {}, auth = true } = {}) {
  const url = `${state.apiBase}${path}`;
  const init = { method, headers: { accept: 'application/json', ...headers }, credentials: 'omit', cache: 'no-store' };
  if (auth && state.token) init.headers.authorization = `Bearer ${state.token}`;
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'network', `Could not reach the API at ${state.apiBase || location.origin}. Check your connection and that the API is running.`);
  }
  const raw = await response.text();
  let data = null;
  try {
    data = raw ? JSON.parse(raw) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = isObject(data) && isObject(data.error) ? data.error : {};
    const fields = asArray(error.fields)
      .filter(isObject)
      .map((field) => ({ path: text(field.path), message: text(field.message) || 'Invalid value' }));
    const apiError = new ApiError(response.status, text(error.code) || `http_${response.status}`, text(error.message) || `The API answered ${response.status}.`, fields);
    if (response.status === 401 && auth) {
      signOut('Your session has ended: the token is invalid or expired. Sign in again.');
    }
    throw apiError;
  }
  return { status: response.status, data, headers: response.headers };
}

/** The API's base URL: `config.json` next to this page when it names one, else this origin. */
async function loadConfig() {
  try {
    const response = await fetch('./config.json', { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) return '';
    const config = await response.json();
    if (isObject(config) && typeof config.apiBaseUrl === 'string' && /^https?:\/\//i.test(config.apiBaseUrl)) {
      return config.apiBaseUrl.replace(/\/+$/, '');
    }
  } catch {
    // No config.json (the local platform serves none): same origin.
  }
  return '';
}

async function loadAreas() {
  try {
    const { data } = await api('GET', '/v1/areas', { auth: false });
    const areas = asArray(data?.areas)
      .filter((area) => isObject(area) && typeof area.id === 'string')
      .map((area) => ({ id: area.id, name: text(isObject(area.name) ? area.name.en : area.name) || area.id }));
    if (areas.length > 0) state.areas = areas;
  } catch {
    // The ids alone still make a usable select.
  }
}

const areaName = (id) => state.areas.find((area) => area.id === id)?.name ?? text(id);
const criterionName = (id) => CRITERIA.find((criterion) => criterion.id === id)?.name ?? text(id);

// ------------------------------------------------------------------ sign-in

/** The token's claims, for display only: the API verifies the signature, never this page. */
function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return isObject(claims) ? claims : null;
  } catch {
    return null;
  }
}

const isExpired = (claims) => typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
const rolesOf = (claims) => asArray(claims?.['cognito:groups']).filter((group) => typeof group === 'string');
const isAdmin = () => rolesOf(state.claims).includes('admin');

function useToken(token) {
  const claims = decodeClaims(token);
  if (!claims) return 'This is not a JWT: paste the whole ID token (three parts separated by dots).';
  if (isExpired(claims)) return 'This token has expired: get a new one.';
  state.token = token;
  state.claims = claims;
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Private modes may refuse storage: the session then lasts until the page is reloaded.
  }
  renderWho();
  return null;
}

function signOut(message) {
  state.token = null;
  state.claims = null;
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
  renderWho();
  showSignIn();
  if (message) showFlash(message, 'error');
}

function renderWho() {
  const who = $('who');
  if (!state.claims) {
    who.hidden = true;
    return;
  }
  const claims = state.claims;
  const name = text(claims.name) || text(claims.email) || text(claims['cognito:username']) || text(claims.sub);
  const email = text(claims.email);
  $('who-name').textContent = email && name !== email ? `${name} (${email})` : name;
  const roles = rolesOf(claims);
  const badges = roles.length > 0 ? roles.map((role) => badge(role, role === 'admin' ? 'admin' : 'info')) : [badge('no staff role', 'warning')];
  $('who-roles').replaceChildren(...badges.flatMap((node, index) => (index === 0 ? [node] : [' ', node])));
  who.hidden = false;
}

async function loadDevUsers() {
  try {
    const { data } = await api('GET', '/local/auth/users', { auth: false });
    state.devUsers = asArray(data?.users).filter((user) => isObject(user) && typeof user.email === 'string');
  } catch {
    state.devUsers = [];
  }
}

function showSignIn() {
  showView('view-sign-in');
  const list = $('dev-users');
  list.replaceChildren(
    ...state.devUsers.map((user) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'button', dataset: { email: user.email }, onclick: () => devSignIn(user.email) },
          `Sign in as ${text(user.name) || user.email}`,
        ),
        ' ',
        h('span', { class: 'muted' }, `${user.email} — ${asArray(user.groups).join(', ')}`),
      ),
    ),
  );
  $('dev-sign-in').hidden = state.devUsers.length === 0;
  document.title = 'Sign in — Review console';
}

async function devSignIn(email) {
  clearFlash();
  try {
    const { data } = await api('POST', '/local/auth/token', { body: { email }, auth: false });
    const problem = typeof data?.token === 'string' ? useToken(data.token) : 'The dev sign-in answered without a token.';
    if (problem) {
      showFlash(problem);
      return;
    }
    announce(`Signed in as ${email}.`);
    await route();
  } catch (error) {
    showFlash(messageOf(error));
  }
}

function onTokenSubmit(event) {
  event.preventDefault();
  const input = $('token-input');
  const errorNode = $('token-error');
  const token = input.value.trim().replace(/^Bearer\s+/i, '');
  const problem = token ? useToken(token) : 'Paste a token first.';
  if (problem) {
    setFieldError(input, errorNode, problem);
    input.focus();
    return;
  }
  setFieldError(input, errorNode, null);
  input.value = '';
  announce('Signed in.');
  void route();
}

function setFieldError(control, errorNode, message) {
  if (message) {
    errorNode.textContent = message;
    errorNode.hidden = false;
    control?.setAttribute('aria-invalid', 'true');
  } else {
    errorNode.textContent = '';
    errorNode.hidden = true;
    control?.removeAttribute('aria-invalid');
  }
}

const messageOf = (error) => (error instanceof ApiError ? error.message : `Something went wrong in the console: ${error?.message ?? error}`);

// ------------------------------------------------------------------ cycles

function progressOf(detail) {
  const progress = isObject(detail?.progress) ? detail.progress : null;
  if (!progress) return null;
  const decided = Number(progress.decided) || 0;
  const undecided = Number(progress.undecided) || 0;
  return { decided, waiting: decided + undecided, submissions: Number(progress.submissions) || 0, results: isObject(progress.results) ? progress.results : {} };
}

function progressCell(cycle, detail) {
  const progress = progressOf(detail);
  if (!progress) return h('span', { class: 'muted' }, '—');
  if (cycle.status === 'released') {
    const results = Object.entries(progress.results).map(([result, count]) => `${count} ${result}`);
    return h('span', {}, results.length > 0 ? results.join(' · ') : `${progress.submissions} submission(s)`);
  }
  if (progress.waiting === 0) return h('span', {}, `${progress.submissions} submission(s), none waiting`);
  return h(
    'span',
    { class: 'progress' },
    h('progress', { max: progress.waiting, value: progress.decided, 'aria-label': `${progress.decided} of ${progress.waiting} decided` }),
    ` ${progress.decided} of ${progress.waiting} decided`,
  );
}

/**
 * Loads a staff list into `list`, showing loading, error and empty states there. Answers the items
 * that carry their `id` field, or undefined when there is nothing to render (failed, empty, or a
 * newer navigation took over meanwhile).
 */
async function loadList(generation, list, { path, key, id, what, empty }) {
  list.replaceChildren(h('p', { class: 'muted' }, `Loading ${what}…`));
  let items;
  try {
    const { data } = await api('GET', path);
    items = asArray(data?.[key]).filter((item) => isObject(item) && typeof item[id] === 'string');
  } catch (error) {
    if (generation === state.generation) list.replaceChildren(h('p', { class: 'notice notice--error' }, messageOf(error)));
    return undefined;
  }
  if (generation !== state.generation) return undefined;
  if (items.length === 0) {
    list.replaceChildren(h('p', { class: 'muted' }, empty));
    return undefined;
  }
  return items;
}

async function showCycles(generation) {
  showView('view-cycles');
  document.title = 'Review cycles — Review console';
  $('start-cycle-form').hidden = !isAdmin();
  if (!$('start-cycle-input').value) $('start-cycle-input').value = previousMonth();
  const list = $('cycles-list');
  const cycles = await loadList(generation, list, {
    path: '/v1/review/cycles',
    key: 'cycles',
    id: 'cycle',
    what: 'cycles',
    empty: 'No review cycle yet. The scheduler opens one on the 1st of each month for the month just ended.',
  });
  if (!cycles) return;

  const progressCells = new Map();
  const rows = cycles.map((cycle) => {
    const cell = h('td', { dataset: { label: 'Progress' } }, cycle.progress ? progressCell(cycle, cycle) : h('span', { class: 'muted' }, 'Loading…'));
    progressCells.set(cycle.cycle, cell);
    return h(
      'tr',
      {},
      h('th', { scope: 'row', dataset: { label: 'Cycle' } }, h('a', { href: `#/cycles/${encodeURIComponent(cycle.cycle)}` }, cycle.cycle)),
      h('td', { dataset: { label: 'Status' } }, badge(CYCLE_STATUS_NAMES[cycle.status] ?? text(cycle.status), statusKind(cycle.status))),
      h('td', { dataset: { label: 'Deadline' } }, timeElement(cycle.deadline)),
      cell,
      h('td', { dataset: { label: 'Released' } }, cycle.releasedAt ? timeElement(cycle.releasedAt) : cycle.releaseRequestedAt ? h('span', {}, 'Signed off ', timeElement(cycle.releaseRequestedAt)) : '—'),
    );
  });
  list.replaceChildren(
    h(
      'table',
      { class: 'table cycles-table' },
      h('caption', { class: 'visually-hidden' }, 'Review cycles, newest first'),
      h('thead', {}, h('tr', {}, ['Cycle', 'Status', 'Decision deadline', 'Progress', 'Released'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows),
    ),
  );

  // The list has no progress counts: each cycle's own resource has them.
  const pending = cycles.filter((cycle) => !cycle.progress);
  const worker = async () => {
    for (let cycle = pending.shift(); cycle; cycle = pending.shift()) {
      let content;
      try {
        const { data } = await api('GET', `/v1/review/cycles/${encodeURIComponent(cycle.cycle)}`);
        content = progressCell(isObject(data?.cycle) ? data.cycle : cycle, data);
      } catch {
        content = h('span', { class: 'muted' }, 'unavailable');
      }
      if (generation !== state.generation) return;
      progressCells.get(cycle.cycle)?.replaceChildren(content);
    }
  };
  await Promise.all(Array.from({ length: PROGRESS_CONCURRENCY }, worker));
}

function statusKind(status) {
  switch (status) {
    case 'open':
    case 'in-review':
      return 'info';
    case 'released':
    case 'published':
    case 'eligible':
    case 'pass':
      return 'success';
    case 'releasing':
    case 'collecting':
    case 'needs-info':
    case 'needs-judgement':
      return 'warning';
    case 'fail':
    case 'not-eligible':
    case 'withdrawn':
      return 'danger';
    default:
      return 'neutral';
  }
}

function previousMonth(now = new Date()) {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return date.toISOString().slice(0, 7);
}

async function onStartCycle(event) {
  event.preventDefault();
  const input = $('start-cycle-input');
  const errorNode = $('start-cycle-error');
  const cycle = input.value.trim();
  setFieldError(input, errorNode, null);
  if (!/^20\d\d-(0[1-9]|1[0-2])$/.test(cycle)) {
    setFieldError(input, errorNode, 'Enter a month as YYYY-MM, for example 2026-11.');
    input.focus();
    return;
  }
  const button = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
  if (button) button.disabled = true;
  try {
    const { status } = await api('POST', '/v1/review/cycles', { body: { cycle } });
    announce(status === 202 ? `Cycle ${cycle} started: its submissions are being collected and screened.` : `Cycle ${cycle} was already started.`);
    state.generation++;
    await showCycles(state.generation);
  } catch (error) {
    const fieldError = error instanceof ApiError ? error.fields.find((field) => field.path === 'cycle') : undefined;
    if (fieldError) {
      setFieldError(input, errorNode, fieldError.message);
      input.focus();
    } else if (!(error instanceof ApiError && error.status === 401)) {
      showFlash(messageOf(error));
    }
  } finally {
    if (button) button.disabled = false;
  }
}

// ------------------------------------------------------------------ one cycle

async function showCycle(cycleId, generation, { keepNotices = false } = {}) {
  showView('view-cycle');
  document.title = `Cycle ${cycleId} — Review console`;
  $('cycle-title').textContent = `Cycle ${cycleId}`;
  if (state.cycle?.cycle !== cycleId) {
    state.cycle = { cycle: cycleId };
    state.submissions = [];
    state.nextCursor = null;
  }
  if (!keepNotices) state.notices.clear();
  $('cycle-summary').replaceChildren(h('p', { class: 'muted' }, 'Loading cycle…'));
  $('cycle-actions').replaceChildren();
  $('submissions').replaceChildren(h('p', { class: 'muted' }, 'Loading submissions…'));
  $('load-more').hidden = true;

  let detail;
  try {
    ({ data: detail } = await api('GET', `/v1/review/cycles/${encodeURIComponent(cycleId)}`));
  } catch (error) {
    if (generation !== state.generation) return;
    $('cycle-summary').replaceChildren(h('p', { class: 'notice notice--error' }, messageOf(error)));
    $('submissions').replaceChildren();
    return;
  }
  if (generation !== state.generation) return;
  state.cycle = { ...(isObject(detail?.cycle) ? detail.cycle : {}), cycle: cycleId, progress: progressOf(detail) };
  renderCycleSummary();

  const wanted = Math.max(state.submissions.length, PAGE_SIZE);
  state.submissions = [];
  state.nextCursor = null;
  try {
    do {
      const more = await fetchSubmissionsPage(cycleId, state.nextCursor);
      if (generation !== state.generation) return;
      state.submissions.push(...more.submissions);
      state.nextCursor = more.nextCursor;
    } while (state.nextCursor && state.submissions.length < wanted);
  } catch (error) {
    if (generation !== state.generation) return;
    $('submissions').replaceChildren(h('p', { class: 'notice notice--error' }, messageOf(error)));
    return;
  }
  renderSubmissions();
}

async function fetchSubmissionsPage(cycleId, cursor) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  const { data } = await api('GET', `/v1/review/cycles/${encodeURIComponent(cycleId)}/submissions?${query}`);
  return {
    submissions: asArray(data?.submissions).filter((submission) => isObject(submission) && typeof submission.reference === 'string'),
    nextCursor: typeof data?.nextCursor === 'string' && data.nextCursor ? data.nextCursor : null,
  };
}

async function onLoadMore() {
  const cycleId = state.cycle?.cycle;
  if (!cycleId || !state.nextCursor) return;
  const button = $('load-more');
  button.disabled = true;
  const generation = state.generation;
  try {
    const more = await fetchSubmissionsPage(cycleId, state.nextCursor);
    if (generation !== state.generation) return;
    const firstNew = more.submissions[0]?.reference;
    state.submissions.push(...more.submissions);
    state.nextCursor = more.nextCursor;
    renderSubmissions();
    if (firstNew) document.getElementById(cardId(firstNew))?.querySelector('h2')?.focus();
    announce(`${more.submissions.length} more submission(s) loaded.`);
  } catch (error) {
    showFlash(messageOf(error));
  } finally {
    button.disabled = false;
  }
}

function renderCycleSummary() {
  const cycle = state.cycle;
  const progress = cycle.progress;
  const rows = [
    ['Status', badge(CYCLE_STATUS_NAMES[cycle.status] ?? text(cycle.status) ?? 'unknown', statusKind(cycle.status))],
    ['Decision deadline', timeElement(cycle.deadline)],
    ['Opened', timeElement(cycle.openedAt)],
  ];
  if (progress) {
    rows.push(['Submissions', String(progress.submissions)]);
    if (progress.waiting > 0 || cycle.status !== 'released') rows.push(['Decided', `${progress.decided} of ${progress.waiting} decided`]);
    const results = Object.entries(progress.results);
    if (results.length > 0) rows.push(['Results', results.map(([result, count]) => `${count} ${result}`).join(' · ')]);
  }
  if (cycle.releaseRequestedBy) rows.push(['Signed off by', h('span', {}, text(cycle.releaseRequestedBy), ', ', timeElement(cycle.releaseRequestedAt))]);
  if (cycle.releasedAt) rows.push(['Released', timeElement(cycle.releasedAt)]);
  $('cycle-summary').replaceChildren(h('dl', { class: 'summary-list' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));

  const actions = $('cycle-actions');
  actions.replaceChildren();
  if (cycle.status === 'collecting') {
    actions.append(h('p', { class: 'notice' }, 'The run is still collecting and screening this cycle\'s submissions. Reload in a moment.'));
  }
  if (isAdmin() && cycle.status === 'open') {
    actions.append(h('button', { type: 'button', class: 'button button--danger', id: 'release-button', onclick: onReleaseClick }, 'Sign off and release…'));
  }
}

function filteredSubmissions() {
  if (state.filter === 'undecided') return state.submissions.filter((submission) => !submission.decided);
  if (state.filter === 'decided') return state.submissions.filter((submission) => submission.decided);
  return state.submissions;
}

function renderSubmissions() {
  const container = $('submissions');
  const shown = filteredSubmissions();
  if (state.submissions.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, 'This cycle has no submissions yet.'));
  } else if (shown.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, 'No submission matches this filter among those loaded.'));
  } else {
    container.replaceChildren(...shown.map(renderSubmission));
  }
  const loadMore = $('load-more');
  loadMore.hidden = !state.nextCursor;
}

const cardId = (reference) => `submission-${reference.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function decisionsOpen(submission) {
  const cycleStatus = state.cycle?.status;
  return submission.status === 'in-review' && cycleStatus !== 'releasing' && cycleStatus !== 'released';
}

function renderSubmission(submission) {
  const request = isObject(submission.request) ? submission.request : {};
  const id = cardId(submission.reference);
  const headingId = `${id}-title`;
  const decision = isObject(submission.decision) ? submission.decision : null;
  const duplicateOf = text(submission.duplicateOf || submission.screening?.duplicateOf);

  const badges = h(
    'p',
    { class: 'badges' },
    decision
      ? badge(`Decided: ${OUTCOMES.find((outcome) => outcome.id === decision.outcome)?.name ?? text(decision.outcome)}`, statusKind(decision.outcome))
      : submission.decided
        ? badge('Decided', 'success')
        : badge('Undecided', 'neutral'),
    ' ',
    badge(SUBMISSION_STATUS_NAMES[submission.status] ?? text(submission.status), statusKind(submission.status)),
    duplicateOf ? [' ', badge(`Possible duplicate of ${duplicateOf}`, 'warning')] : null,
    decision?.promising ? [' ', badge('Promising', 'success')] : null,
  );

  const notice = state.notices.get(submission.reference);
  const card = h(
    'article',
    { class: 'card submission', id, 'aria-labelledby': headingId, dataset: { reference: submission.reference } },
    h('h2', { id: headingId, tabindex: '-1' }, h('span', { class: 'reference' }, submission.reference), ' ', h('span', { class: 'title' }, text(request.title) || '(no title)')),
    badges,
    notice ? h('div', { class: `notice notice--${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status', tabindex: '-1', dataset: { notice: '' } }, notice.lines.map((line) => h('p', {}, line))) : null,
    renderFacts(submission, request),
    renderAnswer(submission),
    renderScreening(submission),
    renderRequestDetails(request),
    decision ? renderDecision(decision, submission) : null,
    decisionsOpen(submission)
      ? h(
          'details',
          { class: 'decide' },
          h('summary', {}, decision || submission.decided ? 'Revise the decision' : 'Decide'),
          renderDecisionForm(submission, decision),
        )
      : h('p', { class: 'muted' }, decisionClosedReason(submission)),
    renderAuditDetails(submission),
  );
  return card;
}

function decisionClosedReason(submission) {
  const cycleStatus = state.cycle?.status;
  if (cycleStatus === 'releasing' || cycleStatus === 'released') return 'Decisions are closed: the cycle has been signed off.';
  return `Decisions are closed: the submission is ${SUBMISSION_STATUS_NAMES[submission.status]?.toLowerCase() ?? text(submission.status)}.`;
}

function renderFacts(submission, request) {
  const member = isObject(submission.member) ? submission.member : {};
  const submitter = isObject(request.submitter) ? request.submitter : {};
  const lead = isObject(request.leadInstitution) ? request.leadInstitution : {};
  const facts = [
    ['Member', [text(member.name) || text(request.member?.memberId) || '—', member.kind ? ` (${member.kind})` : '']],
    ['Place', text(submission.place) || text(request.member?.jurisdiction) || '—'],
    ['Level', text(submission.publicLevel) || text(request.government?.level) || '—'],
    ['Channel', text(submission.channel || request.channel) || '—'],
    ['Self-identified area', areaName(submission.area || request.area)],
    ['Lead institution', [text(lead.name) || '—', lead.isPublic === false ? ' (not public)' : '']],
    ['Submitter', [text(submitter.name), submitter.position ? `, ${text(submitter.position)}` : '', submitter.email ? ` <${text(submitter.email)}>` : '']],
    ['Language', text(submission.language || request.language) || '—'],
    ['Received', timeElement(submission.receivedAt)],
  ];
  return h('dl', { class: 'facts' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function renderAnswer(submission) {
  if (!submission.answer) return null;
  return h(
    'div',
    { class: 'answer' },
    h('h3', {}, 'Answer to an earlier question'),
    submission.question ? h('p', {}, h('strong', {}, 'Question: '), text(submission.question)) : null,
    h('p', { class: 'prewrap' }, text(submission.answer)),
    submission.answeredAt ? h('p', { class: 'muted' }, 'Answered ', timeElement(submission.answeredAt)) : null,
  );
}

function screeningCriteria(submission) {
  const criteria = isObject(submission.screening?.criteria) ? submission.screening.criteria : {};
  const known = CRITERIA.map((criterion) => criterion.id);
  // Criteria are versioned data: an id screening knows and this page does not still gets a row.
  return [...known, ...Object.keys(criteria).filter((id) => !known.includes(id))].map((id) => ({
    id,
    screening: isObject(criteria[id]) ? criteria[id] : null,
  }));
}

function renderScreening(submission) {
  const section = h('section', { class: 'screening', 'aria-label': `Automatic screening of ${submission.reference}` }, h('h3', {}, 'Automatic screening'));
  if (!isObject(submission.screening)) {
    section.append(h('p', { class: 'muted' }, 'Not screened yet.'));
    return section;
  }
  const rows = screeningCriteria(submission).map(({ id, screening }) =>
    h(
      'tr',
      { dataset: { criterion: id } },
      h('th', { scope: 'row' }, criterionName(id)),
      h('td', {}, screening ? badge(VERDICT_NAMES[screening.verdict] ?? text(screening.verdict), statusKind(screening.verdict)) : '—'),
      h('td', {}, screening ? text(screening.reason) : ''),
    ),
  );
  section.append(
    h(
      'table',
      { class: 'table screening-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Criterion'), h('th', { scope: 'col' }, 'Verdict'), h('th', { scope: 'col' }, 'Reason'))),
      h('tbody', {}, rows),
    ),
  );
  if (submission.screening.screenedAt) section.append(h('p', { class: 'muted' }, 'Screened ', timeElement(submission.screening.screenedAt)));
  return section;
}

function paragraphBlock(label, value) {
  if (!value) return null;
  return [h('dt', {}, label), h('dd', { class: 'prewrap' }, text(value))];
}

function renderRequestDetails(request) {
  const milestones = asArray(request.milestones).filter(isObject);
  const partners = asArray(request.partners).filter(isObject);
  const links = asArray(request.links).filter((link) => typeof link === 'string');
  const actionPlan = isObject(request.actionPlan) ? request.actionPlan : null;
  return h(
    'details',
    { class: 'request' },
    h('summary', {}, 'Submission details'),
    h(
      'dl',
      { class: 'details-list' },
      paragraphBlock('Problem', request.problem),
      paragraphBlock('Status quo', request.statusQuo),
      paragraphBlock('Description', request.description),
      [h('dt', {}, 'Open-government values'), h('dd', {}, asArray(request.values).map((value) => VALUE_NAMES[value] ?? text(value)).join(', ') || '—')],
      [h('dt', {}, 'Work'), h('dd', {}, `${text(request.status) || '—'}, ${text(request.startDate) || '?'} to ${text(request.endDate) || '?'}`)],
      [h('dt', {}, 'Co-created with civil society'), h('dd', {}, request.coCreated === true ? 'Yes' : request.coCreated === false ? 'No' : '—')],
      milestones.length > 0
        ? [
            h('dt', {}, 'Milestones'),
            h(
              'dd',
              {},
              h('ol', {}, milestones.map((milestone) => h('li', {}, h('strong', {}, text(milestone.dueDate)), ' — ', text(milestone.description), milestone.deliverable ? ` (deliverable: ${text(milestone.deliverable)})` : ''))),
            ),
          ]
        : null,
      partners.length > 0 ? [h('dt', {}, 'Partners'), h('dd', {}, partners.map((partner) => `${text(partner.name)} (${text(partner.kind)})`).join('; '))] : null,
      actionPlan
        ? [
            h('dt', {}, 'Action plan'),
            h('dd', {}, `${text(actionPlan.id)}, commitment ${text(actionPlan.commitmentId)}${actionPlan.designatedByMsf ? ', designated by the MSF' : ''}`),
          ]
        : null,
      links.length > 0 ? [h('dt', {}, 'Links'), h('dd', {}, h('ul', {}, links.map((link) => h('li', {}, renderLink(link)))))] : null,
      [h('dt', {}, 'Consent to publish'), h('dd', {}, request.consentToPublish === true ? 'Yes' : request.consentToPublish === false ? 'No' : '—')],
    ),
  );
}

/** Only http(s) links become anchors; anything else stays text. */
function renderLink(link) {
  let url;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return link;
  return h('a', { href: url.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, link);
}

function renderDecision(decision, submission) {
  const criteria = isObject(decision.criteria) ? decision.criteria : {};
  const retagged = decision.area && decision.area !== (decision.originalArea ?? submission.area);
  return h(
    'section',
    { class: 'decision', 'aria-label': `Current decision on ${submission.reference}` },
    h('h3', {}, 'Current decision', decision.revision ? ` (revision ${decision.revision})` : ''),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Outcome'),
      h('dd', {}, OUTCOMES.find((outcome) => outcome.id === decision.outcome)?.name ?? text(decision.outcome)),
      h('dt', {}, 'Area'),
      h('dd', {}, areaName(decision.area), retagged ? ` (re-tagged from ${areaName(decision.originalArea ?? submission.area)})` : ''),
      h('dt', {}, 'Ambition'),
      h('dd', {}, AMBITIONS.find((ambition) => ambition.id === decision.ambition)?.name ?? (text(decision.ambition) || '—')),
      h('dt', {}, 'Criteria'),
      h('dd', {}, Object.entries(criteria).map(([id, verdict]) => `${criterionName(id)}: ${VERDICT_NAMES[verdict] ?? text(verdict)}`).join('; ') || '—'),
      h('dt', {}, 'Rationale'),
      h('dd', { class: 'prewrap' }, text(decision.rationale) || '—'),
      decision.question ? [h('dt', {}, 'Question to the submitter'), h('dd', { class: 'prewrap' }, text(decision.question))] : null,
      h('dt', {}, 'Decided by'),
      h('dd', {}, text(decision.decidedBy) || '—', decision.decidedAt ? [', ', timeElement(decision.decidedAt)] : ''),
    ),
  );
}

// ------------------------------------------------------------------ decision form

function renderDecisionForm(submission, decision) {
  const prefix = `${cardId(submission.reference)}-d`;
  const fieldIds = {
    summary: `${prefix}-errors`,
    criteria: `${prefix}-criteria`,
    outcome: `${prefix}-outcome`,
    area: `${prefix}-area`,
    ambition: `${prefix}-ambition`,
    rationale: `${prefix}-rationale`,
    question: `${prefix}-question`,
  };
  const errorSlot = (key) => h('p', { class: 'field-error', id: `${key}-error`, hidden: true });

  const criteriaFieldsets = screeningCriteria(submission).map(({ id, screening }) => {
    const fieldsetId = `${fieldIds.criteria}-${id}`;
    const decided = decision?.criteria?.[id];
    const prefill = decided ?? (screening && (screening.verdict === 'pass' || screening.verdict === 'fail') ? screening.verdict : undefined);
    const radio = (verdict) =>
      h(
        'label',
        { class: 'choice' },
        h('input', { type: 'radio', name: `criterion-${id}`, value: verdict, checked: prefill === verdict, 'aria-describedby': `${fieldsetId}-error` }),
        VERDICT_NAMES[verdict],
      );
    return h(
      'fieldset',
      { class: 'criterion', id: fieldsetId, dataset: { criterion: id } },
      h('legend', {}, criterionName(id), screening ? h('span', { class: 'muted' }, ` — screening: ${VERDICT_NAMES[screening.verdict] ?? text(screening.verdict)}`) : null),
      h('div', { class: 'choices' }, radio('pass'), radio('fail')),
      errorSlot(fieldsetId),
    );
  });

  const selectedArea = decision?.area ?? submission.area;
  const areaSelect = h(
    'select',
    { id: fieldIds.area, name: 'area', 'aria-describedby': `${fieldIds.area}-error` },
    state.areas.map((area) => h('option', { value: area.id, selected: area.id === selectedArea }, area.id === submission.area ? `${area.name} (self-identified)` : area.name)),
  );
  const ambitionSelect = h(
    'select',
    { id: fieldIds.ambition, name: 'ambition', 'aria-describedby': `${fieldIds.ambition}-error` },
    h('option', { value: '', selected: !decision?.ambition }, 'Choose…'),
    AMBITIONS.map((ambition) => h('option', { value: ambition.id, selected: decision?.ambition === ambition.id }, ambition.name)),
  );
  const questionField = h(
    'div',
    { class: 'field', dataset: { field: 'question' }, hidden: decision?.outcome !== 'needs-info' },
    h('label', { for: fieldIds.question }, 'Question to the submitter'),
    h('p', { class: 'hint', id: `${fieldIds.question}-hint` }, 'Sent in the outcome email at release; the submission returns in a later cycle once answered.'),
    h('textarea', { id: fieldIds.question, name: 'question', rows: 3, 'aria-describedby': `${fieldIds.question}-hint ${fieldIds.question}-error` }, text(decision?.question)),
    errorSlot(fieldIds.question),
  );
  const outcomeRadios = OUTCOMES.map((outcome) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 'outcome',
        value: outcome.id,
        checked: decision?.outcome === outcome.id,
        'aria-describedby': `${fieldIds.outcome}-error`,
        onchange: () => {
          questionField.hidden = outcome.id !== 'needs-info';
        },
      }),
      outcome.name,
      h('span', { class: 'muted' }, `— ${outcome.hint}`),
    ),
  );

  const form = h(
    'form',
    { class: 'decision-form', novalidate: true, dataset: { reference: submission.reference } },
    h('div', { class: 'form-errors notice notice--error', id: fieldIds.summary, tabindex: '-1', hidden: true }),
    h('fieldset', { class: 'criteria', id: fieldIds.criteria }, h('legend', {}, 'Criteria (all must pass for eligible)'), criteriaFieldsets, errorSlot(fieldIds.criteria)),
    h('div', { class: 'field' }, h('label', { for: fieldIds.area }, 'Challenge area (re-tag if needed)'), areaSelect, errorSlot(fieldIds.area)),
    h('div', { class: 'field' }, h('label', { for: fieldIds.ambition }, 'Ambition (IRM scale)'), ambitionSelect, errorSlot(fieldIds.ambition)),
    h('fieldset', { class: 'outcome', id: fieldIds.outcome }, h('legend', {}, 'Outcome'), h('div', { class: 'choices choices--stacked' }, outcomeRadios), errorSlot(fieldIds.outcome)),
    questionField,
    h(
      'div',
      { class: 'field' },
      h('label', { for: fieldIds.rationale }, 'Rationale'),
      h('p', { class: 'hint', id: `${fieldIds.rationale}-hint` }, 'For the Support Unit and the audit trail; never sent to the submitter.'),
      h('textarea', { id: fieldIds.rationale, name: 'rationale', rows: 4, 'aria-describedby': `${fieldIds.rationale}-hint ${fieldIds.rationale}-error` }, text(decision?.rationale)),
      errorSlot(fieldIds.rationale),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, decision ? 'Record revised decision' : 'Record decision')),
  );
  form.addEventListener('submit', (event) => onDecisionSubmit(event, form, submission, fieldIds));
  return form;
}

function readDecisionForm(form, submission) {
  const data = new FormData(form);
  const criteria = {};
  for (const { id } of screeningCriteria(submission)) {
    const verdict = data.get(`criterion-${id}`);
    if (typeof verdict === 'string') criteria[id] = verdict;
  }
  const body = { criteria, area: text(data.get('area')), rationale: text(data.get('rationale')) };
  const outcome = data.get('outcome');
  if (typeof outcome === 'string') body.outcome = outcome;
  const ambition = text(data.get('ambition'));
  if (ambition) body.ambition = ambition;
  // The contract forbids a question unless the outcome asks one.
  if (outcome === 'needs-info') body.question = text(data.get('question'));
  return body;
}

/** Where an error path (`criteria.public-ownership`, `rationale`) is shown in the form. */
function fieldForPath(path, fieldIds) {
  const [head, tail] = [path.split('.')[0], path.split('.').slice(1).join('.')];
  if (head === 'criteria' && tail) return { container: `${fieldIds.criteria}-${tail}`, focus: `${fieldIds.criteria}-${tail}` };
  if (head in fieldIds && head !== 'summary') return { container: fieldIds[head], focus: fieldIds[head] };
  return null;
}

function clearFormErrors(form, fieldIds) {
  for (const node of form.querySelectorAll('.field-error')) {
    node.textContent = '';
    node.hidden = true;
  }
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  const summary = form.querySelector(`#${CSS.escape(fieldIds.summary)}`);
  summary.hidden = true;
  summary.replaceChildren();
}

function showFormErrors(form, fieldIds, error) {
  const summary = form.querySelector(`#${CSS.escape(fieldIds.summary)}`);
  const items = [];
  for (const field of error.fields) {
    const target = fieldForPath(field.path, fieldIds);
    const slot = target ? form.querySelector(`#${CSS.escape(`${target.container}-error`)}`) : null;
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${field.message}` : field.message;
      slot.hidden = false;
      const holder = form.querySelector(`#${CSS.escape(target.container)}`);
      if (holder?.matches('input, select, textarea')) holder.setAttribute('aria-invalid', 'true');
      else for (const control of holder?.querySelectorAll('input') ?? []) control.setAttribute('aria-invalid', 'true');
      items.push(h('li', {}, h('a', { href: `#${target.focus}`, onclick: (event) => focusField(event, form, target.focus) }, field.message)));
    } else {
      items.push(h('li', {}, field.path ? `${field.path}: ${field.message}` : field.message));
    }
  }
  summary.replaceChildren(
    h('p', {}, h('strong', {}, error.fields.length > 0 ? `${error.message} Fix ${error.fields.length === 1 ? 'this' : `these ${error.fields.length}`}:` : error.message)),
    items.length > 0 ? h('ul', {}, items) : null,
  );
  summary.hidden = false;
  summary.focus();
}

function focusField(event, form, id) {
  event.preventDefault();
  const target = form.querySelector(`#${CSS.escape(id)}`);
  const control = target?.matches('input, select, textarea') ? target : target?.querySelector('input, select, textarea');
  control?.focus();
}

async function onDecisionSubmit(event, form, submission, fieldIds) {
  event.preventDefault();
  clearFlash();
  clearFormErrors(form, fieldIds);
  const body = readDecisionForm(form, submission);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  const headers = Number.isInteger(submission.version) ? { 'if-match': `"${submission.version}"` } : {};
  try {
    const { data } = await api('POST', `/v1/review/submissions/${encodeURIComponent(submission.reference)}/decision`, { body, headers });
    const recorded = isObject(data?.decision) ? data.decision : body;
    Object.assign(submission, {
      decided: true,
      decision: { ...recorded, reference: submission.reference },
      ...(Number.isInteger(data?.version) ? { version: data.version } : {}),
    });
    const revision = recorded.revision ? ` (revision ${recorded.revision})` : '';
    state.notices.set(submission.reference, { kind: 'success', lines: [`Decision recorded${revision}: ${OUTCOMES.find((o) => o.id === recorded.outcome)?.name ?? text(recorded.outcome)}.`] });
    replaceCard(submission);
    announce(`Decision on ${submission.reference} recorded${revision}.`);
    void refreshCycleProgress();
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      state.notices.set(submission.reference, {
        kind: 'error',
        lines: ['Someone else decided this meanwhile — reloaded. Check the current decision before deciding again.', `The API said: ${error.message}`],
      });
      const generation = ++state.generation;
      await showCycle(submission.cycle ?? state.cycle.cycle, generation, { keepNotices: true });
      const card = document.getElementById(cardId(submission.reference));
      card?.scrollIntoView({ block: 'start' });
      card?.querySelector('[data-notice]')?.focus();
      return;
    }
    if (error instanceof ApiError && error.status === 401) return;
    showFormErrors(form, fieldIds, error instanceof ApiError ? error : new ApiError(0, 'client', messageOf(error)));
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

function replaceCard(submission) {
  const old = document.getElementById(cardId(submission.reference));
  if (!old) return;
  const fresh = renderSubmission(submission);
  old.replaceWith(fresh);
  fresh.querySelector('[data-notice]')?.focus();
}

async function refreshCycleProgress() {
  const cycleId = state.cycle?.cycle;
  if (!cycleId) return;
  try {
    const { data } = await api('GET', `/v1/review/cycles/${encodeURIComponent(cycleId)}`);
    if (state.cycle?.cycle !== cycleId) return;
    state.cycle = { ...state.cycle, ...(isObject(data?.cycle) ? data.cycle : {}), progress: progressOf(data) };
    renderCycleSummary();
  } catch {
    // The summary only lags; the decision itself is recorded.
  }
}

// ------------------------------------------------------------------ audit trail

function renderAuditDetails(submission) {
  const body = h('div', { class: 'audit' }, h('p', { class: 'muted' }, 'Loading the audit trail…'));
  let loaded = false;
  const details = h('details', { class: 'audit-details' }, h('summary', {}, 'Audit trail'), body);
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const { data } = await api('GET', `/v1/review/submissions/${encodeURIComponent(submission.reference)}/audit`);
      const entries = asArray(data?.entries).filter(isObject);
      body.replaceChildren(
        entries.length === 0
          ? h('p', { class: 'muted' }, 'No entries.')
          : h(
              'ol',
              { class: 'audit-list' },
              entries.map((entry) =>
                h(
                  'li',
                  {},
                  h('p', {}, timeElement(entry.at), ' — ', h('strong', {}, text(entry.action) || 'change'), ' by ', text(entry.actor) || 'unknown'),
                  changeLine('Before', entry.before),
                  changeLine('After', entry.after),
                  changeLine('Detail', entry.detail),
                ),
              ),
            ),
      );
    } catch (error) {
      loaded = false;
      body.replaceChildren(h('p', { class: 'notice notice--error' }, messageOf(error)));
    }
  });
  return details;
}

function changeLine(label, value) {
  if (value === undefined || value === null) return null;
  return h('p', { class: 'audit-change' }, h('span', { class: 'muted' }, `${label}: `), h('code', {}, summarise(value)));
}

function summarise(value) {
  if (!isObject(value)) return typeof value === 'string' ? value : JSON.stringify(value);
  return Object.entries(value)
    .map(([key, entry]) => `${key}: ${isObject(entry) || Array.isArray(entry) ? JSON.stringify(entry) : text(entry)}`)
    .join(', ');
}

// ------------------------------------------------------------------ release

function onReleaseClick() {
  const cycle = state.cycle;
  const dialog = $('release-dialog');
  const progress = cycle.progress;
  const undecided = progress ? progress.waiting - progress.decided : null;
  $('release-dialog-text').textContent = [
    `Sign off cycle ${cycle.cycle}?`,
    progress ? `${progress.decided} of ${progress.waiting} submissions are decided.` : '',
    undecided ? `${undecided} undecided submission(s) will carry over to the next cycle.` : '',
    'Eligible submissions are then published and every submitter is told the outcome. This cannot be undone.',
  ]
    .filter(Boolean)
    .join(' ');
  dialog.returnValue = '';
  dialog.addEventListener(
    'close',
    () => {
      if (dialog.returnValue === 'release') void releaseCycle(cycle.cycle);
      else document.getElementById('release-button')?.focus();
    },
    { once: true },
  );
  dialog.showModal();
}

async function releaseCycle(cycleId) {
  try {
    await api('POST', `/v1/review/cycles/${encodeURIComponent(cycleId)}/release`);
    const generation = ++state.generation;
    await showCycle(cycleId, generation);
    announce(`Cycle ${cycleId} signed off: the release runs in the background.`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showFlash(messageOf(error));
  }
}

// ------------------------------------------------------------------ stories

async function showStories(generation) {
  showView('view-stories');
  document.title = 'Stories — Review console';
  const list = $('stories-list');
  const stories = await loadList(generation, list, {
    path: '/v1/review/stories?limit=200',
    key: 'stories',
    id: 'id',
    what: 'stories',
    empty: 'No story is waiting for moderation.',
  });
  if (stories) list.replaceChildren(...stories.map(renderStory));
}

function renderStory(story) {
  const request = isObject(story.request) ? story.request : {};
  const author = isObject(request.author) ? request.author : {};
  const status = h('p', { class: 'muted', role: 'status' });
  const moderate = (decision) => async (event) => {
    const buttons = event.target.closest('.actions').querySelectorAll('button');
    for (const button of buttons) button.disabled = true;
    try {
      await api('POST', `/v1/review/stories/${encodeURIComponent(story.id)}/moderation`, { body: { decision } });
      status.textContent = decision === 'publish' ? 'Published: it now appears in the public list of stories.' : 'Declined.';
      announce(status.textContent);
    } catch (error) {
      for (const button of buttons) button.disabled = false;
      status.textContent = messageOf(error);
    }
  };
  return h(
    'article',
    { class: 'card', 'aria-labelledby': `story-${story.id}` },
    h('h2', { id: `story-${story.id}` }, text(request.title)),
    h('p', { class: 'muted' }, [text(request.place), areaName(request.area), text(story.language)].filter(Boolean).join(' · ')),
    h('p', {}, 'By ', text(author.name), author.organisation ? `, ${text(author.organisation)}` : '', ' — received ', timeElement(story.receivedAt)),
    h('dl', { class: 'details-list' }, paragraphBlock('Story', request.story)),
    asArray(request.links).length ? h('ul', {}, asArray(request.links).map((link) => h('li', {}, renderLink(link)))) : null,
    request.consentToPublish === false ? h('p', { class: 'notice notice--error' }, 'The author did not consent to publication.') : null,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button', disabled: request.consentToPublish === false, onclick: moderate('publish') }, 'Publish'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: moderate('decline') }, 'Decline'),
    ),
    status,
  );
}

// ------------------------------------------------------------------ routing

async function route() {
  const generation = ++state.generation;
  if (!state.token) {
    showSignIn();
    return;
  }
  if (state.claims && isExpired(state.claims)) {
    signOut('Your session has expired. Sign in again.');
    return;
  }
  if (location.hash === '#/stories') {
    await showStories(generation);
    focusHeading('stories-title');
    return;
  }
  const match = /^#\/cycles\/([^/]+)$/.exec(location.hash);
  if (match) {
    let cycleId;
    try {
      cycleId = decodeURIComponent(match[1]);
    } catch {
      cycleId = match[1];
    }
    await showCycle(cycleId, generation);
    focusHeading('cycle-title');
  } else {
    await showCycles(generation);
  }
}

async function start() {
  state.apiBase = await loadConfig();
  const stored = (() => {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  })();
  if (stored) {
    const problem = useToken(stored);
    if (problem) signOut(problem);
  }
  await Promise.all([loadAreas(), loadDevUsers()]);

  $('token-form').addEventListener('submit', onTokenSubmit);
  $('sign-out').addEventListener('click', () => {
    signOut();
    announce('Signed out.');
  });
  $('start-cycle-form').addEventListener('submit', onStartCycle);
  $('load-more').addEventListener('click', onLoadMore);
  $('reload-cycle').addEventListener('click', () => {
    clearFlash();
    const cycleId = state.cycle?.cycle;
    if (cycleId) void showCycle(cycleId, ++state.generation);
  });
  $('filter').addEventListener('change', (event) => {
    state.filter = event.target.value;
    renderSubmissions();
  });
  window.addEventListener('hashchange', () => {
    clearFlash();
    void route();
  });
  await route();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  showView('view-sign-in');
  showFlash(messageOf(error));
});
