import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/language.ts';
import { render } from '../../shared/mail/message.ts';
import { REVIEW_TEMPLATES } from '../../shared/mail/review-templates.ts';

const hostile = '<img src=x onerror="alert(1)"> & Co';
const base = {
  reference: 'OGC-2026-11-0042',
  cycle: '2026-11',
  title: hostile,
  submitterName: `Zoë ${hostile}`,
  statusUrl: 'https://challenge.example.org/status/OGC-2026-11-0042#token=abc',
};

function rendered<Name extends keyof typeof REVIEW_TEMPLATES>(name: Name, data: unknown, language: (typeof LANGUAGES)[number] = 'en') {
  const template = REVIEW_TEMPLATES[name];
  return render(template.compose(template.data.parse(data) as never, language), language);
}

describe('outcome emails', () => {
  const cases = [
    ['outcome-eligible', { ...base, areaName: 'Justice', submittedAreaName: 'Civic Space', reformUrl: 'https://challenge.example.org/reforms/OGC-2026-11-0042' }],
    ['outcome-not-eligible', { ...base, failedCriteria: ['Public ownership', 'Within the Challenge period'] }],
    ['outcome-needs-info', { ...base, question: `Which agency owns it? ${hostile}` }],
  ] as const;

  it.each(cases)('%s escapes user text in HTML and keeps it out of the subject, in every language', (name, data) => {
    for (const language of LANGUAGES) {
      const mail = rendered(name, data, language);
      expect(mail.subject).toContain('OGC-2026-11-0042');
      expect(mail.subject).not.toMatch(/img|Zoë|&/);
      expect(mail.html).not.toContain('<img');
      expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co');
      expect(mail.text).toContain(hostile);
    }
  });

  it('speak the submitter language and carry the reasons', () => {
    expect(rendered('outcome-not-eligible', cases[1][1], 'fr').text).toContain('Within the Challenge period');
    expect(rendered('outcome-needs-info', cases[2][1], 'es').text).toContain('Se necesita más información');
    expect(rendered('outcome-eligible', cases[0][1], 'fr').text).toContain('réforme du Défi');
    expect(rendered('outcome-eligible', cases[0][1], 'en').text).toContain('it was submitted under Civic Space');
  });
});

describe('Support Unit emails', () => {
  it('cut long reference lists in reminders', () => {
    const references = Array.from({ length: 60 }, (_, index) => `OGC-2026-11-${String(index + 1).padStart(4, '0')}`);
    const mail = rendered('reviewer-reminder', { cycle: '2026-11', undecided: 60, references, deadline: '2026-12-22T06:00:00Z', consoleUrl: 'https://x.example' });
    expect(mail.subject).toBe('Open Gov Challenge: 60 submissions still undecided in cycle 2026-11');
    expect(mail.text).toContain('OGC-2026-11-0020');
    expect(mail.text).not.toContain('OGC-2026-11-0021');
    expect(mail.text).toContain('and 40 more');
    expect(mail.text).toContain('2026-12-22 06:00 UTC');
  });

  it('keep the error of an alert out of its subject', () => {
    const mail = rendered('workflow-alert', { cycle: '2026-11', error: 'Lambda.Unknown', cause: '{"errorMessage":"<b>boom</b>"}', consoleUrl: 'https://x.example/console/cycles/2026-11' });
    expect(mail.subject).toBe('Open Gov Challenge: the review run of cycle 2026-11 needs attention');
    expect(mail.html).toContain('&lt;b&gt;boom&lt;/b&gt;');
  });
});
