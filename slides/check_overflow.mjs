// Fails when a rendered slide's content does not fit on the slide.
//
//   node check_overflow.mjs DECK.html ...
//
// Marp clips what does not fit without a word, so the build opens each rendered deck in
// headless Chromium (print layout: every slide laid out at once) and measures: an element
// whose box ends inside the slide's bottom padding (where the footer is), or right of its right edge, or a code
// block or table wider than its box, is reported as "DECK.html: slide N: ...". Exit 1 if any.
// Chromium is CHROME_PATH (default /usr/bin/chromium), offline and without sandbox or GPU.

import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

// Content may reach this many px into the slide's bottom padding, no further: below it
// sit the footer and the page number.
const PADDING_TOLERANCE = 8;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check_overflow.mjs DECK.html ...');
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

let problems = 0;
try {
  const page = await browser.newPage();
  await page.emulateMediaType('print');
  for (const file of files) {
    try {
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
    } catch (error) {
      console.error(`check_overflow: ${basename(file)}: cannot open: ${error.message}`);
      problems += 1;
      continue;
    }
    await page.evaluate(() => document.fonts.ready);
    const found = await page.evaluate((tolerance) => {
      const out = [];
      const sections = document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section');
      let slide = 0;
      let lastSvg = null;
      for (const section of sections) {
        const svg = section.closest('svg');
        if (svg !== lastSvg) {
          slide += 1;
          lastSvg = svg;
        }
        const layer = section.getAttribute('data-marpit-advanced-background');
        if (layer === 'background' || layer === 'pseudo') continue;
        const box = section.getBoundingClientRect();
        const scale = box.height / section.offsetHeight;
        const padding = parseFloat(getComputedStyle(section).paddingBottom) || 0;
        const limitBottom = box.bottom - (padding - tolerance) * scale;
        for (const el of section.querySelectorAll('*')) {
          if (el.closest('header, footer')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          const what = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('src') || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
          if (r.bottom > limitBottom + 1) {
            out.push({ slide, msg: `${what} ends ${Math.round((r.bottom - limitBottom) / scale)}px into the footer area` });
            break;
          }
          if (r.right > box.right + 1) {
            out.push({ slide, msg: `${what} sticks out ${Math.round((r.right - box.right) / scale)}px on the right` });
            break;
          }
          if ((el.tagName === 'PRE' || el.tagName === 'TABLE') && el.scrollWidth > el.clientWidth + 1) {
            out.push({ slide, msg: `${what} is ${el.scrollWidth - el.clientWidth}px wider than its box` });
            break;
          }
        }
      }
      return { slides: slide, out };
    }, PADDING_TOLERANCE);
    if (found.slides === 0) {
      console.error(`check_overflow: ${basename(file)}: no slides found`);
      problems += 1;
    }
    for (const { slide, msg } of found.out) {
      console.error(`check_overflow: ${basename(file)}: slide ${slide}: ${msg}`);
      problems += 1;
    }
  }
} finally {
  await browser.close();
}
if (problems === 0) console.log(`check_overflow: ${files.length} decks, every slide fits`);
process.exit(problems === 0 ? 0 : 1);
