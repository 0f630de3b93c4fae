import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { accessibilityProblems } from './support/accessibility';
import { openAppSession, type AppSession } from './support/app-session';
import { chromiumPath, chromiumPresent, screenshot } from './support/browser';
import { sharedDir } from './support/paths';
import { skipReason } from '../helpers/prerequisites';
import { writeZip } from '../fixtures/zip-writer';

const dataset = path.join(sharedDir, 'datasets', 'ml-latest-small');
const skipped = skipReason('e2e', [
  !chromiumPresent && `${chromiumPath} is missing (apt-get install -y chromium)`,
  !existsSync(path.join(dataset, 'ratings.csv')) &&
    `no ml-latest-small under ${path.dirname(dataset)}`,
]);

/** Ten ratings with a clear taste: loves science fiction and crime, cool on romance and musicals. */
const ratings: Array<{ query: string; rating: number }> = [
  { query: 'Matrix', rating: 5 },
  { query: 'Pulp Fiction', rating: 4.5 },
  { query: 'Star Wars: Episode IV', rating: 5 },
  { query: 'Silence of the Lambs', rating: 4 },
  { query: 'Terminator 2', rating: 4.5 },
  { query: 'Fargo', rating: 4 },
  { query: 'Alien', rating: 4.5 },
  { query: 'Titanic', rating: 2 },
  { query: 'Sound of Music', rating: 1.5 },
  { query: 'Notting Hill', rating: 2.5 },
];

describe.skipIf(skipped !== null)(
  `the journey of a new person, in Chromium against the local host${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    let session: AppSession;
    let page: Page;

    beforeAll(async () => {
      // A page may name no path on this computer but the test hook's: the release folder.
      session = await openAppSession('movie-assistant-e2e-', {
        MOVIE_ASSISTANT_STUB_IMPORT_PATH: dataset,
      });
      page = session.page;
    });

    afterAll(() => session?.close());

    // A journey step that fails leaves the page as it stood and what the host printed, so that a
    // failure seen once (a slow CI machine) can be read afterwards.
    afterEach(async ({ task }) => {
      if (task.result?.state !== 'fail' || !page) return;
      const shot = await screenshot(page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
      const errors = await page
        .getByTestId('error-message')
        .allInnerTexts()
        .catch(() => []);
      console.error(
        `The step failed at ${page.url()}; the page is in ${shot}` +
          (errors.length ? `; it says: ${errors.join(' | ')}` : '') +
          `\nThe host's last output:\n${session.host.output().slice(-3000)}`,
      );
    });

    async function titles(testId: string): Promise<string[]> {
      return page.getByTestId(testId).locator('.movie-title .card-link').allInnerTexts();
    }

    async function openFirstSearchResult(query: string): Promise<string> {
      await page.getByTestId('nav-search').click();
      const input = page.getByTestId('search-input');
      await input.fill(query);
      await page
        .locator(
          `[data-testid="search-results"][data-query="${query}"] [data-testid="search-result"]`,
        )
        .first()
        .waitFor();
      await input.press('ArrowDown');
      await input.press('ArrowUp');
      await input.press('Enter');
      await page.getByTestId('movie-title').waitFor();
      return page.getByTestId('movie-title').innerText();
    }

    async function rateOpenMovie(rating: number): Promise<void> {
      const slider = page.getByTestId('movie-rating').getByRole('slider');
      if ((await slider.getAttribute('aria-valuenow')) === String(rating)) return;
      await page.getByTestId(`movie-rating-${rating}`).click();
      await expectAttribute(slider, 'aria-valuenow', String(rating));
    }

    async function expectAttribute(
      locator: ReturnType<Page['locator']>,
      name: string,
      value: string,
    ) {
      await page.waitForFunction(([el, n, v]) => (el as Element).getAttribute(n as string) === v, [
        await locator.elementHandle(),
        name,
        value,
      ] as const);
    }

    async function ratedCount(): Promise<number> {
      await page.getByTestId('nav-taste').click();
      const taste = page.locator('[data-testid="screen-taste"][data-rated]');
      await taste.waitFor();
      return Number(await taste.getAttribute('data-rated'));
    }

    it('creates a profile on first run', async () => {
      await page.getByTestId('screen-profiles').waitFor();
      await screenshot(page, 'first-run-profiles');
      await page.getByTestId('new-profile').click();
      const dialog = page.getByTestId('create-profile-dialog');
      await dialog.getByLabel('Name').fill('Alice');
      await screenshot(page, 'create-profile');
      await dialog.getByRole('button', { name: 'Create profile' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect
        .poll(() => page.getByTestId('profile-menu-button').innerText(), { timeout: 30_000 })
        .toContain('Alice');
      // The starter catalogue shipped with the app is there already; importing the release replaces it.
      await page.getByTestId('nav-import').click();
      await page.getByTestId('screen-import').waitFor();
    });

    it('imports ml-latest-small through the import screen, with progress and a summary', async () => {
      await screenshot(page, 'first-run-import');
      await page.getByTestId('import-path').fill(dataset);
      await page.getByTestId('import-start').click();
      const progress = page.getByTestId('progress-import');
      const summary = page.getByTestId('import-summary');
      await Promise.race([
        progress.waitFor({ timeout: 60_000 }),
        summary.waitFor({ timeout: 60_000 }),
      ]);
      // Import is quick; catch the bar once it counts something, unless it has already finished.
      await page.waitForFunction(
        () =>
          /[1-9][\d,]* rows/.test(
            document.querySelector('[data-testid="progress-import"]')?.textContent ?? '',
          ) || document.querySelector('[data-testid="import-summary"]') !== null,
        null,
        { timeout: 60_000 },
      );
      if (await progress.isVisible()) await screenshot(page, 'import-progress');
      await summary.waitFor({ timeout: 240_000 });
      await screenshot(page, 'import-summary');
      // A figure broken over two lines ("794 / ms") or running out of its box reads as a glitch.
      const brokenFigures = await summary
        .locator('.stat-value')
        .evaluateAll((figures) =>
          figures
            .filter(
              (figure) =>
                figure.getBoundingClientRect().height >
                  1.6 * parseFloat(getComputedStyle(figure).fontSize) ||
                figure.scrollWidth > figure.clientWidth,
            )
            .map((figure) => figure.textContent),
        );
      expect(brokenFigures).toEqual([]);
      const text = await summary.innerText();
      expect(text).toMatch(/9,7\d\d\s+Movies/i);
      expect(text).toMatch(/100,836\s+Ratings/i);
      await page.getByTestId('import-done').click();
      await page.getByTestId('screen-forYou').waitFor();
    });

    let forYouBefore: string[] = [];

    it('greets the new profile with onboarding', async () => {
      await page.getByTestId('onboarding-card').first().waitFor();
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="screen-forYou"] [role="status"]'),
      );
      forYouBefore = await titles('foryou');
      // A profile with no ratings gets starter picks, labelled as such, not the catalogue in id order.
      const starters = await page.getByTestId('foryou').getByTestId('starter-badge').count();
      expect(starters).toBe(await page.getByTestId('foryou-card').count());
      expect(forYouBefore.slice(0, 3)).not.toEqual(['Toy Story', 'Jumanji', 'Grumpier Old Men']);
      const reasons = await page.getByTestId('foryou').getByTestId('reason').allInnerTexts();
      expect(reasons.every((r) => /^Popular and well liked/.test(r.trim()))).toBe(true);
      await screenshot(page, 'for-you-onboarding');
      await page.getByTestId('foryou').scrollIntoViewIfNeeded();
      await screenshot(page, 'for-you-zero-ratings');
    });

    it('finds titles as people write them, forgives a typo, and pages further', async () => {
      await page.getByTestId('nav-search').click();
      await page.getByRole('heading', { name: 'Search' }).click();
      await page.keyboard.press('/');
      await expect(
        page.getByTestId('search-input').evaluate((el) => el === document.activeElement),
      ).resolves.toBe(true);
      const resultsFor = async (query: string) => {
        await page.getByTestId('search-input').fill(query);
        await page
          .locator(`[data-testid="search-results"][data-query="${query}"]`)
          .waitFor({ state: 'attached', timeout: 30_000 });
        await page.waitForTimeout(100);
        return page.getByTestId('search-result').allInnerTexts();
      };
      const amelie = await resultsFor('fabuleux destin');
      expect(amelie.some((t) => /^Amelie/.test(t) && /Fabuleux destin/.test(t))).toBe(true);
      await screenshot(page, 'search-original-title');
      const typo = await resultsFor('godfahter');
      expect(typo.some((t) => /^The Godfather/.test(t))).toBe(true);
      expect((await page.getByTestId('search-look-alikes').textContent())?.trim()).toBe(
        'close to “godfahter”: no title is spelled so',
      );
      await screenshot(page, 'search-typo');
      const potter = await resultsFor('harry potter 3');
      expect(potter[0]).toMatch(/^Harry Potter and the Prisoner of Azkaban/);
      // The card says why it comes first.
      expect(potter[0]).toMatch(/The 3rd film of the series/);
      expect(potter.slice(1).join('\n')).not.toMatch(/of the series/);
      await screenshot(page, 'search-series-place');
      // An acronym, as film lovers write a long title, and what it was read as.
      const rings = await resultsFor('lotr 2');
      expect(rings[0]).toMatch(/^The Lord of the Rings: The Two Towers/);
      expect((await page.getByTestId('search-read-as').textContent())?.trim()).toBe(
        'for “lord of the rings 2”, reading “lotr” as initials',
      );
      await screenshot(page, 'search-acronym');
      // What viewers tagged: a studio no title names, and no typo look-alike in its place.
      expect(await resultsFor('pixar')).toEqual([]);
      await expect
        .poll(() => page.getByTestId('tagged-result').allInnerTexts(), { timeout: 30_000 })
        .toContainEqual(expect.stringMatching(/^Toy Story/));
      expect(await page.locator('#tagged-title').innerText()).toBe('Tagged “Pixar”');
      await screenshot(page, 'search-tagged');
      // Jaws is no comedy: the page says it exists without the filter, not a look-alike.
      await page.getByTestId('search-genre').selectOption('Comedy');
      expect(await resultsFor('jaws')).toEqual([]);
      await expect
        .poll(() => page.getByTestId('search-empty').innerText(), { timeout: 30_000 })
        .toMatch(/^No Comedy movies match “jaws”; \d+ movies in other genres do\./);
      await screenshot(page, 'search-filtered-out');
      await page.getByTestId('search-clear-filters').click();
      await expect
        .poll(() => page.getByTestId('search-result').allInnerTexts(), { timeout: 30_000 })
        .toContainEqual(expect.stringMatching(/^Jaws/));
      await resultsFor('the');
      const total = await page.getByTestId('search-total').innerText();
      expect(total).toMatch(/[\d,]+\+? movies/);
      const before = await page.getByTestId('search-result').count();
      await page.getByTestId('search-load-more').click();
      await expect
        .poll(() => page.getByTestId('search-result').count(), { timeout: 30_000 })
        .toBeGreaterThan(before);
      await page.getByTestId('search-input').fill('');
    });

    it('searches as you type and opens a movie with the keyboard', async () => {
      await page.getByTestId('nav-search').click();
      await page.getByTestId('search-input').fill('toy sto');
      await page
        .locator(
          '[data-testid="search-results"][data-query="toy sto"] [data-testid="search-result"]',
        )
        .first()
        .waitFor();
      const found = await page.getByTestId('search-result').allInnerTexts();
      expect(found.some((t) => /Toy Story/i.test(t))).toBe(true);
      await screenshot(page, 'search');
      await page.getByTestId('search-input').press('Enter');
      await page.getByTestId('movie-title').waitFor();
      expect(await page.getByTestId('movie-title').innerText()).toMatch(/Toy Story/);
      await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
      // How its 215 ratings spread over the half stars, most of them at 4★.
      const bars = page.getByTestId('rating-spread').getByTestId('spread-bar');
      const counts = (
        await bars.evaluateAll((b) => b.map((x) => x.getAttribute('data-count')))
      ).map(Number);
      expect(counts).toHaveLength(10);
      expect(counts.reduce((a, b) => a + b)).toBe(215);
      expect(counts.indexOf(Math.max(...counts))).toBe(7);
      await screenshot(page, 'movie');
      await page.getByTestId('similar-section').scrollIntoViewIfNeeded();
      await screenshot(page, 'similar-toy-story');
      const similar = await titles('similar');
      expect(similar.slice(0, 5)).toContain('Toy Story 2');
      // A similar movie opened and Back: Toy Story's page again, scrolled where it was left.
      const scrolled = () => page.evaluate(() => document.getElementById('main')!.scrollTop);
      const left = await scrolled();
      expect(left).toBeGreaterThan(200);
      await page.getByTestId('similar-card').nth(2).locator('.card-link').click();
      await expect
        .poll(() => page.getByTestId('movie-title').innerText())
        .not.toMatch(/^Toy Story\s+1995$/);
      await page.getByTestId('back').click();
      await expect
        .poll(() => page.getByTestId('movie-title').innerText())
        .toMatch(/^Toy Story\s+1995$/);
      // once its similar movies are back, which may take a moment
      await expect.poll(scrolled, { timeout: 30_000 }).toBeGreaterThanOrEqual(left - 2);
      const why = await page.getByTestId('similar').getByTestId('reason').allInnerTexts();
      expect(why.every((r) => /people who loved Toy Story/.test(r))).toBe(true);
      // A tag searches for the other movies given it, and the browser's Back comes back here.
      await page.getByTestId('movie-tags').getByRole('button', { name: 'pixar' }).click();
      await page.getByTestId('screen-search').waitFor();
      await expect
        .poll(() => page.getByTestId('tagged-result').allInnerTexts(), { timeout: 30_000 })
        .toContainEqual(expect.stringMatching(/^Toy Story 2/));
      await page.goBack();
      await page.getByTestId('movie-tags').waitFor();
      expect(await page.locator('h1').first().innerText()).toMatch(/^Toy Story/);
    });

    it('rates ten movies', async () => {
      // The open movie first, by keyboard: End = five stars, then one step down = 4.5.
      const slider = page.getByTestId('movie-rating').getByRole('slider');
      await slider.focus();
      await slider.press('End');
      await slider.press('ArrowLeft');
      await expectAttribute(slider, 'aria-valuenow', '4.5');
      // A click on the star it already has clears it; the notice's Undo puts it back.
      await page.getByTestId('movie-rating-4.5').click();
      await expectAttribute(slider, 'aria-valuetext', 'Not rated');
      const cleared = page
        .getByTestId('notices')
        .getByRole('status')
        .filter({ hasText: 'Cleared' });
      expect(await cleared.innerText()).toContain('Cleared your 4.5★ for “Toy Story”.');
      // With the pointer still on it, the stars show the rating gone, not the click's preview.
      expect(await page.getByTestId('movie-rating').locator('.stars-value').innerText()).toBe('');
      await screenshot(page, 'movie-rating-cleared');
      await cleared.getByRole('button', { name: 'Undo' }).click();
      await expectAttribute(slider, 'aria-valuenow', '4.5');
      for (const { query, rating } of ratings.slice(0, 9)) {
        await openFirstSearchResult(query);
        if (query === 'Sound of Music') {
          // With eight ratings, an unrated movie's page says how much Alice would like it.
          const panel = page.getByTestId('movie-for-you');
          await panel.waitFor();
          expect(await panel.getByTestId('match').innerText()).toMatch(/^\d+% match$/);
          expect(await panel.getByTestId('for-you-rank').innerText()).toMatch(
            /^#[\d,]+ of [\d,]+ on your For you list$/,
          );
          // Alice is cool on musicals: far down her list, and no "because" to say otherwise.
          const rank = Number(
            (await panel.getByTestId('for-you-rank').innerText())
              .replace(/^#([\d,]+).*/, '$1')
              .replace(/,/g, ''),
          );
          expect(rank).toBeGreaterThan(200);
          expect(await panel.innerText()).toContain('Your ratings put it far down your list');
          expect(await panel.innerText()).not.toContain('Because you liked');
          await screenshot(page, 'movie-for-you');
        }
        await rateOpenMovie(rating);
      }
      await page.getByTestId('movie-for-you').waitFor({ state: 'detached' });
      // The open page's own rating is marked on its spread.
      expect(ratings[8]).toEqual({ query: 'Sound of Music', rating: 1.5 });
      const mine = page.getByTestId('rating-spread').locator('.spread-bar.mine .label');
      expect(await mine.innerText()).toBe('1½★');
      await screenshot(page, 'movie-rated');
      await expect(ratedCount()).resolves.toBe(10);
      await page.getByTestId('chart-genres').waitFor();
      await screenshot(page, 'taste');
      await page.getByTestId('chart-genres').scrollIntoViewIfNeeded();
      // Beside how many of each genre, what the person thinks of it, out of 5, and what everyone
      // in the release thinks: two bars per genre, and the table says both averages.
      const genreRows = await page.getByTestId('chart-genres').locator('tbody tr').count();
      const averageBars = page
        .getByTestId('chart-genre-averages')
        .locator('.recharts-bar-rectangle');
      await expect.poll(() => averageBars.count()).toBe(2 * genreRows);
      const everyone = await page.getByTestId('genre-everyone').allInnerTexts();
      expect(everyone).toHaveLength(genreRows);
      for (const average of everyone) expect(average).toMatch(/^\d\.\d\d ★$/);
      await screenshot(page, 'taste-genres');
    });

    it('lists the ten ratings and the watchlist, and a cleared rating comes back with undo', async () => {
      expect(await openFirstSearchResult('Heat')).toMatch(/^Heat/);
      await page.getByTestId('movie-mark-watchlist').click();
      await expect
        .poll(() => page.getByTestId('movie-mark-watchlist').innerText())
        .toMatch(/On your watchlist/);
      await page.getByTestId('nav-ratings').click();
      const rows = page.getByTestId('ratings-table').locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(10);
      await screenshot(page, 'my-ratings');
      const cleared = await rows.first().locator('button.link-button').innerText();
      await rows
        .first()
        .getByRole('button', { name: /^Clear your rating/ })
        .click();
      expect(await page.getByTestId('rating-undo').innerText()).toContain(
        `Cleared your rating of ${cleared.replace(/ \(\d{4}\)$/, '')}`,
      );
      await expect.poll(() => rows.count()).toBe(9);
      // The bar holds its message and buttons inside its own box.
      const bar = (await page.getByTestId('rating-undo').boundingBox())!;
      for (const part of [
        page.getByTestId('rating-undo').locator('span').first(),
        page.getByTestId('rating-undo-button'),
      ]) {
        const box = (await part.boundingBox())!;
        expect(box.y).toBeGreaterThan(bar.y);
        expect(box.y + box.height).toBeLessThan(bar.y + bar.height);
      }
      await screenshot(page, 'my-ratings-cleared');
      await page.getByTestId('rating-undo-button').click();
      await expect.poll(() => rows.count()).toBe(10);
      expect(await rows.allInnerTexts()).toEqual(
        expect.arrayContaining([expect.stringContaining(cleared)]),
      );
      const watchlist = page.getByTestId('section-watchlist');
      expect(await watchlist.innerText()).toContain('Heat');
      // How well Heat fits her, as its For you card would say.
      await expect
        .poll(() => watchlist.getByTestId('watchlist-standing').first().innerText())
        .toMatch(/^\d+% match · \d\.\d★$/);
      await watchlist.scrollIntoViewIfNeeded();
      await screenshot(page, 'my-ratings-watchlist');
    });

    it('shows what a film lover expects next to The Matrix', async () => {
      await openFirstSearchResult('Matrix');
      expect(await page.getByTestId('movie-title').innerText()).toMatch(/Matrix/);
      await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('similar-section').scrollIntoViewIfNeeded();
      await screenshot(page, 'similar-the-matrix');
      const similar = await titles('similar');
      // films of its kind, not the catalogue's favourites
      for (const t of ['American Wedding', 'Meet the Fockers', '1408', 'Shawshank', 'Forrest Gump'])
        expect(similar.some((x) => x.includes(t))).toBe(false);
      const kin = /Terminator|Aliens|Die Hard|Blade Runner|Fight Club|Star Wars|Matrix Reloaded/;
      expect(similar.filter((x) => kin.test(x)).length).toBeGreaterThanOrEqual(3);
    });

    it('says when a movie has too few raters for its similar movies to mean much', async () => {
      expect(await openFirstSearchResult('Godfather Trilogy')).toMatch(/Godfather Trilogy/);
      await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
      const note = page.getByTestId('few-raters');
      expect(await note.innerText()).toMatch(/^Only 2 people in the catalogue have rated this/);
      await page.getByTestId('similar-section').scrollIntoViewIfNeeded();
      await screenshot(page, 'similar-few-raters');
      await openFirstSearchResult('Matrix');
      await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('few-raters').count()).toBe(0);
    });

    it('shows "for you" changed, with a reason for every movie', async () => {
      await page.getByTestId('nav-forYou').click();
      await page.getByTestId('foryou-card').first().waitFor({ timeout: 120_000 });
      await page.waitForFunction(
        (before) => {
          const now = [
            ...document.querySelectorAll('[data-testid="foryou"] .movie-title .card-link'),
          ].map((e) => e.textContent);
          return now.length > 0 && now.join('|') !== before.join('|');
        },
        forYouBefore,
        { timeout: 120_000 },
      );
      // Starter picks differ from the list before too (that one left out the movies offered to
      // rate); the personal list is the one after the fine-tune, which reloads it once more.
      await expect
        .poll(() => page.getByTestId('foryou-about').innerText(), { timeout: 120_000 })
        .toBe('Your personal model is up to date.');
      await page.getByTestId('foryou').getByTestId('match').first().waitFor();
      const reasons = await page.getByTestId('foryou').getByTestId('reason').allInnerTexts();
      const cards = await page.getByTestId('foryou-card').count();
      expect(reasons.length).toBe(cards);
      expect(reasons.every((r) => r.trim().length > 0)).toBe(true);
      await expect(page.getByTestId('onboarding').count()).resolves.toBe(0);
      // The list is in the order of the match each card shows.
      const matches = (await page.getByTestId('foryou').getByTestId('match').allInnerTexts()).map(
        (t) => Number.parseInt(t, 10),
      );
      expect(matches.length).toBe(cards);
      for (let k = 1; k < matches.length; k++)
        expect(matches[k - 1]).toBeGreaterThanOrEqual(matches[k]);
      await screenshot(page, 'for-you');
    });

    it('comes back to For you scrolled where it was left, after opening a movie far down', async () => {
      const scrolled = () => page.evaluate(() => document.getElementById('main')!.scrollTop);
      const card = page.getByTestId('foryou-card').nth(10);
      await card.scrollIntoViewIfNeeded();
      const left = await scrolled();
      expect(left).toBeGreaterThan(400);
      await card.locator('.card-link').click();
      await page.getByTestId('back').waitFor();
      expect(await scrolled()).toBe(0); // a movie's page opens at its top
      await page.getByTestId('back').click();
      await page.getByTestId('foryou-card').first().waitFor();
      await expect.poll(scrolled).toBeGreaterThanOrEqual(left - 2);
      expect(await scrolled()).toBeLessThanOrEqual(left + 2);
      // Opened anew from the sidebar, a page starts at its top.
      await page.getByTestId('nav-people').click();
      await page.getByTestId('nav-forYou').click();
      await page.getByTestId('foryou-card').first().waitFor();
      await expect.poll(scrolled).toBe(0);
    });

    it("says on a search result what that movie's For you card says of it", async () => {
      const card = page.getByTestId('foryou-card').first();
      const title = await card.locator('.card-link').innerText();
      const match = await card.getByTestId('match').innerText();
      await page.getByTestId('nav-search').click();
      await page.getByTestId('search-input').fill(title);
      const result = page.getByTestId('search-result').filter({ hasText: title }).first();
      await expect
        .poll(() => result.getByTestId('match').innerText(), { timeout: 30_000 })
        .toBe(match);
      // The Matrix, which Alice rated, shows her stars instead; its sequel, a match.
      await page.getByTestId('search-input').fill('matrix');
      const named = (name: string) =>
        page
          .getByTestId('search-result')
          .filter({ has: page.locator('.card-link', { hasText: new RegExp(`^${name}$`) }) });
      await named('The Matrix Reloaded').getByTestId('match').waitFor({ timeout: 30_000 });
      expect(await named('The Matrix').getByTestId('search-for-you').count()).toBe(0);
      await screenshot(page, 'search-for-you');
      await page.getByTestId('search-input').fill('');
      await page.getByTestId('nav-forYou').click();
      await page.getByTestId('foryou-card').first().waitFor();
    });

    it('narrows For you to the movies viewers tagged as typed, best match first', async () => {
      // The catalogue's tags are offered to complete what is typed.
      await page.getByTestId('foryou-tag').fill('pix');
      await expect
        .poll(() =>
          page
            .getByTestId('foryou-tag-offered')
            .locator('option')
            .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
        )
        .toEqual(['Pixar']);
      await page.getByTestId('foryou-tag').fill('pixar');
      await expect
        .poll(() => page.getByTestId('foryou-tagged').innerText(), { timeout: 30_000 })
        .toBe('Only movies viewers tagged “Pixar”, best match first.');
      const tagged = await page
        .locator('[data-testid="foryou"] .movie-title .card-link')
        .allInnerTexts();
      expect(tagged.length).toBeGreaterThan(0);
      // Toy Story is Alice's own: the others viewers tagged Pixar
      expect(tagged.every((t) => ['Toy Story 2', 'Up', "A Bug's Life"].includes(t))).toBe(true);
      await screenshot(page, 'for-you-tagged');
      await page.getByTestId('foryou-tag').fill('');
      await expect
        .poll(() => page.getByTestId('foryou-tagged').count(), { timeout: 30_000 })
        .toBe(0);
      await expect
        .poll(() => page.getByTestId('foryou-card').count(), { timeout: 30_000 })
        .toBeGreaterThan(3);
    });

    it('hides a recommendation a person does not want, and puts it back with Undo', async () => {
      const cardTitles = () =>
        page.locator('[data-testid="foryou"] .movie-title .card-link').allInnerTexts();
      const before = await cardTitles();
      const last = page.getByTestId('foryou-card').nth(before.length - 1);
      const title = before[before.length - 1];
      await last.getByTestId('card-hide').click();
      await expect.poll(cardTitles).not.toContain(title);
      const notice = page.getByTestId('notices').getByRole('status').filter({ hasText: 'Hidden' });
      expect(await notice.innerText()).toContain(`Hidden “${title}” from your lists.`);
      await screenshot(page, 'for-you-hidden');
      await notice.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(cardTitles, { timeout: 30_000 }).toContain(title);
    });

    it('leaves a movie marked seen out of For you, and offers it to rate in My ratings', async () => {
      const cardTitles = () =>
        page.locator('[data-testid="foryou"] .movie-title .card-link').allInnerTexts();
      const title = (await cardTitles())[1];
      await page.getByTestId('foryou-card').nth(1).locator('.card-link').click();
      await page.getByTestId('movie-title').waitFor();
      await page.getByTestId('movie-mark-seen').click();
      await expect.poll(() => page.getByTestId('movie-mark-seen').innerText()).toBe('Seen it ✓');
      await screenshot(page, 'movie-seen');
      await page.getByTestId('nav-forYou').click();
      await expect.poll(cardTitles, { timeout: 30_000 }).not.toContain(title);
      await page.getByTestId('nav-ratings').click();
      const seen = page.getByTestId('section-seen');
      const notSeen = seen.getByRole('button', { name: `Not seen after all: ${title}` });
      await notSeen.waitFor();
      await seen.scrollIntoViewIfNeeded();
      await screenshot(page, 'my-ratings-seen');
      await notSeen.click();
      await expect.poll(() => seen.count()).toBe(0);
      await page.getByTestId('nav-forYou').click();
      await expect.poll(cardTitles, { timeout: 30_000 }).toContain(title);
      // Or straight from its card, with Undo.
      const first = (await cardTitles())[0];
      await page.getByTestId('foryou-card').first().getByTestId('card-seen').click();
      await expect.poll(cardTitles).not.toContain(first);
      const notice = page
        .getByTestId('notices')
        .getByRole('status')
        .filter({ hasText: `Marked “${first}” seen` });
      expect(await notice.innerText()).toContain(
        `Marked “${first}” seen: your lists leave it out.`,
      );
      await screenshot(page, 'for-you-seen');
      await notice.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(cardTitles, { timeout: 30_000 }).toContain(first);
    });

    it('opens similar movies from a recommendation', async () => {
      await page.getByTestId('foryou-card').first().locator('.card-link').click();
      await page.getByTestId('movie-title').waitFor();
      await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('similar-section').scrollIntoViewIfNeeded();
      await screenshot(page, 'similar-movies');
      expect(await page.getByTestId('similar-card').count()).toBeGreaterThan(0);
      await page.getByTestId('also-loved-card').first().waitFor({ timeout: 60_000 });
      // What this movie's fans loved, not what everyone loves: at most one of the catalogue's
      // three most-rated favourites (the plain count listed all three on every popular page).
      const everyones = ['The Shawshank Redemption', 'Forrest Gump', 'Pulp Fiction'];
      const also = await titles('also-loved');
      expect(also.length).toBeGreaterThanOrEqual(6);
      expect(also.filter((t) => everyones.includes(t)).length).toBeLessThanOrEqual(1);
      expect(await page.getByTestId('also-loved-about').innerText()).toMatch(
        /loved more than most people do comes first/,
      );
      await page.locator('#also-title').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'also-loved');
    });

    it('shows people like you', async () => {
      await page.getByTestId('nav-people').click();
      await page.getByTestId('person-card').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('person-loved').first().waitFor();
      const first = await page.getByTestId('person-card').first().innerText();
      expect(first).toMatch(/Within a star on \d+ of \d+/);
      const match = (await page.getByTestId('person-match').allInnerTexts()).map((t) =>
        Number.parseInt(t.replace(/\D+/g, ''), 10),
      );
      for (let k = 1; k < match.length; k++) expect(match[k - 1]).toBeGreaterThanOrEqual(match[k]);
      expect(first).not.toMatch(/user\s*id/i);
      // Each card's "They also loved" adds films of its own: the first cards repeat none.
      const loved = (await page.getByTestId('person-loved').allInnerTexts()).slice(0, 4);
      const titles = loved.flatMap((list) => list.split('\n').filter((line) => line.trim()));
      expect(titles.length).toBeGreaterThanOrEqual(8);
      expect(new Set(titles).size).toBe(titles.length);
      await screenshot(page, 'people-like-you');
    });

    it('shows the model, its backend and its figures, and fine-tunes with a loss curve', async () => {
      await page.getByTestId('nav-model').click();
      // Plain words first; the backend and the figures are folded away until asked for.
      await page.getByTestId('model-freshness').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('model-freshness').innerText()).toMatch(
        /^Your recommendations .*\b10 ratings\b/,
      );
      // The shipped model fine-tunes a personal part, and says so in words.
      expect(await page.getByTestId('model-personalisation').innerText()).toMatch(
        /^Fine-tunes a personal layer on your ratings/,
      );
      // The shipped model blends in its sequence network, which reads the stars too, and says so.
      expect(await page.getByTestId('model-description').innerText()).toContain(
        'a neural network reads the order you rated in and the stars you gave',
      );
      await screenshot(page, 'model-plain');
      await page.getByTestId('pretrain').click();
      await page.getByTestId('confirm-dialog').waitFor();
      await screenshot(page, 'model-pretrain-confirm');
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Keep it' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
      await page.getByTestId('model-technical').locator('summary').click();
      await page.getByTestId('backend').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('backend').innerText()).toMatch(
        /^(tensorflow-gpu|tensorflow|webgpu|wasm|cpu)$/,
      );
      await screenshot(page, 'model');
      await page.getByTestId('finetune-now').click();
      await page.getByTestId('training').getByTestId('loss-chart').waitFor({ timeout: 120_000 });
      await page.waitForFunction(
        () =>
          !(document.querySelector('[data-testid="finetune-now"]') as HTMLButtonElement).disabled,
        null,
        {
          timeout: 120_000,
        },
      );
      expect(await page.getByTestId('last-finetune').innerText()).toBe('just now');
      // Rating error and the network's next-movie loss are on different scales: a chart each.
      expect(await page.getByTestId('loss-series').locator('figcaption').allInnerTexts()).toEqual([
        'Rating error (MSE) + size penalty',
        'Next-movie loss (network)',
      ]);
      await screenshot(page, 'model-fine-tuned');
    });

    it('reads well in the dark theme', async () => {
      await page.getByTestId('theme-toggle').click(); // system -> light
      await page.getByTestId('theme-toggle').click(); // light -> dark
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.getByTestId('nav-forYou').click();
      await page.getByTestId('foryou-card').first().waitFor();
      await screenshot(page, 'for-you-dark');
      // Similar movies' shared-genre chips have their own dark colours.
      await page.getByTestId('foryou-card').first().locator('.card-link').click();
      await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('similar-section').scrollIntoViewIfNeeded();
      await screenshot(page, 'similar-movies-dark');
      await page.getByTestId('theme-toggle').click(); // dark -> system
    });

    it('goes back and forward through the pages, and the address names each one', async () => {
      await page.getByTestId('nav-forYou').click();
      await page.getByTestId('foryou-card').first().waitFor();
      expect(new URL(page.url()).hash).toBe('#/for-you');
      const title = await page.getByTestId('foryou-card').first().locator('.card-link').innerText();
      await page.getByTestId('foryou-card').first().locator('.card-link').click();
      await page.getByTestId('movie-title').waitFor();
      expect(new URL(page.url()).hash).toMatch(/^#\/movie\/\d+$/);
      const movieAddress = page.url();
      await page.goBack();
      await page.getByTestId('screen-forYou').waitFor();
      expect(new URL(page.url()).hash).toBe('#/for-you');
      await page.goForward();
      await page.getByTestId('movie-title').waitFor();
      expect(await page.getByTestId('movie-title').innerText()).toContain(title);
      expect(page.url()).toBe(movieAddress);
      await page.keyboard.press('Alt+ArrowLeft');
      await page.getByTestId('screen-forYou').waitFor();
      await page.keyboard.press('Alt+ArrowRight');
      await page.getByTestId('screen-movie').waitFor();
      // A reload lands on the same page.
      await page.reload();
      await page.getByTestId('movie-title').waitFor();
      expect(await page.getByTestId('movie-title').innerText()).toContain(title);
    });

    it('holds its layout in an 800×600 window, light and dark', async () => {
      async function expectTidyLayout() {
        const layout = await page.evaluate(() => {
          const title = document.querySelector('[data-testid="app-title"]')!;
          const box = title.getBoundingClientRect();
          const lineHeight = Number.parseFloat(getComputedStyle(title).lineHeight);
          const main = document.getElementById('main')!;
          const topbar = document.querySelector('.topbar')!;
          const size = document.querySelector('[data-testid="catalogue-size"]')!;
          return {
            titleHeight: box.height,
            lineHeight,
            catalogueSizeLines:
              size.getBoundingClientRect().height /
              Number.parseFloat(getComputedStyle(size).lineHeight),
            titleRight: box.right,
            sidebarWidth: document.querySelector('.sidebar')!.getBoundingClientRect().width,
            mainOverflow: main.scrollWidth - main.clientWidth,
            topbarOverflow: topbar.scrollWidth - topbar.clientWidth,
            // flex-end spills a crowded top bar to the left, where scrollWidth does not see it
            topbarSpill:
              topbar.getBoundingClientRect().left -
              Math.min(
                ...[...topbar.children]
                  .filter((c) => c.getBoundingClientRect().width > 0)
                  .map((c) => c.getBoundingClientRect().left),
              ),
            pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
          };
        });
        expect(layout.titleHeight).toBeLessThanOrEqual(1.5 * layout.lineHeight);
        expect(layout.titleRight).toBeLessThanOrEqual(800);
        expect(layout.catalogueSizeLines).toBeLessThan(1.5);
        expect(layout.sidebarWidth).toBeLessThan(100);
        expect(layout.mainOverflow).toBeLessThanOrEqual(0);
        expect(layout.topbarOverflow).toBeLessThanOrEqual(0);
        expect(layout.topbarSpill).toBeLessThanOrEqual(0);
        expect(layout.pageOverflow).toBeLessThanOrEqual(0);
      }
      // At the designed size the title already keeps to one line and the sidebar is whole.
      const wide = await page.getByTestId('app-title').boundingBox();
      expect(wide!.height).toBeLessThanOrEqual(
        1.5 * 19 * 1.25, // its font size times its line height
      );
      expect((await page.locator('.sidebar').boundingBox())!.width).toBeGreaterThan(200);

      await page.setViewportSize({ width: 800, height: 600 });
      try {
        await expectTidyLayout(); // "Theme: system" is the widest the top bar gets
        await page.getByTestId('theme-toggle').click(); // system -> light
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
        for (const theme of ['light', 'dark']) {
          await page.getByTestId('nav-forYou').click();
          await page.getByTestId('foryou-card').first().waitFor();
          await expectTidyLayout();
          await screenshot(page, `for-you-800x600-${theme}`);
          await page.getByTestId('foryou-card').first().locator('.card-link').click();
          await page.getByTestId('similar-card').first().waitFor({ timeout: 60_000 });
          await expectTidyLayout();
          await screenshot(page, `movie-800x600-${theme}`);
          await page.getByTestId('movie-mark-seen').click();
          await expect
            .poll(() => page.getByTestId('movie-mark-seen').innerText())
            .toBe('Seen it ✓');
          // The watchlist's table, with its For you column, still fits.
          await page.getByTestId('nav-ratings').click();
          const watchlist = page.getByTestId('section-watchlist');
          await watchlist.getByTestId('watchlist-standing').first().waitFor({ timeout: 30_000 });
          await watchlist.scrollIntoViewIfNeeded();
          await expectTidyLayout();
          await screenshot(page, `watchlist-800x600-${theme}`);
          // So does the seen films' table, with its stars.
          const seen = page.getByTestId('section-seen');
          await seen.scrollIntoViewIfNeeded();
          await expectTidyLayout();
          await screenshot(page, `seen-800x600-${theme}`);
          await seen.getByRole('button', { name: /^Not seen after all: / }).click();
          await expect.poll(() => seen.count()).toBe(0);
          await page.getByTestId('theme-toggle').click(); // light -> dark, then dark -> system
        }
        // Narrower, as a window snapped to a third of a screen or zoomed to 200%: the brand keeps
        // to its cell and the top bar and the page still fit.
        for (const [width, height] of [
          [640, 480],
          [400, 700],
          [320, 600], // WCAG's reflow width: 1280 px at 400%
        ]) {
          await page.setViewportSize({ width, height });
          await page.getByTestId('nav-forYou').click();
          await page.getByTestId('foryou-card').first().waitFor();
          const narrow = await page.evaluate(() => {
            const topbar = document.querySelector('.topbar')!;
            const main = document.getElementById('main')!;
            const shown = [...topbar.children].filter((c) => c.getBoundingClientRect().width > 0);
            return {
              // flex-end spills a crowded top bar to the left, over the brand, where scrollWidth
              // does not see it
              topbarSpill:
                topbar.getBoundingClientRect().left -
                Math.min(...shown.map((c) => c.getBoundingClientRect().left)),
              brandOverflow:
                document.querySelector('.brand')!.scrollWidth -
                document.querySelector('.brand')!.clientWidth,
              topbarOverflow: topbar.scrollWidth - topbar.clientWidth,
              mainOverflow: main.scrollWidth - main.clientWidth,
              pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
            };
          });
          expect(narrow.topbarSpill).toBeLessThanOrEqual(0);
          expect(narrow.brandOverflow).toBeLessThanOrEqual(0);
          expect(narrow.topbarOverflow).toBeLessThanOrEqual(0);
          expect(narrow.mainOverflow).toBeLessThanOrEqual(0);
          expect(narrow.pageOverflow).toBeLessThanOrEqual(0);
          await screenshot(page, `for-you-${width}x${height}`);
          // Every other page fits too: its buttons go under its title, a table's secondary
          // columns give way (what still does not fit scrolls in its card), a chart shrinks.
          for (const screen of [
            'search',
            'people',
            'together',
            'taste',
            'ratings',
            'model',
            'import',
            'about',
          ]) {
            await page.getByTestId(`nav-${screen}`).click();
            await page.getByTestId(`screen-${screen}`).waitFor();
            if (screen === 'model') {
              // the figures folded away: the evaluation table scrolls in its own box
              const technical = page.getByTestId('model-technical');
              if (!(await technical.evaluate((d) => (d as HTMLDetailsElement).open)))
                await technical.locator('summary').click();
            }
            await page.waitForTimeout(300); // charts and lists laid out
            const fits = await page.evaluate(() => {
              const main = document.getElementById('main')!;
              return {
                main: main.scrollWidth - main.clientWidth,
                page: document.documentElement.scrollWidth - window.innerWidth,
                // nothing reaches below the window either (screen-reader-only text included),
                // or a find-in-page or a focus could scroll the whole window, header and all
                pageBelow: document.documentElement.scrollHeight - window.innerHeight,
              };
            });
            expect(fits, `${screen} at ${width}×${height}`).toEqual({
              main: 0,
              page: 0,
              pageBelow: 0,
            });
          }
          await page.getByTestId('nav-ratings').click();
          await page.getByTestId('section-watchlist').scrollIntoViewIfNeeded();
          await screenshot(page, `my-ratings-${width}x${height}`);
        }
        // Scrolling past the end of a page never drags the header along.
        await page.mouse.move(400, 400);
        await page.mouse.wheel(0, 5000);
        expect((await page.locator('.topbar').boundingBox())!.y).toBe(0);
        expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    it('locks the profile, and a second profile sees none of the first one’s ratings', async () => {
      await page.getByTestId('profile-menu-button').click();
      await page.getByTestId('lock-profile').click();
      const lock = page.getByTestId('lock-profile-dialog');
      await lock.getByLabel('Passphrase', { exact: true }).fill('open sesame');
      await lock.getByLabel('Repeat the passphrase').fill('open sesame');
      await screenshot(page, 'lock-profile');
      await lock.getByRole('button', { name: 'Lock profile' }).click();
      await lock.waitFor({ state: 'detached' });
      await page.getByTestId('profile-menu-button').getByTestId('lock-icon').waitFor();

      await page.getByTestId('profile-menu-button').click();
      await page.getByRole('menuitem', { name: /New profile/ }).click();
      const create = page.getByTestId('create-profile-dialog');
      await create.getByLabel('Name').fill('Bob');
      await create.getByRole('button', { name: 'Create profile' }).click();
      await page.getByTestId('onboarding').waitFor();
      await expect
        .poll(() => page.getByTestId('profile-menu-button').innerText(), { timeout: 30_000 })
        .toContain('Bob');
      await expect(page.getByTestId('onboarding-count').innerText()).resolves.toMatch(/^0 rated/);
      expect(await page.getByTestId('your-rating-badge').count()).toBe(0);
      await screenshot(page, 'second-profile');
      // Bob has seen none of them: other well-known movies, none offered before.
      const onboardingTitles = () =>
        page.getByTestId('onboarding-card').locator('.card-link').allInnerTexts();
      const firstOffer = await onboardingTitles();
      await page.getByTestId('onboarding-other').click();
      await expect
        .poll(async () => (await onboardingTitles()).filter((t) => firstOffer.includes(t)))
        .toEqual([]);
      expect(await onboardingTitles()).toHaveLength(firstOffer.length);
      // The list below recommends none of the movies asked about, and still fills its page.
      const listed = () => page.getByTestId('foryou-card').locator('.card-link').allInnerTexts();
      await expect
        .poll(async () => {
          const asked = await onboardingTitles();
          return (await listed()).filter((t) => asked.includes(t));
        })
        .toEqual([]);
      await expect
        .poll(() => page.getByTestId('foryou-count').innerText())
        .toMatch(/^Showing 24 of /);
      await screenshot(page, 'second-profile-other-movies');

      await openFirstSearchResult('Matrix');
      const slider = page.getByTestId('movie-rating').getByRole('slider');
      expect(await slider.getAttribute('aria-valuetext')).toBe('Not rated');
      await rateOpenMovie(4.5);
      await expect(ratedCount()).resolves.toBe(1);

      // Bob brings his own ratings: a Letterboxd export chosen in the browser goes through the
      // host's upload endpoint; the row that matches no movie and the one without a rating are
      // listed before anything is written.
      const exportFile = path.join(session.workDir, 'letterboxd-ratings.csv');
      writeFileSync(
        exportFile,
        [
          'Date,Name,Year,Letterboxd URI,Rating',
          '2020-01-01,The Matrix,1999,https://boxd.it/a,5',
          '2020-01-02,Toy Story,1995,https://boxd.it/b,4',
          '2020-01-03,A Film That Never Was,2031,https://boxd.it/c,3',
          '2020-01-04,Heat,1995,https://boxd.it/d,',
        ].join('\n'),
      );
      await page.getByTestId('nav-import').click();
      await page.getByRole('button', { name: 'My ratings export' }).click();
      // He first picks the copy he opened in Excel and saved as a workbook: refused, saying
      // what to do instead, and nothing changes.
      const workbookFile = path.join(session.workDir, 'letterboxd-ratings.xlsx');
      writeZip(workbookFile, [
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
      ]);
      await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles(workbookFile);
      const refused = page.getByTestId('error-message');
      await refused.waitFor({ timeout: 60_000 });
      expect(await refused.innerText()).toBe(
        'letterboxd-ratings.xlsx: this is an Excel workbook, not a CSV file: open it in Excel, ' +
          'save it as CSV (File › Save As › CSV UTF-8) and import the CSV file',
      );
      await screenshot(page, 'import-workbook-refused');
      await expect(ratedCount()).resolves.toBe(1);
      await page.getByTestId('nav-import').click();
      await page.getByRole('button', { name: 'My ratings export' }).click();
      await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles(exportFile);
      // Issue 12: a personal export is previewed (counts, conflicts) before anything is written.
      await page.getByTestId('export-preview').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('unmatched-rows').innerText()).toContain(
        'A Film That Never Was',
      );
      expect(await page.getByTestId('skipped-rows').innerText()).toMatch(
        /5\s+the row has no rating/,
      );
      // Bob rated The Matrix today, after the export's 2020 row: newest wins keeps his rating.
      expect(await page.getByTestId('conflict-rows').innerText()).toContain('The Matrix (1999)');
      expect(await page.getByTestId('conflict-stays').allInnerTexts()).toEqual(['Yours']);
      expect(await page.getByTestId('conflict-outcome').innerText()).toBe(
        'Your rating stays as it is.',
      );
      await screenshot(page, 'import-export-preview');
      await page.getByTestId('import-confirm').click();
      const exportSummary = page.getByTestId('export-summary');
      await exportSummary.waitFor({ timeout: 60_000 });
      expect(await exportSummary.innerText()).toMatch(/2\s+Matched/i);
      expect(await page.getByTestId('export-written').innerText()).toBe(
        '1 new rating added; 1 of your ratings kept where the export differs (Newest wins).',
      );
      expect(await page.getByTestId('unmatched-rows').innerText()).toContain(
        'A Film That Never Was',
      );
      await screenshot(page, 'import-export-summary');
      // An unmatched row can be looked up by hand.
      await page.getByRole('button', { name: 'Search for A Film That Never Was' }).click();
      await page.getByTestId('screen-search').waitFor();
      expect(await page.getByTestId('search-input').inputValue()).toBe('A Film That Never Was');
      await expect(ratedCount()).resolves.toBe(2);

      // His Letterboxd export zip brings his watchlist; a movie he rated stays off it, and the
      // files no import reads (his likes, his diary) are named.
      const watchlistFile = path.join(session.workDir, 'letterboxd-bob.zip');
      writeZip(watchlistFile, [
        { name: 'ratings.csv', data: 'Date,Name,Year,Letterboxd URI,Rating\n' },
        {
          name: 'watchlist.csv',
          data: [
            'Date,Name,Year,Letterboxd URI',
            '2020-02-01,Heat,1995,https://boxd.it/e',
            '2020-02-02,Toy Story,1995,https://boxd.it/b',
          ].join('\n'),
        },
        { name: 'likes/films.csv', data: 'Date,Name,Year,Letterboxd URI\n' },
        { name: 'diary.csv', data: 'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags\n' },
      ]);
      await page.getByTestId('nav-import').click();
      await page.getByRole('button', { name: 'My ratings export' }).click();
      await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles(watchlistFile);
      await page.getByTestId('export-preview').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('export-watchlist').innerText()).toBe(
        'Your watchlist: 1 movie will be put on it; 1 you rated, so left off.',
      );
      expect(await page.getByTestId('export-not-read').innerText()).toBe(
        'Not read: diary.csv and likes/films.csv (Movie Assistant reads only the ratings, the watchlist and the watched list).',
      );
      await screenshot(page, 'import-watchlist-preview');
      await page.getByTestId('import-confirm').click();
      await page.getByTestId('export-summary').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('export-summary').locator('h2').innerText()).toBe(
        'Imported your Letterboxd watchlist',
      );
      await screenshot(page, 'import-watchlist-summary');
      await expect(ratedCount()).resolves.toBe(2);
      // Heat's page knows at once that it is on his watchlist now.
      await openFirstSearchResult('Heat');
      await expect
        .poll(() => page.getByTestId('movie-mark-watchlist').innerText())
        .toBe('On your watchlist ✓');
      // Later, from the import screen's list of his imports, he undoes the watchlist's.
      await page.getByTestId('nav-import').click();
      await page.getByRole('button', { name: 'My ratings export' }).click();
      const history = page.getByTestId('import-history-row');
      await expect.poll(() => history.count(), { timeout: 30_000 }).toBe(2);
      expect(await history.allInnerTexts()).toEqual([
        expect.stringMatching(
          /Letterboxd, letterboxd-bob\.zip\s+1 movie put on the watchlist\s+Undo/,
        ),
        expect.stringMatching(/Letterboxd, letterboxd-ratings\.csv\s+1 rating\s+Undo/),
      ]);
      await page.getByTestId('import-history').scrollIntoViewIfNeeded();
      await screenshot(page, 'import-history');
      await history
        .first()
        .getByRole('button', { name: /^Undo the import of / })
        .click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Undo import' }).click();
      await expect.poll(() => history.first().innerText()).toMatch(/Undone /);
      await openFirstSearchResult('Heat');
      await expect
        .poll(() => page.getByTestId('movie-mark-watchlist').innerText())
        .toBe('Add to watchlist');

      // His Letterboxd diary of films watched: those he did not rate are marked seen.
      const watchedFile = path.join(session.workDir, 'watched.csv');
      writeFileSync(
        watchedFile,
        [
          'Date,Name,Year,Letterboxd URI',
          '2019-05-01,Jumanji,1995,https://boxd.it/f',
          '2019-05-02,Toy Story,1995,https://boxd.it/b',
        ].join('\n'),
      );
      await page.getByTestId('nav-import').click();
      await page.getByRole('button', { name: 'My ratings export' }).click();
      await page.getByTestId('dropzone').locator('input[type=file]').setInputFiles(watchedFile);
      await page.getByTestId('export-preview').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('export-seen').innerText()).toBe(
        'To be marked seen: 1 movie you watched but did not rate. Your lists will leave it out; ' +
          'rate it to teach your model. Left as they are: 1 you rated.',
      );
      await page.getByTestId('import-confirm').click();
      await page.getByTestId('export-summary').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-see-marks').innerText()).toBe(
        'Rate the films you have seen',
      );
      await screenshot(page, 'import-watched-summary');
      await openFirstSearchResult('Jumanji');
      await expect.poll(() => page.getByTestId('movie-mark-seen').innerText()).toBe('Seen it ✓');

      await page.getByTestId('profile-menu-button').click();
      await page.getByTestId('switch-profile-Alice').click();
      const unlock = page.getByTestId('unlock-dialog');
      await unlock.waitFor();
      await unlock.getByLabel('Passphrase').fill('wrong guess');
      await unlock.getByRole('button', { name: 'Unlock' }).click();
      await unlock.getByRole('alert').waitFor();
      await screenshot(page, 'unlock-wrong-passphrase');
      await unlock.getByLabel('Passphrase').fill('open sesame');
      await unlock.getByRole('button', { name: 'Unlock' }).click();
      await unlock.waitFor({ state: 'detached' });
      expect(await page.getByTestId('profile-menu-button').innerText()).toContain('Alice');
      await expect(ratedCount()).resolves.toBe(10);

      await page.getByTestId('profile-menu-button').click();
      await page.getByRole('menuitem', { name: 'All profiles' }).click();
      await page.getByTestId('screen-profiles').waitFor();
      expect(await page.getByTestId('profile-card').count()).toBe(2);
      await screenshot(page, 'profiles');
      // Deleting asks first, and cancelling keeps the profile.
      // Bob's two ratings came from his import, not one by one: his card counts them all.
      const bob = page.getByTestId('profile-card').filter({ hasText: 'Bob' });
      expect(await bob.innerText()).toContain('2 ratings');
      await bob.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog');
      expect(await confirm.innerText()).toContain('This deletes Bob’s 2 ratings');
      await screenshot(page, 'delete-profile-confirm');
      await confirm.getByRole('button', { name: 'Keep it' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect(await page.getByTestId('profile-card').count()).toBe(2);

      // A backup on demand says where it went and its size, and the folder line where they all are.
      await page.getByRole('button', { name: 'Back up now' }).click();
      await expect
        .poll(() => page.getByTestId('backup').innerText(), { timeout: 60_000 })
        .toMatch(
          /Saved every profile's data to .*backups.catalogue-\d{8}-\d{6}-\d{3}\.backup \([\d.]+ [KM]B\)/,
        );
      await expect
        .poll(() => page.getByTestId('backups-folder').innerText())
        .toMatch(
          /in .*backups: \d+ backups? there now, [\d.]+ [KM]B in all\. Newest: Today, .*Restore one with movie-assistant restore FILE\./,
        );
      await screenshot(page, 'profiles-backed-up');
    });

    it('finds one list for Alice and Bob watching together', async () => {
      await page.getByTestId('nav-together').click();
      await page.getByTestId('screen-together').waitFor();
      const members = page.getByTestId('together-members');
      await members.getByLabel('Alice').check();
      await members.getByLabel('Bob').check();
      await page.getByTestId('together-find').click();
      await page.getByTestId('together-card').first().waitFor({ timeout: 60_000 });
      const cards = await page.getByTestId('together-card').count();
      expect(cards).toBeGreaterThan(4);
      // Every card shows both members' predicted stars, and says nothing of their ratings.
      const stars = await page
        .getByTestId('together-card')
        .first()
        .getByTestId('together-star')
        .allInnerTexts();
      expect(stars.map((s) => s.split(':')[0].trim()).sort()).toEqual(['Alice', 'Bob']);
      // each member's own match with the stars, and a note that the order follows the matches
      for (const s of stars) expect(s).toMatch(/: \d+% match · \d\.\d★$/);
      await page.getByTestId('together-order-note').waitFor();
      const reasons = await page.getByTestId('together-reason').allInnerTexts();
      expect(reasons.some((r) => /you (liked|rated)/i.test(r))).toBe(false);
      await screenshot(page, 'watch-together');

      // A tag narrows the list shown, asked again once the typing pauses.
      await page.getByTestId('together-tag').fill('time travel');
      await page.getByTestId('together-tagged').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('together-tagged').innerText()).toMatch(
        /^Only movies viewers tagged “time travel”/i,
      );
      expect(await page.getByTestId('together-card').count()).toBeGreaterThan(0);
      await screenshot(page, 'watch-together-tagged');

      // A movie opened from the list, and Back: the group, its tag and its list are still there.
      const titles = await page.getByTestId('together-card').locator('.card-link').allInnerTexts();
      await page.getByTestId('together-card').first().locator('.card-link').click();
      await page.getByTestId('back').click();
      await page.getByTestId('screen-together').waitFor();
      expect(await page.getByTestId('together-tag').inputValue()).toBe('time travel');
      expect(await page.getByTestId('together-card').locator('.card-link').allInnerTexts()).toEqual(
        titles,
      );
    });

    it('offers to take a movie off the watchlist once it is rated, and only then', async () => {
      await openFirstSearchResult('Heat');
      expect(await page.getByTestId('movie-mark-watchlist').innerText()).toBe(
        'On your watchlist ✓',
      );
      expect(await page.getByTestId('watchlist-seen-hint').count()).toBe(0);
      await rateOpenMovie(4);
      await page.getByTestId('watchlist-seen-hint').waitFor();
      await screenshot(page, 'movie-rated-on-watchlist');
      await page.getByRole('button', { name: 'Take it off your watchlist' }).click();
      await expect
        .poll(() => page.getByTestId('movie-mark-watchlist').innerText())
        .toBe('Add to watchlist');
    });

    it('passes the accessibility checks of axe-core on every page, light and dark', async () => {
      const problems: string[] = [];
      const visit = async (where: string, ready: string) => {
        await page.getByTestId(ready).first().waitFor({ timeout: 60_000 });
        problems.push(...(await accessibilityProblems(page, where)));
      };
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        await page.getByTestId('nav-forYou').click();
        await visit(`for-you, ${theme}`, 'foryou-card');
        await page.getByTestId('nav-search').click();
        await page.getByTestId('search-input').fill('star wars');
        await page
          .locator('[data-query="star wars"] [data-testid="search-result"]')
          .first()
          .waitFor();
        await page.getByTestId('search-input').press('ArrowDown');
        await visit(`search, ${theme}`, 'search-result');
        await page.getByTestId('search-input').press('Enter');
        await visit(`movie, ${theme}`, 'movie-title');
        for (const [screen, ready] of [
          ['people', 'person-loved'],
          ['together', 'screen-together'],
          ['taste', 'chart-genres'],
          ['ratings', 'screen-ratings'],
          ['model', 'screen-model'],
          ['import', 'screen-import'],
          ['about', 'screen-about'],
        ]) {
          await page.getByTestId(`nav-${screen}`).click();
          await visit(`${screen}, ${theme}`, ready);
        }
        await page.getByTestId('profile-menu-button').click();
        await visit(`profile menu, ${theme}`, 'profile-menu-button');
        await page.getByRole('menuitem', { name: 'All profiles' }).click();
        await visit(`profiles, ${theme}`, 'profile-card');
        await page.getByTestId('nav-forYou').click();
      }
      await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
      expect(problems).toEqual([]);
    });

    it('raised no uncaught errors in the page', () => {
      expect(session.pageErrors).toEqual([]);
    });
  },
);
