import { describe, expect, it } from 'vitest';
import { render } from '../../shared/mail/message.ts';
import { INTAKE_TEMPLATES } from '../../shared/mail/templates.ts';

describe('email rendering', () => {
  const hostile = '<script>alert("x")</script> & "quotes"';
  const receipt = INTAKE_TEMPLATES['submission-receipt'];
  const data = { reference: 'OGC-2026-11-0042', title: hostile, submitterName: 'Zoë', areaName: 'Justice', statusUrl: 'https://api.example.org/v1/submissions/OGC-2026-11-0042?token=abc' };

  it('escapes user text in HTML and keeps it verbatim in the text part', () => {
    const mail = render(receipt.compose(data, 'en'), 'en');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(mail.text).toContain(hostile);
  });

  it('never puts user text in the subject', () => {
    for (const language of ['en', 'fr', 'es'] as const) {
      const mail = render(receipt.compose(data, language), language);
      expect(mail.subject).toContain('OGC-2026-11-0042');
      expect(mail.subject).not.toContain('script');
    }
  });

  it('speaks the submitter language', () => {
    expect(render(receipt.compose(data, 'fr'), 'fr').text).toContain('Soumission reçue');
    expect(render(receipt.compose(data, 'es'), 'es').text).toContain('Envío recibido');
  });

  it('refuses a multi-line subject outright', () => {
    expect(() => render({ subject: 'a\r\nBcc: x@example.org', lines: [] }, 'en')).toThrow();
  });
});
