import type { MessageKey } from './messages.ts';

/**
 * Links people put in a submission are shown to reviewers and published: one must not carry a
 * password, nor hide where it leads. Browser-safe (the public site validates with it too).
 */

/** The part between `//` and the path, as written: `user:pass@` or a lone `@` hides the real host. */
const authorityOf = (link: string) => /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(link)?.[1] ?? '';

/**
 * The problem of a link the URL parser accepted, or undefined. Refused: any user-info part (with or
 * without a password), backslashes (parsers disagree on where they end the host), and host names
 * that imitate another one by mixing alphabets.
 */
export function linkProblem(link: string): MessageKey | undefined {
  if (link.includes('\\')) return 'url';
  if (authorityOf(link).includes('@')) return 'linkCredentials';
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined; // the URL check itself reports it
  }
  if (url.username !== '' || url.password !== '') return 'linkCredentials';
  return url.hostname.split('.').some(isLookAlikeLabel) ? 'linkLookAlike' : undefined;
}

type Script = 'latin' | 'cyrillic' | 'greek' | 'other';

function scriptOf(char: string): Script | undefined {
  const code = char.codePointAt(0)!;
  if (/[0-9-]/.test(char)) return undefined;
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) return 'latin';
  if (code >= 0x400 && code <= 0x52f) return 'cyrillic';
  if (code >= 0x370 && code <= 0x3ff) return 'greek';
  return 'other';
}

/** Cyrillic and Greek letters that read as Latin ones in an address bar. */
const LATIN_LOOKING = new Set([...'аеорсухіјѕԁһӏԛԝъьоαοςτυνικρεχ']);

/**
 * An internationalised label (`xn--…`) that mixes Latin with Cyrillic or Greek letters, or is made
 * only of Cyrillic or Greek letters that look Latin ("аррӏе"): the classic look-alike hosts.
 * Labels in one script (Cyrillic, Arabic, Chinese, accented Latin…) are genuine addresses and pass.
 */
function isLookAlikeLabel(label: string): boolean {
  if (!label.toLowerCase().startsWith('xn--')) return false;
  const decoded = decodePunycode(label.slice(4).toLowerCase());
  if (decoded === undefined) return true;
  const scripts = new Set([...decoded].map(scriptOf).filter((script) => script !== undefined));
  const confusable = scripts.has('latin') ? scripts.has('cyrillic') || scripts.has('greek') : false;
  const allLatinLooking = (scripts.has('cyrillic') || scripts.has('greek')) && [...decoded].every((char) => scriptOf(char) === undefined || LATIN_LOOKING.has(char));
  return confusable || allLatinLooking;
}

/** RFC 3492 decoding of the part after `xn--`; undefined when it is not valid Punycode. */
export function decodePunycode(input: string): string | undefined {
  const base = 36;
  const tMin = 1;
  const tMax = 26;
  const adapt = (delta: number, points: number, first: boolean) => {
    let scaled = first ? Math.floor(delta / 700) : delta >> 1;
    scaled += Math.floor(scaled / points);
    let k = 0;
    for (; scaled > ((base - tMin) * tMax) >> 1; k += base) scaled = Math.floor(scaled / (base - tMin));
    return k + Math.floor(((base - tMin + 1) * scaled) / (scaled + 38));
  };
  const digit = (char: string) => {
    const code = char.charCodeAt(0);
    if (code >= 0x30 && code <= 0x39) return code - 22;
    if (code >= 0x61 && code <= 0x7a) return code - 0x61;
    return base;
  };
  const separator = input.lastIndexOf('-');
  const output = separator > 0 ? [...input.slice(0, separator)].map((char) => char.codePointAt(0)!) : [];
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let index = separator > 0 ? separator + 1 : 0; index < input.length; ) {
    const previous = i;
    for (let weight = 1, k = base; ; k += base) {
      if (index >= input.length) return undefined;
      const value = digit(input[index++]!);
      if (value >= base) return undefined;
      i += value * weight;
      const threshold = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (value < threshold) break;
      weight *= base - threshold;
      if (i > 0x7fffffff) return undefined;
    }
    bias = adapt(i - previous, output.length + 1, previous === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}
