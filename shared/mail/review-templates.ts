/** Emails of the monthly review (digest, reminders, outcomes, summary); declared with `template(...)`. */
export const REVIEW_TEMPLATES = {};
