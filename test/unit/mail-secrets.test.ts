import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/language.ts';
import { TEMPLATE_NAMES, TEMPLATES } from '../../shared/mail/templates.ts';
import { mailSamples } from '../support/mail-samples.ts';

/**
 * The mailer drops a template's `secrets` from its outbox item once the email is sent. A link that
 * carries a credential (`#token=` for the status page, `#sig=` for a designation) in a field not
 * declared secret would stay in the table, usable by anyone who reads it: this catches a new
 * template, or a new field, that forgets to declare it.
 */
const CREDENTIAL_IN_LINK = /#(token|sig)=/;

describe('template secrets', () => {
  it.each(TEMPLATE_NAMES)('%s declares every field that carries a live link, and only fields it has', (name) => {
    const declared = [...(TEMPLATES[name].secrets ?? [])].sort();
    for (const language of LANGUAGES) {
      const data: Record<string, unknown> = mailSamples(language)[name];
      const carrying = Object.entries(data)
        .filter(([, value]) => CREDENTIAL_IN_LINK.test(JSON.stringify(value)))
        .map(([field]) => field)
        .sort();
      expect(declared, language).toEqual(carrying);
    }
  });
});
