import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../../shared/api';
import type { ExportImportSummary, ImportSummary, ReleaseSummary } from '../../shared/domain';
import { ImportScreen } from '../../renderer/src/screens/ImportScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { attachJobEvents } from '../../renderer/src/stores/jobs';
import { useImporter } from '../../renderer/src/stores/importer';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useNotices } from '../../renderer/src/stores/notices';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useSearch } from '../../renderer/src/stores/search';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

const summary: ImportSummary = {
  format: 'MovieLens ml-latest-small',
  source: '/data/ml-latest-small',
  movies: 9742,
  ratings: 100836,
  users: 610,
  tags: 3683,
  links: 9742,
  seconds: 3.8,
  profileRatings: { relinked: 0, unmatched: 0 },
};

/** A Letterboxd export's summary: 3 rows, one unmatched, The Matrix rated differently. */
function exportSummary(overrides: Partial<ExportImportSummary>): ExportImportSummary {
  return {
    format: 'letterboxd',
    source: '/data/ratings.csv',
    rows: 3,
    matched: 2,
    unmatched: [{ line: 3, title: 'A Film Nobody Has', year: 2031, rating: 4 }],
    skipped: [],
    seconds: 0.1,
    dryRun: false,
    conflictPolicy: 'newest-wins',
    counts: { new: 1, same: 0, conflicting: 1, conflictingNewer: 0, unmatched: 1, skipped: 0 },
    conflicts: [
      {
        movieId: 2571,
        title: 'The Matrix',
        year: 1999,
        mine: 5,
        mineAt: Date.UTC(2026, 0, 2),
        theirs: 4,
        theirsAt: Date.UTC(2023, 4, 6),
      },
    ],
    written: 1,
    importId: null,
    notRead: [],
    ...overrides,
  };
}

describe('the import screen', () => {
  beforeEach(resetStores);

  it('shows progress from job events, then the summary', async () => {
    const api = useFakeApi(fakeWorld());
    let finish!: () => void;
    api.handle('catalogue.import', async ({ jobId }) => {
      api.emit('job.progress', {
        jobId,
        kind: 'import',
        phase: 'ratings',
        current: 2_500_000,
        total: 5_000_000,
        unit: 'bytes',
        rows: 5000,
        bytes: 2_500_000,
        etaSeconds: 3,
      });
      await new Promise<void>((resolve) => (finish = resolve));
      return summary;
    });
    const off = attachJobEvents();
    render(<ImportScreen />);
    fireEvent.change(screen.getByTestId('import-path'), {
      target: { value: '/data/ml-latest-small' },
    });
    fireEvent.click(screen.getByTestId('import-start'));
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByTestId('progress-import').textContent).toMatch(
      /5,000 rows.*2\.4 MB of 4\.8 MB read.*about 3 s left/,
    );
    await act(async () => finish());
    const done = await screen.findByTestId('import-summary');
    expect(done.textContent).toMatch(/9,742\s*Movies/);
    expect(done.textContent).toMatch(/100,836\s*Ratings/);
    expect(screen.queryByTestId('import-profile-ratings')).toBeNull();
    expect(screen.queryByTestId('import-left-out')).toBeNull();
    expect(api.callsTo('catalogue.import')[0]).toMatchObject({ source: '/data/ml-latest-small' });
    off();
  });

  it('says what a switch of releases did to the profiles’ ratings', async () => {
    const api = useFakeApi(fakeWorld());
    api.handle('catalogue.import', () => ({
      ...summary,
      profileRatings: { relinked: 3, unmatched: 1 },
    }));
    render(<ImportScreen />);
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ml-latest' } });
    fireEvent.click(screen.getByTestId('import-start'));
    const note = await screen.findByTestId('import-profile-ratings');
    expect(note.textContent).toMatch(/3 ratings moved to this release’s entry for the same film/);
    expect(note.textContent).toMatch(/1 rating of movies it does not have kept/);
  });

  it('says how many tags and links of movies the release does not list it left out', async () => {
    const api = useFakeApi(fakeWorld());
    api.handle('catalogue.import', () => ({ ...summary, leftOut: { tags: 12, links: 1 } }));
    render(<ImportScreen />);
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ml-latest' } });
    fireEvent.click(screen.getByTestId('import-start'));
    expect((await screen.findByTestId('import-left-out')).textContent).toBe(
      "12 tags and 1 link of movies the release's movie list does not have were left out.",
    );
  });

  it('cancels through jobs.cancel and says nothing changed', async () => {
    const api = useFakeApi(fakeWorld());
    let fail!: (e: Error) => void;
    api.handle('catalogue.import', () => new Promise((_, reject) => (fail = reject)));
    api.handle('jobs.cancel', () => {
      fail(new ApiError('cancelled', 'Cancelled'));
      return { cancelled: true };
    });
    render(<ImportScreen />);
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/x.zip' } });
    fireEvent.click(screen.getByTestId('import-start'));
    fireEvent.click(await screen.findByTestId('cancel-job'));
    await screen.findByText('Import cancelled. Nothing was changed.');
    expect(api.callsTo('jobs.cancel')).toHaveLength(1);
  });

  it('asks for a release folder or zip, and for an export file once that tab is chosen', () => {
    useFakeApi(fakeWorld());
    render(<ImportScreen />);
    const path = () => screen.getByTestId('import-path');
    expect(path().getAttribute('placeholder')).toContain('ml-latest-small');
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    expect(path().getAttribute('placeholder')).toMatch(/export\.zip$/);
    expect(screen.getByText(/path of the export \(\.csv or \.zip\)/)).toBeTruthy();
  });

  it('lists the rows that will not come in before importing, and looks one up in search', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    api.handle('catalogue.importExport', ({ dryRun }) =>
      exportSummary({
        dryRun: dryRun ?? false,
        skipped: [{ file: 'ratings.csv', line: 4, reason: 'the row has no rating' }],
        counts: {
          new: 1,
          same: 0,
          conflicting: 1,
          conflictingNewer: 0,
          unmatched: 1,
          skipped: 1,
        },
      }),
    );
    useSearch.getState().setFilters({ genre: 'Comedy', yearFrom: 1990 });
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ratings.csv' } });
    fireEvent.click(screen.getByTestId('import-start'));

    const preview = await screen.findByTestId('export-preview');
    expect(preview.textContent).toContain(
      '1 row matches no movie in the catalogue and will not be imported',
    );
    expect(screen.getByTestId('unmatched-rows').textContent).toMatch(/3A Film Nobody Has20314/);
    expect(preview.textContent).toContain('1 row will be skipped');
    expect(screen.getByTestId('skipped-rows').textContent).toContain('4the row has no rating');

    fireEvent.click(screen.getByRole('button', { name: 'Search for A Film Nobody Has' }));
    expect(useNavigation.getState().screen).toBe('search');
    expect(useSearch.getState()).toMatchObject({
      query: 'A Film Nobody Has',
      genre: '',
      yearFrom: null,
      yearTo: null,
    });
  });

  it('lists the rows of a personal export that matched no movie', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    api.handle('catalogue.importExport', ({ dryRun }) =>
      exportSummary({
        dryRun: dryRun ?? false,
        importId: dryRun ? null : 7,
        unmatched: [
          { line: 3, title: 'A Film Nobody Has', year: 2031, rating: 4 },
          { line: 5, title: 'Some Show', year: 2015, rating: 3, kind: 'TV series' },
        ],
      }),
    );
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ratings.csv' } });
    fireEvent.click(screen.getByTestId('import-start'));
    fireEvent.click(await screen.findByTestId('import-confirm'));
    await screen.findByTestId('export-summary');
    const table = screen.getByTestId('unmatched-rows');
    expect(table.textContent).toContain('A Film Nobody Has');
    // what the export says a title is, when it is no film
    expect(table.textContent).toContain('Some Show (TV series)');
    expect(screen.getByTestId('unmatched-details').textContent).toContain(
      '2 rows matched no movie in the catalogue and were not imported',
    );
    expect(screen.queryByTestId('skipped-rows')).toBeNull();
    expect(screen.getByTestId('export-summary').textContent).toMatch(/2\s*Matched/);
    // Rows without a rating are counted apart (skipped), so the first figure says "rated".
    expect(screen.getByTestId('export-summary').textContent).toMatch(/3\s*Rows rated/);
    await waitFor(() =>
      expect(api.callsTo('catalogue.importExport')[0]).toMatchObject({ format: 'auto' }),
    );
  });

  it('previews a personal export, asks whose rating wins a conflict, and undoes the import', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    const profileId = useProfiles.getState().profiles[0].id;
    await useProfiles.getState().select(profileId);
    api.handle('catalogue.importExport', ({ dryRun, conflicts }) =>
      exportSummary({
        dryRun: dryRun ?? false,
        conflictPolicy: conflicts ?? 'newest-wins',
        written: dryRun ? 0 : 2,
        importId: dryRun ? null : 42,
      }),
    );
    api.handle('catalogue.undoImport', ({ importId }) => ({
      importId,
      restored: 2,
      changedSince: 0,
      watchlistRemoved: 0,
      seenRemoved: 0,
    }));
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ratings.csv' } });
    fireEvent.click(screen.getByTestId('import-start'));

    await screen.findByTestId('export-preview');
    expect(screen.getByTestId('preview-new').textContent).toMatch(/1\s*New/);
    expect(screen.getByTestId('preview-conflicting').textContent).toMatch(/1\s*Conflicting/);
    expect(screen.getByTestId('preview-unmatched').textContent).toMatch(/1\s*Unmatched/);
    expect(screen.getByTestId('conflict-rows').textContent).toContain('The Matrix (1999)');
    expect((screen.getByRole('radio', { name: /Newest wins/ }) as HTMLInputElement).checked).toBe(
      true,
    );
    // Only the preview ran: nothing was written yet.
    expect(api.callsTo('catalogue.importExport')).toEqual([
      expect.objectContaining({ dryRun: true }),
    ]);
    expect(screen.queryByTestId('export-summary')).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: /Keep mine/ }));
    fireEvent.click(screen.getByTestId('import-confirm'));
    await screen.findByTestId('export-summary');
    expect(api.callsTo('catalogue.importExport')[1]).toMatchObject({
      profileId,
      source: '/data/ratings.csv',
      conflicts: 'keep-mine',
    });
    expect(api.callsTo('catalogue.importExport')[1]).not.toHaveProperty('dryRun', true);
    expect(screen.getByTestId('export-written').textContent).toBe(
      '1 new rating added; 1 of your ratings kept where the export differs (Keep mine).',
    );

    fireEvent.click(screen.getByTestId('import-undo'));
    expect((await screen.findByTestId('import-undone')).textContent).toMatch(/2 ratings put back/);
    expect(api.callsTo('catalogue.undoImport')).toEqual([{ profileId, importId: 42 }]);
    expect(screen.queryByTestId('import-undo')).toBeNull();
  });

  it("brings a watchlist alone onto the profile's watchlist, says what stayed, and undoes it", async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const watchlist = {
      file: 'WATCHLIST.csv',
      rows: 5,
      added: 2,
      alreadyOn: 1,
      notInterested: 1,
      alreadySeen: 0,
      rated: 0,
      unmatched: [{ line: 6, title: 'Some Show', year: 2015, rating: null, kind: 'TV series' }],
    };
    api.handle('catalogue.importExport', ({ dryRun }) =>
      exportSummary({
        format: 'imdb',
        source: '/data/WATCHLIST.csv',
        rows: 0,
        matched: 0,
        unmatched: [],
        counts: { new: 0, same: 0, conflicting: 0, conflictingNewer: 0, unmatched: 0, skipped: 0 },
        conflicts: [],
        written: 0,
        dryRun: dryRun ?? false,
        importId: dryRun ? null : 43,
        watchlist,
      }),
    );
    api.handle('catalogue.undoImport', ({ importId }) => ({
      importId,
      restored: 0,
      changedSince: 0,
      watchlistRemoved: 2,
      seenRemoved: 0,
    }));
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), {
      target: { value: '/data/WATCHLIST.csv' },
    });
    fireEvent.click(screen.getByTestId('import-start'));

    const preview = await screen.findByTestId('export-preview');
    expect(preview.querySelector('h2')!.textContent).toBe('Before importing your IMDb watchlist');
    // No rating in the file: no rating figures, only what the watchlist gets.
    expect(screen.queryByTestId('preview-new')).toBeNull();
    expect(screen.getByTestId('preview-watchlist').textContent).toMatch(/2\s*For your watchlist/);
    expect(screen.getByTestId('export-watchlist').textContent).toBe(
      'Your watchlist: 2 movies will be put on it; 1 on it already, ' +
        '1 you marked not interested, which stay so.',
    );
    expect(screen.getByTestId('watchlist-unmatched-details').textContent).toMatch(
      /^1 watchlist row matches no movie.*Some Show \(TV series\)2015Search$/,
    );

    const marksLoads = api.callsTo('marks.list').length;
    fireEvent.click(screen.getByTestId('import-confirm'));
    const summary = await screen.findByTestId('export-summary');
    expect(summary.querySelector('h2')!.textContent).toBe('Imported your IMDb watchlist');
    // The watchlist is read again, so every card and page shows what came in.
    await waitFor(() => expect(api.callsTo('marks.list').length).toBeGreaterThan(marksLoads));
    expect(summary.textContent).not.toMatch(/Rows rated/);
    expect(screen.getByTestId('export-watchlist-added').textContent).toMatch(
      /2\s*Put on your watchlist/,
    );
    fireEvent.click(screen.getByTestId('import-undo'));
    expect((await screen.findByTestId('import-undone')).textContent).toBe(
      'Undone: 2 movies taken off your watchlist.',
    );
    // From the summary straight to the watchlist.
    const see = screen.getByTestId('import-see-marks');
    expect(see.textContent).toBe('See your watchlist');
    fireEvent.click(see);
    expect(useNavigation.getState().screen).toBe('ratings');
  });

  it('says which watched movies a Letterboxd export marks seen, and undoes the marks', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const list = { alreadyOn: 0, notInterested: 0, alreadySeen: 0, rated: 0, unmatched: [] };
    api.handle('catalogue.importExport', ({ dryRun }) =>
      exportSummary({
        source: '/data/letterboxd-export.zip',
        dryRun: dryRun ?? false,
        importId: dryRun ? null : 44,
        notRead: ['diary.csv', 'likes/films.csv', 'reviews.csv'],
        watchlist: { ...list, file: 'watchlist.csv', rows: 1, added: 1 },
        seen: {
          ...list,
          file: 'watched.csv',
          rows: 420,
          added: 312,
          rated: 100,
          alreadyOn: 5,
          notInterested: 2,
          unmatched: [{ line: 9, title: 'No Such Film', year: 2031, rating: null }],
        },
      }),
    );
    api.handle('catalogue.undoImport', ({ importId }) => ({
      importId,
      restored: 1,
      changedSince: 0,
      watchlistRemoved: 1,
      seenRemoved: 312,
    }));
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), {
      target: { value: '/data/letterboxd-export.zip' },
    });
    fireEvent.click(screen.getByTestId('import-start'));

    const preview = await screen.findByTestId('export-preview');
    expect(preview.querySelector('h2')!.textContent).toBe(
      'Before importing your Letterboxd ratings, watchlist and watched list',
    );
    expect(screen.getByTestId('preview-seen').textContent).toMatch(/312\s*To mark seen/);
    expect(screen.getByTestId('export-seen').textContent).toBe(
      'To be marked seen: 312 movies you watched but did not rate. Your lists will leave them ' +
        'out; rate them to teach your model. Left as they are: 100 you rated, 5 on your ' +
        'watchlist, 2 you marked not interested.',
    );
    expect(screen.getByTestId('seen-unmatched-details').textContent).toMatch(
      /^1 watched row matches no movie.*No Such Film2031Search$/,
    );
    const notRead =
      'Not read: diary.csv, likes/films.csv and reviews.csv (Movie Assistant reads only ' +
      'the ratings, the watchlist and the watched list).';
    expect(screen.getByTestId('export-not-read').textContent).toBe(notRead);

    fireEvent.click(screen.getByTestId('import-confirm'));
    const summary = await screen.findByTestId('export-summary');
    expect(summary.querySelector('h2')!.textContent).toBe(
      'Imported your Letterboxd ratings, watchlist and watched list',
    );
    expect(screen.getByTestId('export-seen-added').textContent).toMatch(/312\s*Marked seen/);
    expect(screen.getByTestId('export-seen').textContent).toMatch(
      /^Marked seen: 312 movies you watched but did not rate\. Your lists leave them out; rate them to teach your model\./,
    );
    expect(screen.getByTestId('import-see-marks').textContent).toBe(
      'See your watchlist and seen films',
    );
    expect(screen.getByTestId('export-not-read').textContent).toBe(notRead);
    fireEvent.click(screen.getByTestId('import-undo'));
    expect((await screen.findByTestId('import-undone')).textContent).toBe(
      'Undone: 1 rating put back as they were; 1 movie taken off your watchlist; ' +
        '312 movies no longer marked seen.',
    );
  });

  it('shows one profile’s import summary and notices to that profile only', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }, { name: 'Bob' }] }));
    await useProfiles.getState().load();
    const [alice, bob] = useProfiles.getState().profiles;
    await useProfiles.getState().select(bob.id);
    act(() =>
      useImporter.setState({ kind: 'export', exportSummary: exportSummary({ importId: 5 }) }),
    );
    render(<ImportScreen />);
    expect(screen.getByTestId('export-summary')).toBeTruthy();
    act(() => useNotices.getState().push('info', 'Undone: 1 movie taken off your watchlist.'));
    await act(() => useProfiles.getState().select(alice.id));
    expect(screen.queryByTestId('export-summary')).toBeNull();
    expect(screen.queryByTestId('import-undo')).toBeNull();
    // Nor do Bob's notices stay in the corner of Alice's screens.
    expect(useNotices.getState().notices).toEqual([]);
  });

  it('lists the profile’s recent imports, and undoes one after asking', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    const profileId = useProfiles.getState().profiles[0].id;
    await useProfiles.getState().select(profileId);
    let undoneAt: number | null = null;
    api.handle('catalogue.importHistory', () => [
      {
        importId: 7,
        format: 'letterboxd',
        source: '/home/me/Downloads/letterboxd-export.zip',
        importedAt: Date.now() - 3_600_000,
        conflictPolicy: 'newest-wins',
        written: 120,
        watchlisted: 35,
        markedSeen: 312,
        undoneAt,
      },
      {
        importId: 6,
        format: 'imdb',
        source: '/home/me/ratings.csv',
        importedAt: Date.UTC(2026, 0, 5),
        conflictPolicy: 'newest-wins',
        written: 3,
        watchlisted: 0,
        markedSeen: 0,
        undoneAt: Date.UTC(2026, 0, 6),
      },
    ]);
    api.handle('catalogue.undoImport', ({ importId }) => {
      undoneAt = Date.now();
      return { importId, restored: 118, changedSince: 2, watchlistRemoved: 35, seenRemoved: 312 };
    });
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    const rows = await screen.findAllByTestId('import-history-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(
        /Letterboxd, letterboxd-export\.zip120 ratings, 35 movies put on the watchlist, 312 movies marked seenUndo$/,
      ),
      expect.stringMatching(/IMDb, ratings\.csv3 ratingsUndone /),
    ]);
    fireEvent.click(within(rows[0]).getByRole('button', { name: /^Undo the import of / }));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toMatch(
      /wrote 120 ratings, 35 movies put on the watchlist, 312 movies marked seen\./,
    );
    const ratingsLoads = api.callsTo('ratings.list').length;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Undo import' }));
    await waitFor(() =>
      expect(api.callsTo('catalogue.undoImport')).toEqual([{ profileId, importId: 7 }]),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('import-history-row')[0].textContent).toMatch(/Undone /),
    );
    expect(useNotices.getState().notices.map((n) => n.text)).toContain(
      'Undone: 118 ratings put back as they were; 35 movies taken off your watchlist; ' +
        '312 movies no longer marked seen; 2 ratings changed since the import stayed.',
    );
    await waitFor(() => expect(api.callsTo('ratings.list').length).toBeGreaterThan(ratingsLoads));
  });

  it('says, movie by movie, whose rating each conflict policy keeps', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const matrix = exportSummary({}).conflicts[0];
    // Alien: the export's rating is newer than the profile's, so newest wins takes it.
    const alien = {
      ...matrix,
      movieId: 1214,
      title: 'Alien',
      year: 1979,
      mineAt: Date.UTC(2020, 0, 1),
      theirsAt: Date.UTC(2024, 0, 1),
    };
    // Toy Story: the export gives no date, so newest wins keeps the profile's.
    const toyStory = { ...alien, movieId: 1, title: 'Toy Story', year: 1995, theirsAt: null };
    api.handle('catalogue.importExport', ({ dryRun }) =>
      exportSummary({
        dryRun: dryRun ?? false,
        counts: { new: 0, same: 0, conflicting: 3, conflictingNewer: 1, unmatched: 1, skipped: 0 },
        conflicts: [matrix, alien, toyStory],
      }),
    );
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ratings.csv' } });
    fireEvent.click(screen.getByTestId('import-start'));
    await screen.findByTestId('export-preview');

    const outcome = () => screen.getByTestId('conflict-outcome').textContent;
    const stays = () => screen.getAllByTestId('conflict-stays').map((cell) => cell.textContent);
    expect(outcome()).toBe('1 of your 3 ratings will be replaced; 2 stay as they are.');
    expect(stays()).toEqual(['Yours', 'The export’s', 'Yours']);
    expect(screen.getByText('Toy Story (1995)').closest('tr')!.textContent).toContain('(undated)');
    fireEvent.click(screen.getByRole('radio', { name: /Take theirs/ }));
    expect(outcome()).toMatch(/^All 3 of your ratings will be replaced\./);
    expect(stays()).toEqual(['The export’s', 'The export’s', 'The export’s']);
    fireEvent.click(screen.getByRole('radio', { name: /Keep mine/ }));
    expect(outcome()).toMatch(/^All 3 of your ratings stay as they are\./);
    expect(stays()).toEqual(['Yours', 'Yours', 'Yours']);
  });

  it('lists the releases, the one in use labelled, and switches to another one', async () => {
    const api = useFakeApi(fakeWorld());
    const releases: ReleaseSummary[] = [
      { id: 1, format: 'ml-latest-small', ratings: 100_836, users: 610, movies: 9742 },
      { id: 2, format: 'ml-25m', ratings: 25_000_095, users: 162_541, movies: 62_423 },
    ].map((r) => ({
      ...r,
      source: `/data/${r.format}`,
      starter: false,
      importedAt: 0,
      active: r.id === 2,
    }));
    api.handle('app.info', () => ({
      version: '0.1.0',
      dbPath: '/tmp/fake.db',
      backend: null,
      damage: null,
      catalogue: { movies: 62_423, ratings: 25_100_931, users: 163_151, releases },
    }));
    api.handle('catalogue.setActiveRelease', ({ releaseId }) => {
      for (const r of releases) r.active = r.id === releaseId;
      const chosen = releases.find((r) => r.id === releaseId)!;
      return { ...chosen, profileRatings: { relinked: 2, unmatched: 0 } };
    });
    await useCatalogue.getState().load();
    render(<ImportScreen />);

    const large = await screen.findByTestId('release-ml-25m');
    const small = screen.getByTestId('release-ml-latest-small');
    expect(large.textContent).toMatch(/ml-25m.*25,000,095.*In use/);
    expect(screen.queryByTestId('use-release-ml-25m')).toBeNull();

    fireEvent.click(screen.getByTestId('use-release-ml-latest-small'));
    const note = await screen.findByTestId('release-switched');
    expect(note.textContent).toMatch(/Now learning from ml-latest-small/);
    expect(note.textContent).toMatch(/2 ratings moved to this release’s entry for the same film/);
    expect(api.callsTo('catalogue.setActiveRelease')).toEqual([{ releaseId: 1 }]);
    await waitFor(() => expect(small.textContent).toMatch(/In use/));
    expect(screen.getByTestId('use-release-ml-25m')).toBeTruthy();
  });

  it('says why a release could not be made active', async () => {
    const api = useFakeApi(fakeWorld());
    useCatalogue.setState({
      info: {
        version: '0.1.0',
        dbPath: '/tmp/fake.db',
        backend: null,
        damage: null,
        catalogue: {
          movies: 10,
          ratings: 20,
          users: 2,
          releases: [1, 2].map((id) => ({
            id,
            format: `release-${id}`,
            source: '/data',
            starter: false,
            movies: 5,
            ratings: 10,
            users: 1,
            importedAt: 0,
            active: id === 1,
          })),
        },
      },
    });
    api.handle('catalogue.setActiveRelease', ({ releaseId }) => {
      throw new ApiError('not-found', `No release with id ${releaseId} in the catalogue`);
    });
    render(<ImportScreen />);
    fireEvent.click(screen.getByTestId('use-release-release-2'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/No release with id 2/);
  });
});
