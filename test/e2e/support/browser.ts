import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { screensDir } from './paths';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumPresent = existsSync(chromiumPath);

/** Debian's Chromium with a fresh profile folder, at the size the app is designed for. */
export async function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(
    mkdtempSync(path.join(tmpdir(), 'movie-assistant-chromium-')),
    {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    },
  );
}

let shotNumber = 0;

/** Saves the screen as test-results/screens/NN-name.png, numbered in the order taken. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(screensDir, { recursive: true });
  shotNumber += 1;
  const file = path.join(screensDir, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}
