import type { Language } from '../domain/language.ts';

/**
 * An email is composed of typed lines, never of markup: the HTML part is produced here with every
 * piece of text escaped, so user input cannot inject markup, and the plain-text part comes from the
 * same lines, so the two never disagree.
 */
export type Line =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'field'; label: string; value: string }
  /** The email's main action: a large button, with its address written out below for copying. */
  | { kind: 'action'; label: string; url: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'quote'; text: string };

export interface ComposedMail {
  /** Fixed wording plus system values only (references, counts): never user text. */
  subject: string;
  /** The line inboxes show after the subject; the first paragraph when not given. */
  preheader?: string;
  /** Why the recipient gets this email, for the footer; a general sentence when not given. */
  reason?: string;
  lines: Line[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);

const paragraphsHtml = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

const WORDMARK = { organisation: 'Open Government Partnership', programme: 'Open Gov Challenge' };

const DEFAULT_REASON: Record<Language, string> = {
  en: 'You receive this email because of your part in the Open Gov Challenge of the Open Government Partnership.',
  fr: 'Vous recevez cet e-mail en raison de votre participation au Défi pour un gouvernement ouvert du Partenariat pour un gouvernement ouvert.',
  es: 'Recibe este correo por su participación en el Desafío de Gobierno Abierto de la Alianza para el Gobierno Abierto.',
};

const COPY_ADDRESS: Record<Language, string> = {
  en: 'If the button does not work, copy this address into your browser:',
  fr: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur\u00a0:',
  es: 'Si el botón no funciona, copie esta dirección en su navegador:',
};

/**
 * OGP's colours: navy for the header, teal for actions and accents. Light: navy #0c2340 behind white
 * (15:1), teal #00707a on white (5.9:1), body text #1b2a3a on white (14:1), muted #4a5a6a on #eef2f6 (6:1).
 * Dark: text #e8eef4 on #132435 (13:1), teal #5fd4dc on #132435 (9:1). Nothing is text on an image.
 */
const COLOURS = {
  page: '#eef2f6',
  card: '#ffffff',
  navy: '#0c2340',
  teal: '#00707a',
  tealBright: '#7fdde3',
  text: '#1b2a3a',
  muted: '#4a5a6a',
  rule: '#d5dde5',
  quote: '#f3f7f9',
};

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

const STYLE = `
:root{color-scheme:light dark;supported-color-schemes:light dark}
body{margin:0;padding:0;width:100%;-webkit-text-size-adjust:100%}
a{color:${COLOURS.teal}}
.address{word-break:break-all}
@media (max-width:620px){.card{padding:20px 18px!important}.header{padding:18px!important}.footer{padding:16px 18px!important}}
@media (prefers-color-scheme:dark){
.page{background:#0b1622!important}
.card{background:#132435!important;color:#e8eef4!important}
.card a{color:#5fd4dc!important}
.muted,.footer{color:#b7c4d1!important}
.quote{background:#0f1e2d!important;border-color:#5fd4dc!important}
.rule{border-color:#2a3d52!important}
.button{background:#5fd4dc!important}
.button a{color:#0b1622!important}
}`;

function lineToText(line: Line): string {
  switch (line.kind) {
    case 'heading':
      return `${line.text}\n${'='.repeat(Math.min(line.text.length, 60))}`;
    case 'paragraph':
      return line.text;
    case 'field':
      // A list starts on its own line, so its items line up.
      return /\r?\n/.test(line.value) ? `${line.label}:\n${line.value}` : `${line.label}: ${line.value}`;
    case 'action':
    case 'link':
      return `${line.label}:\n${line.url}`;
    case 'quote':
      return line.text
        .split(/\r?\n/)
        .map((part) => `> ${part}`)
        .join('\n');
  }
}

function lineToHtml(line: Line, language: Language): string {
  switch (line.kind) {
    case 'heading':
      return `<h1 style="margin:0 0 16px;font-size:24px;line-height:1.3;font-weight:700">${escapeHtml(line.text)}</h1>`;
    case 'paragraph':
      return `<p style="margin:0 0 16px">${paragraphsHtml(line.text)}</p>`;
    case 'field':
      return `<p style="margin:0 0 14px"><span class="muted" style="display:block;font-size:14px;font-weight:700;color:${COLOURS.muted}">${escapeHtml(line.label)}</span>${paragraphsHtml(line.value)}</p>`;
    case 'action':
      // A table cell carries the colour, so the button keeps its shape in clients that ignore padding on links.
      return (
        `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 8px"><tr>` +
        `<td class="button" style="border-radius:6px;background:${COLOURS.teal}">` +
        `<a href="${escapeHtml(line.url)}" style="display:inline-block;padding:14px 26px;min-width:160px;text-align:center;font-size:17px;font-weight:700;line-height:22px;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(line.label)}</a>` +
        `</td></tr></table>` +
        `<p class="muted" style="margin:0 0 20px;font-size:13px;color:${COLOURS.muted}">${escapeHtml(COPY_ADDRESS[language])}<br><span class="address">${escapeHtml(line.url)}</span></p>`
      );
    case 'link':
      return `<p style="margin:0 0 16px"><a href="${escapeHtml(line.url)}" style="color:${COLOURS.teal};font-weight:700;text-decoration:underline;display:inline-block;padding:6px 0">${escapeHtml(line.label)}</a></p>`;
    case 'quote':
      return `<div class="quote" style="margin:0 0 16px;padding:12px 16px;border-left:4px solid ${COLOURS.teal};background:${COLOURS.quote}">${paragraphsHtml(line.text)}</div>`;
  }
}

function preheaderOf(mail: ComposedMail): string {
  if (mail.preheader) return mail.preheader;
  const first = mail.lines.find((line) => line.kind === 'paragraph');
  return first && first.kind === 'paragraph' ? first.text : mail.subject;
}

/**
 * The one layout of every email: a navy header with the wordmark in text, a single white column at
 * most 600 px wide, a footer saying why the reader gets it. Declared light-and-dark (`color-scheme`)
 * with its own dark colours, so no client has to guess an inversion; `lang` set for screen readers.
 */
export function render(mail: ComposedMail, language: Language): RenderedMail {
  if (/[\r\n]/.test(mail.subject)) throw new Error('A subject must be a single line');
  const reason = mail.reason ?? DEFAULT_REASON[language];
  const signature = `${WORDMARK.programme} · ${WORDMARK.organisation}`;
  const text = `${WORDMARK.programme} — ${WORDMARK.organisation}\n\n${mail.lines.map(lineToText).join('\n\n')}\n\n-- \n${reason}\n${signature}\n`;
  // Whitespace after the preheader keeps inboxes from padding the preview with the body's first words.
  const preheader = `${escapeHtml(preheaderOf(mail))}${'&#8199;&#847;'.repeat(40)}`;
  const html = `<!doctype html>
<html lang="${escapeHtml(language)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(mail.subject)}</title>
<style>${STYLE}</style>
</head>
<body class="page" style="margin:0;padding:0;background:${COLOURS.page}">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all">${preheader}</div>
<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLOURS.page}">
<tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;font-family:${FONT}">
<tr><td class="header" style="background:${COLOURS.navy};padding:22px 32px;border-radius:8px 8px 0 0;border-bottom:4px solid ${COLOURS.teal}">
<div style="font-size:12px;line-height:16px;font-weight:700;letter-spacing:1.5px;text-transform:uppercase;color:${COLOURS.tealBright}">${WORDMARK.organisation}</div>
<div style="font-size:24px;line-height:30px;font-weight:800;color:#ffffff">${WORDMARK.programme}</div>
</td></tr>
<tr><td class="card" style="background:${COLOURS.card};padding:32px;border-radius:0 0 8px 8px;color:${COLOURS.text};font-size:16px;line-height:1.55">
${mail.lines.map((line) => lineToHtml(line, language)).join('\n')}
</td></tr>
<tr><td class="footer" style="padding:18px 32px;font-size:13px;line-height:1.5;color:${COLOURS.muted}">
<p style="margin:0 0 6px">${escapeHtml(reason)}</p>
<p style="margin:0">${escapeHtml(signature)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject: mail.subject, text, html };
}
