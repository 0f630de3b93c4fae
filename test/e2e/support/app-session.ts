import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startHostProcess, type RunningHost } from './host-process';
import { ensureRendererBuilt } from './renderer-build';

/** What an end-to-end test drives: the local host over a fresh data folder, and its page in Chromium. */
export interface AppSession {
  /** The fresh data folder (the catalogue is catalogue.db in it). */
  workDir: string;
  host: RunningHost;
  browser: BrowserContext;
  page: Page;
  /** Errors the page threw, to be none at the end. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Builds the pages if needed, starts the host (with `env`) and opens its page. */
export async function openAppSession(
  prefix: string,
  env: Record<string, string> = {},
): Promise<AppSession> {
  await ensureRendererBuilt();
  const workDir = mkdtempSync(path.join(tmpdir(), prefix));
  let host: RunningHost | undefined;
  let browser: BrowserContext | undefined;
  const close = async () => {
    await browser?.close();
    await host?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    host = await startHostProcess(path.join(workDir, 'catalogue.db'), env);
    browser = await launchBrowser();
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    // screenshots show the settled page: a progress bar mid-transition lags the percent beside it
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(host.url);
    return { workDir, host, browser, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
