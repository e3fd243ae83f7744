import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { LANGUAGES } from '../shared/domain/language.ts';
import { render } from '../shared/mail/message.ts';
import { TEMPLATES, type TemplateName } from '../shared/mail/templates.ts';
import { mailSamples } from '../test/support/mail-samples.ts';

/**
 * `npm run emails` — renders every email template in en, fr and es from the samples the tests use,
 * writes each as `<template>-<language>.html` and `.txt` into .data/emails/ (not versioned: about 8 MB
 * of pictures), and photographs the HTML in headless Chromium: a phone (375 px) and a desktop, light,
 * plus the phone in dark mode. `-- --out DIR` writes elsewhere; `-- --no-screenshots` writes the
 * HTML and text only. The README shows three of the pictures, kept in docs/emails/.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArgument = process.argv.indexOf('--out');
const OUT_DIR = outArgument === -1 ? path.join(ROOT, '.data', 'emails') : path.resolve(process.argv[outArgument + 1] ?? '.');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = [
  { suffix: 'phone', viewport: { width: 375, height: 700 }, colorScheme: 'light' },
  { suffix: 'phone-dark', viewport: { width: 375, height: 700 }, colorScheme: 'dark' },
  { suffix: 'desktop', viewport: { width: 1024, height: 800 }, colorScheme: 'light' },
] as const;

mkdirSync(OUT_DIR, { recursive: true });
const rendered = (Object.keys(TEMPLATES) as TemplateName[]).flatMap((name) =>
  LANGUAGES.map((language) => {
    const template = TEMPLATES[name];
    const mail = render(template.compose(template.data.parse(mailSamples(language)[name]) as never, language), language);
    const file = path.join(OUT_DIR, `${name}-${language}`);
    writeFileSync(`${file}.html`, mail.html);
    writeFileSync(`${file}.txt`, `Subject: ${mail.subject}\n\n${mail.text}`);
    return { file, html: mail.html };
  }),
);
console.log(`${rendered.length} emails written to ${path.relative(ROOT, OUT_DIR)}/`);

if (!process.argv.includes('--no-screenshots')) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({ viewport: shot.viewport, colorScheme: shot.colorScheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const { file, html } of rendered) {
        await page.setContent(html, { waitUntil: 'load' });
        await page.screenshot({ path: `${file}-${shot.suffix}.png`, fullPage: true });
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`${rendered.length * SHOTS.length} screenshots taken`);
}
