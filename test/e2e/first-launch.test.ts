import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../helpers/prerequisites';
import { openAppSession, type AppSession } from './support/app-session';
import { chromiumPath, chromiumPresent, screenshot } from './support/browser';
import { sharedDir } from './support/paths';

const ml100k = path.join(sharedDir, 'datasets', 'ml-100k');

const skipped = skipReason('e2e', [
  !chromiumPresent && `${chromiumPath} is missing (apt-get install -y chromium)`,
  !existsSync(path.join(ml100k, 'u.data')) && `no ml-100k under ${path.dirname(ml100k)}`,
]);

/**
 * A first launch from an empty data folder, without importing anything: the starter catalogue
 * that ships with the app is there at once, so search, rating and the lists work.
 */
describe.skipIf(skipped !== null)(
  `a first launch with no download, in Chromium against the local host${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    let session: AppSession;
    let page: Page;

    beforeAll(async () => {
      // A page may name no path on this computer but the test hook's: ml-100k, imported last.
      session = await openAppSession('movie-assistant-e2e-first-', {
        MOVIE_ASSISTANT_STUB_IMPORT_PATH: ml100k,
      });
      page = session.page;
    });

    afterAll(() => session?.close());

    it('makes a profile, finds and rates a movie, and recommends, without an import', async () => {
      await page.getByTestId('screen-profiles').waitFor();
      await page.getByTestId('new-profile').click();
      const dialog = page.getByTestId('create-profile-dialog');
      await dialog.getByLabel('Name').fill('Bea');
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await expect
        .poll(() => page.getByTestId('profile-menu-button').innerText(), { timeout: 30_000 })
        .toContain('Bea');

      await page.getByTestId('nav-search').click();
      await page.getByTestId('search-input').fill('matrix');
      const first = page
        .locator(
          '[data-testid="search-results"][data-query="matrix"] [data-testid="search-result"]',
        )
        .first();
      await first.waitFor();
      await screenshot(page, 'first-launch-search');
      await page.getByTestId('search-input').press('Enter');
      await page.getByTestId('movie-title').waitFor();
      expect(await page.getByTestId('movie-title').innerText()).toMatch(/Matrix/);
      await page.getByTestId('movie-rating-5').click();
      const slider = page.getByTestId('movie-rating').getByRole('slider');
      await page.waitForFunction(
        (el) => (el as Element).getAttribute('aria-valuenow') === '5',
        await slider.elementHandle(),
      );

      await page.getByTestId('nav-forYou').click();
      await page.getByTestId('foryou-card').first().waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('foryou-card').count()).toBeGreaterThan(0);
      await screenshot(page, 'first-launch-for-you');

      await page.getByTestId('nav-people').click();
      await page.getByTestId('screen-people').waitFor();
      // One rating: nobody can share three movies yet, and the screen says how many to go.
      expect(await page.getByTestId('people-empty').innerText()).toContain('rate 2 more');
      await screenshot(page, 'first-launch-people');
    });

    it('says on the About page that the starter catalogue is redistributed under its licence', async () => {
      await page.getByTestId('nav-about').click();
      const starter = page.getByTestId('catalogue-starter');
      await starter.waitFor();
      expect(await starter.innerText()).toContain(
        'Starter catalogue: ml-latest-small (GroupLens), redistributed under its licence',
      );
      expect(await page.getByTestId('licence-ml-latest-small').innerText()).toContain(
        'Usage License',
      );
      await screenshot(page, 'first-launch-about');
      expect(session.pageErrors).toEqual([]);
    });

    it('after importing ml-100k, For you says its list still comes from the model trained on ml-latest-small', async () => {
      await page.getByTestId('nav-import').click();
      await page.getByTestId('import-path').fill(ml100k);
      await page.getByTestId('import-start').click();
      await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
      await page.getByTestId('nav-forYou').click();
      const note = page.getByTestId('foryou-trained-elsewhere');
      await note.waitFor({ timeout: 60_000 });
      expect(await note.innerText()).toMatch(
        /comes from a model trained on ml-latest-small, not on ml-100k/,
      );
      await page.getByTestId('foryou-card').first().waitFor();
      await screenshot(page, 'first-launch-other-release');
      await note.getByRole('button', { name: 'Open Model' }).click();
      await page.getByTestId('model-pretrain-needed').waitFor();
      await screenshot(page, 'first-launch-model-pretrain-needed');
      expect(session.pageErrors).toEqual([]);
    });
  },
);
