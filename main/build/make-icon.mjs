#!/usr/bin/env node
// Renders resources/icon.svg to resources/icon.png (1024×1024, what electron-builder turns into
// the .ico, .icns and Linux icon sizes) with Chromium through playwright-core. Run it after
// editing the SVG; the PNG is committed, so packaging needs no browser.
//
// Usage: node main/build/make-icon.mjs [--chromium /usr/bin/chromium]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../util/repo-root.mjs';

const index = process.argv.indexOf('--chromium');
const executablePath = index >= 0 ? process.argv[index + 1] : '/usr/bin/chromium';
const svg = readFileSync(path.join(repoRoot, 'resources', 'icon.svg'), 'utf8');

const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page
    .locator('svg')
    .screenshot({ path: path.join(repoRoot, 'resources', 'icon.png'), omitBackground: true });
  console.log('wrote resources/icon.png');
} finally {
  await browser.close();
}
