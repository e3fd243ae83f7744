/**
 * An email is composed of typed lines, never of markup: the HTML part is produced here with every
 * piece of text escaped, so user input cannot inject markup, and the plain-text part comes from the
 * same lines, so the two never disagree.
 */
export type Line =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'quote'; text: string };

export interface ComposedMail {
  /** Fixed wording plus system values only (references, counts): never user text. */
  subject: string;
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

function lineToText(line: Line): string {
  switch (line.kind) {
    case 'heading':
      return `${line.text}\n${'='.repeat(Math.min(line.text.length, 60))}`;
    case 'paragraph':
      return line.text;
    case 'field':
      return `${line.label}: ${line.value}`;
    case 'link':
      return `${line.label}: ${line.url}`;
    case 'quote':
      return line.text
        .split(/\r?\n/)
        .map((part) => `> ${part}`)
        .join('\n');
  }
}

function lineToHtml(line: Line): string {
  switch (line.kind) {
    case 'heading':
      return `<h1 style="font-size:20px">${escapeHtml(line.text)}</h1>`;
    case 'paragraph':
      return `<p>${paragraphsHtml(line.text)}</p>`;
    case 'field':
      return `<p><strong>${escapeHtml(line.label)}:</strong> ${paragraphsHtml(line.value)}</p>`;
    case 'link':
      return `<p><a href="${escapeHtml(line.url)}">${escapeHtml(line.label)}</a></p>`;
    case 'quote':
      return `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">${paragraphsHtml(line.text)}</blockquote>`;
  }
}

export function render(mail: ComposedMail, language: string): RenderedMail {
  if (/[\r\n]/.test(mail.subject)) throw new Error('A subject must be a single line');
  const text = `${mail.lines.map(lineToText).join('\n\n')}\n\n-- \nOpen Gov Challenge · Open Government Partnership\n`;
  const html = `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head><body style="font-family:sans-serif;max-width:640px">${mail.lines.map(lineToHtml).join('')}<hr><p style="color:#666;font-size:12px">Open Gov Challenge · Open Government Partnership</p></body></html>`;
  return { subject: mail.subject, text, html };
}
