// Draws the app's install icons (public/icons/*.png) from public/favicon.svg with the same Chromium
// the tests use: `node scripts/make-icons.mjs`. Run again only when the favicon changes; the PNGs
// are committed (they are the app's own, a few KB).
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumPath } from './chromium-args.mjs';

const repoRoot = resolve(import.meta.dirname, '..');
const svg = readFileSync(resolve(repoRoot, 'public/favicon.svg'), 'utf8');
const outDir = resolve(repoRoot, 'public/icons');
mkdirSync(outDir, { recursive: true });

// "any": the icon edge to edge. "maskable": the icon inside the central 80% safe zone on its own colour,
// so a launcher's circle or squircle never cuts the brush stroke.
const icons = [
  { name: 'icon-192.png', size: 192, padding: 0 },
  { name: 'icon-512.png', size: 512, padding: 0 },
  { name: 'icon-maskable-512.png', size: 512, padding: 0.1 },
];

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox'] });
for (const { name, size, padding } of icons) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const inset = Math.round(size * padding);
  await page.setContent(
    `<body style="margin:0;background:${padding ? '#ffb347' : 'transparent'}">` +
      `<div style="position:absolute;inset:${inset}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
  );
  await page.screenshot({ path: resolve(outDir, name), omitBackground: padding === 0 });
  await page.close();
}
await browser.close();
console.log(`Wrote ${icons.map((icon) => icon.name).join(', ')} to public/icons/`);
