/**
 * The addresses of the pages people open: the public site, the submitter's private status page and
 * the staff console. Emails, API answers, the site and the console build links only through these,
 * so a link in an email always opens a page for people, never an API route.
 *
 * Secrets travel in the URL fragment (`#token=…`): browsers never send a fragment to the server, so
 * it stays out of server and CDN logs and out of `Referer`; the page hands it to the API in a header.
 */
const trimmed = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

export const PAGE_PATHS = {
  tracker: '/',
  reform: (reference: string) => `/reforms/${encodeURIComponent(reference)}`,
  stories: '/stories',
  newStory: '/stories/new',
  submit: '/submit',
  status: (reference: string) => `/status/${encodeURIComponent(reference)}`,
  designation: (reference: string) => `/designation/${encodeURIComponent(reference)}`,
  console: '/console/',
  consoleCycle: (cycle: string) => `/console/cycles/${encodeURIComponent(cycle)}`,
  consoleSubmission: (cycle: string, reference: string) =>
    `/console/cycles/${encodeURIComponent(cycle)}/submissions/${encodeURIComponent(reference)}`,
  consoleCycleSummary: (cycle: string) => `/console/cycles/${encodeURIComponent(cycle)}/summary`,
  consoleMembers: '/console/members',
  consoleCriteria: '/console/criteria',
  consoleDesignations: '/console/designations',
  consoleStories: '/console/stories',
  consoleSuppressions: '/console/suppressions',
} as const;

export const pageUrls = (baseUrl: string) => {
  const base = trimmed(baseUrl);
  return {
    tracker: () => `${base}${PAGE_PATHS.tracker}`,
    reform: (reference: string) => `${base}${PAGE_PATHS.reform(reference)}`,
    /** The submitter's private page; the token rides in the fragment. */
    status: (reference: string, token: string) => `${base}${PAGE_PATHS.status(reference)}#token=${encodeURIComponent(token)}`,
    /** The POC's confirmation page for an action-plan designation; the signature rides in the fragment. */
    designation: (reference: string, signature: string) =>
      `${base}${PAGE_PATHS.designation(reference)}#sig=${encodeURIComponent(signature)}`,
    console: () => `${base}${PAGE_PATHS.console}`,
    consoleCycle: (cycle: string) => `${base}${PAGE_PATHS.consoleCycle(cycle)}`,
    consoleSubmission: (cycle: string, reference: string) => `${base}${PAGE_PATHS.consoleSubmission(cycle, reference)}`,
    consoleCycleSummary: (cycle: string) => `${base}${PAGE_PATHS.consoleCycleSummary(cycle)}`,
    consoleMembers: () => `${base}${PAGE_PATHS.consoleMembers}`,
    consoleDesignations: () => `${base}${PAGE_PATHS.consoleDesignations}`,
  };
};
