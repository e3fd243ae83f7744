import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/domain/language.ts';
import { render } from '../../shared/mail/message.ts';
import { INTAKE_TEMPLATES, TEMPLATES, type TemplateName } from '../../shared/mail/templates.ts';
import { mailSamples } from '../support/mail-samples.ts';

function renderSample(name: TemplateName, language: Language) {
  const template = TEMPLATES[name];
  return render(template.compose(template.data.parse(mailSamples(language)[name]) as never, language), language);
}

const NAMES = Object.keys(TEMPLATES) as TemplateName[];
const everyEmail = NAMES.flatMap((name) => LANGUAGES.map((language) => [name, language] as const));

describe('email rendering', () => {
  const hostile = '<script>alert("x")</script> & "quotes"';
  const receipt = INTAKE_TEMPLATES['submission-receipt'];
  const data = { reference: 'OGC-2026-11-0042', title: hostile, submitterName: 'Zoë', areaName: 'Justice', statusUrl: 'https://challenge.example.org/status/OGC-2026-11-0042#token=abc' };

  it('escapes user text in HTML and keeps it verbatim in the text part', () => {
    const mail = render(receipt.compose(data, 'en'), 'en');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(mail.text).toContain(hostile);
  });

  it('never puts user text in the subject', () => {
    for (const language of LANGUAGES) {
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

describe('the one email layout', () => {
  it.each(everyEmail)('%s (%s): branded, phone-sized, dark-mode-safe, with a preheader and a footer saying why', (name, language) => {
    const mail = renderSample(name, language);
    expect(mail.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${language}" dir="ltr">`));
    expect(mail.html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(mail.html).toContain('@media (prefers-color-scheme:dark)');
    expect(mail.html).toContain('max-width:600px');
    // The wordmark is text (nothing is text on an image), and there is no image at all.
    expect(mail.html).toContain('Open Government Partnership</div>');
    expect(mail.html).toContain('Open Gov Challenge</div>');
    expect(mail.html).not.toMatch(/<img|background-image|url\(/i);
    // Preheader: hidden, first in the body.
    expect(mail.html).toMatch(/<body[^>]*>\n<div style="display:none;[^"]*">[^<]+/);
    // Footer: why the reader gets it, in the reader's language.
    expect(mail.html).toMatch(/<td class="footer"[^>]*>\n<p style="margin:0 0 6px">(You receive|Vous recevez|Recibe) /);
    expect(mail.text).toMatch(/\n-- \n(You receive|Vous recevez|Recibe) /);
    // User text is escaped everywhere it appears.
    expect(mail.html).not.toMatch(/<(b|i|decree)>/);
    // The plain-text part carries every link of the HTML part.
    for (const [, href] of mail.html.matchAll(/href="([^"]+)"/g)) expect(mail.text).toContain(href!.replaceAll('&amp;', '&'));
  });

  it.each(everyEmail)('%s (%s): every link opens a page, never the API', (name, language) => {
    const links = [...renderSample(name, language).html.matchAll(/href="([^"]+)"/g)].map((match) => new URL(match[1]!.replaceAll('&amp;', '&')));
    for (const link of links) {
      expect(link.protocol).toBe('https:');
      expect(link.pathname).not.toMatch(/^\/v1\//);
      expect(link.search).toBe('');
    }
  });

  it('gives the main action a large button and writes its address out for copying', () => {
    const mail = renderSample('outcome-needs-info', 'fr');
    expect(mail.html).toMatch(/<td class="button"[^>]*><a href="https:\/\/challenge\.example\.org\/status\/OGC-2026-11-0042#token=[^"]+" style="display:inline-block;padding:14px 26px;[^"]*font-size:17px[^"]*">Répondre à la question<\/a>/);
    expect(mail.html).toContain('Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur');
    expect(mail.text).toContain('Répondre à la question:\nhttps://challenge.example.org/status/OGC-2026-11-0042#token=');
  });

  it('leads with a preheader of its own where one is given, else with the first paragraph', () => {
    expect(renderSample('submission-receipt', 'es').html).toContain('Su referencia es OGC-2026-11-0042. Siga su envío mediante su enlace privado.');
    expect(renderSample('answer-received', 'en').html).toMatch(/display:none[^>]*>Dear Zoë Ndiaye-Müller,/);
  });
});
