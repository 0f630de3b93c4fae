import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { MarkedMovie, MovieMark } from '../../shared/domain';
import { MovieMarkButtons } from '../../renderer/src/components/MovieMarkButtons';
import { RatingsScreen } from '../../renderer/src/screens/RatingsScreen';
import { useMarks } from '../../renderer/src/stores/marks';
import { useNotices } from '../../renderer/src/stores/notices';
import { resetProfileScoped } from '../../renderer/src/stores/profile-scope';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, movies, useFakeApi, type FakeApi } from './fake-api';
import { resetStores } from './reset-stores';

/** Issue 12, item 8: the My ratings page, and the watchlist / seen / not-interested marks. */
async function aliceWith(
  ratings: Record<number, number>,
  marks: Array<[number, MovieMark]> = [],
): Promise<{ api: FakeApi; profileId: number }> {
  const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings }] }));
  const marked = new Map<number, MarkedMovie>(
    marks.map(([movieId, mark], k) => [
      movieId,
      {
        movieId,
        mark,
        markedAt: 1_700_000_000_000 + k,
        movie: movies.find((m) => m.id === movieId)!,
      },
    ]),
  );
  api
    .handle('marks.list', () => [...marked.values()].reverse())
    .handle('marks.set', ({ movieId, mark, markedAt }) => {
      marked.set(movieId, {
        movieId,
        mark,
        markedAt: markedAt ?? 1_800_000_000_000,
        movie: movies[movieId - 1],
      });
      return { ok: true as const };
    })
    .handle('marks.clear', ({ movieId }) => {
      marked.delete(movieId);
      return { ok: true as const };
    });
  await useProfiles.getState().load();
  const profileId = useProfiles.getState().profiles[0].id;
  await useProfiles.getState().select(profileId);
  await useRatings.getState().load(profileId);
  return { api, profileId };
}

function rowTitles(): string[] {
  return within(screen.getByTestId('ratings-table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('button')[0].textContent ?? '');
}

describe('the My ratings page', () => {
  beforeEach(resetStores);

  it('keeps what was looked for and the order while a movie is opened, and forgets them with the profile', async () => {
    const { profileId } = await aliceWith({ 1: 4, 3: 2.5, 5: 5 }, [
      [2, 'watchlist'],
      [4, 'watchlist'],
    ]);
    const first = render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('ratings-table');
    fireEvent.change(screen.getByTestId('ratings-sort'), { target: { value: 'title' } });
    fireEvent.change(screen.getByTestId('ratings-search'), { target: { value: 'i' } });
    expect(rowTitles()).toEqual(['Alien (1979)', 'Pulp Fiction (1994)']);
    first.unmount(); // off to a movie's page

    const back = render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('ratings-table');
    expect((screen.getByTestId('ratings-search') as HTMLInputElement).value).toBe('i');
    expect((screen.getByTestId('ratings-sort') as HTMLSelectElement).value).toBe('title');
    expect(rowTitles()).toEqual(['Alien (1979)', 'Pulp Fiction (1994)']);
    back.unmount();

    act(() => resetProfileScoped()); // as a switch to another profile and back does
    render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('ratings-table');
    expect((screen.getByTestId('ratings-search') as HTMLInputElement).value).toBe('');
    expect(rowTitles()).toHaveLength(3);
  });

  it('finds ratings by title and sorts them by rating or title', async () => {
    await aliceWith({ 1: 4, 3: 2.5, 5: 5 });
    render(<RatingsScreen profileId={useProfiles.getState().currentId!} />);
    await screen.findByTestId('ratings-table');
    fireEvent.change(screen.getByTestId('ratings-sort'), { target: { value: 'rating' } });
    expect(rowTitles()).toEqual(['Alien (1979)', 'Toy Story (1995)', 'Pulp Fiction (1994)']);
    fireEvent.change(screen.getByTestId('ratings-sort'), { target: { value: 'title' } });
    expect(rowTitles()).toEqual(['Alien (1979)', 'Pulp Fiction (1994)', 'Toy Story (1995)']);
    fireEvent.change(screen.getByTestId('ratings-search'), { target: { value: 'toy' } });
    expect(rowTitles()).toEqual(['Toy Story (1995)']);
    fireEvent.change(screen.getByTestId('ratings-search'), { target: { value: 'zzz' } });
    expect(screen.getByText('No rating matches “zzz”.')).toBeTruthy();
  });

  it('changes a rating in place and undoes it', async () => {
    const { api, profileId } = await aliceWith({ 3: 2.5 });
    render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('ratings-table');
    fireEvent.click(screen.getByTestId('rating-stars-3-4.5'));
    await waitFor(() => expect(api.callsTo('ratings.set')).toHaveLength(1));
    expect(screen.getByTestId('rating-undo').textContent).toContain(
      'Rated Pulp Fiction 4.5 (was 2.5)',
    );
    fireEvent.click(screen.getByTestId('rating-undo-button'));
    await waitFor(() =>
      expect(api.callsTo('ratings.set')).toEqual([
        { profileId, movieId: 3, rating: 4.5 },
        // put back as it was, when it was first given included
        { profileId, movieId: 3, rating: 2.5, ratedAt: 1_700_000_000_003 },
      ]),
    );
    expect(useRatings.getState().byMovie[3]).toBe(2.5);
    expect(screen.queryByTestId('rating-undo')).toBeNull();
  });

  it('clears a rating and brings it back with Undo', async () => {
    const { api, profileId } = await aliceWith({ 1: 4, 5: 5 });
    render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('ratings-table');
    const clear = screen.getByTestId('rating-clear-1');
    clear.focus(); // as from the keyboard
    fireEvent.click(clear);
    await waitFor(() => expect(screen.queryByTestId('rating-row-1')).toBeNull());
    // the focus goes on to the next row, not back to the top of the page
    expect(document.activeElement?.textContent).toBe('Alien (1979)');
    expect(api.callsTo('ratings.clear')).toEqual([{ profileId, movieId: 1 }]);
    fireEvent.click(screen.getByTestId('rating-undo-button'));
    await screen.findByTestId('rating-row-1');
    expect(api.callsTo('ratings.set')).toEqual([
      { profileId, movieId: 1, rating: 4, ratedAt: 1_700_000_000_001 },
    ]);
    expect(useRatings.getState().byMovie[1]).toBe(4);
  });

  it('shows a rating given elsewhere since the profile was opened', async () => {
    const { profileId } = await aliceWith({ 1: 4 });
    await useRatings.getState().rate(profileId, 6, 3);
    render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('rating-row-6');
    expect(screen.getByTestId('rating-row-1')).toBeTruthy();
  });

  it('exports the ratings through ratings.export', async () => {
    const { api, profileId } = await aliceWith({ 1: 4 });
    api.handle('ratings.export', () => ({ csv: 'movie_id,rating\n1,4\n' }));
    const saved = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (created.push(blob), 'blob:ratings');
    URL.revokeObjectURL = () => {};
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<RatingsScreen profileId={profileId} />);
    fireEvent.click(screen.getByTestId('ratings-export'));
    await waitFor(() => expect(clicks).toHaveBeenCalled());
    expect(api.callsTo('ratings.export')).toEqual([{ profileId }]);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(created[0]);
    });
    expect(text).toBe('movie_id,rating\n1,4\n');
    clicks.mockRestore();
    Object.assign(URL, saved);
  });

  it('exports the watchlist and the seen films, named as the importer reads them back', async () => {
    const { api, profileId } = await aliceWith({ 1: 4 }, [
      [2, 'watchlist'],
      [3, 'seen'],
      [4, 'not-interested'],
    ]);
    api.handle('marks.export', ({ mark }) => ({ csv: `Const,Created,Title,Year\n${mark}\n` }));
    const saved = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
    URL.createObjectURL = () => 'blob:marks';
    URL.revokeObjectURL = () => {};
    const names: string[] = [];
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    render(<RatingsScreen profileId={profileId} />);
    fireEvent.click(await screen.findByTestId('section-watchlist-export'));
    await waitFor(() => expect(names).toEqual(['movie-assistant-watchlist.csv']));
    fireEvent.click(screen.getByTestId('section-seen-export'));
    await waitFor(() => expect(names).toHaveLength(2));
    expect(names[1]).toBe('movie-assistant-watched.csv');
    expect(api.callsTo('marks.export')).toEqual([
      { profileId, mark: 'watchlist' },
      { profileId, mark: 'seen' },
    ]);
    // Not interested is a signal to this app's model, not a list to take elsewhere.
    expect(
      within(screen.getByTestId('section-not-interested')).queryByRole('button', {
        name: /export/i,
      }),
    ).toBeNull();
    clicks.mockRestore();
    Object.assign(URL, saved);
  });

  it('offers no export of an empty watchlist', async () => {
    const { profileId } = await aliceWith({ 1: 4 });
    render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('section-watchlist');
    await waitFor(() =>
      expect(within(screen.getByTestId('section-watchlist')).getByText('Nothing here yet.')),
    );
    expect(screen.queryByTestId('section-watchlist-export')).toBeNull();
  });

  it('lists the watchlist and not-interested movies, each removable, with Undo', async () => {
    const { api, profileId } = await aliceWith({}, [
      [2, 'watchlist'],
      [4, 'not-interested'],
    ]);
    render(<RatingsScreen profileId={profileId} />);
    const matrix = await screen.findByTestId('marked-watchlist-2');
    // Enough to choose from the watchlist: genres and how the viewers rated it.
    expect(matrix.textContent).toMatch(/The Matrix \(1999\)ActionSci-Fi★4\.2278 ratings/);
    expect(within(screen.getByTestId('section-not-interested')).getByText('Titanic (1997)'));
    const remove = screen.getByRole('button', { name: 'Remove from watchlist: The Matrix' });
    remove.focus();
    fireEvent.click(remove);
    await waitFor(() => expect(screen.queryByTestId('marked-watchlist-2')).toBeNull());
    expect(api.callsTo('marks.clear')).toEqual([{ profileId, movieId: 2 }]);
    // a slip is put right: Undo puts it back as it was, when it was added included
    const [notice] = useNotices.getState().notices;
    expect(notice.text).toBe('Took “The Matrix” off your watchlist.');
    act(() => notice.action!.run());
    await screen.findByTestId('marked-watchlist-2');
    expect(api.callsTo('marks.set')).toEqual([
      { profileId, movieId: 2, mark: 'watchlist', markedAt: 1_700_000_000_000 },
    ]);
  });
});

describe('movies seen but not rated', () => {
  beforeEach(resetStores);

  it('are listed with stars to rate them there, each removable; no section without any', async () => {
    const { api, profileId } = await aliceWith({}, [[3, 'seen']]);
    const { unmount } = render(<RatingsScreen profileId={profileId} />);
    const row = await screen.findByTestId('marked-seen-3');
    expect(within(screen.getByTestId('section-seen')).getByRole('heading').textContent).toBe(
      'Seen, not rated',
    );
    fireEvent.click(within(row).getByTestId('star-rating-4'));
    await waitFor(() =>
      expect(api.callsTo('ratings.set')).toEqual([{ profileId, movieId: 3, rating: 4 }]),
    );
    // Rated here, it stays in its row (with its stars) until the page is opened again.
    expect(screen.getByTestId('marked-seen-3')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Not seen after all: Pulp Fiction' }));
    await waitFor(() => expect(api.callsTo('marks.clear')).toEqual([{ profileId, movieId: 3 }]));
    expect(screen.queryByTestId('section-seen')).toBeNull();
    unmount();
    render(<RatingsScreen profileId={profileId} />);
    await screen.findByTestId('section-watchlist');
    expect(screen.queryByTestId('section-seen')).toBeNull();
  });
});

describe('the watchlist by how well each movie fits', () => {
  beforeEach(resetStores);

  it('puts the best match first, says match and stars, and can go back to newest first', async () => {
    // Marked in this order: Toy Story 2, then Alien, then The Matrix (newest).
    const { api, profileId } = await aliceWith({ 1: 4 }, [
      [6, 'watchlist'],
      [5, 'watchlist'],
      [2, 'watchlist'],
    ]);
    api.handle('recommend.forMovies', ({ movieIds }) => ({
      movies: movieIds.map((movieId) =>
        movieId === 5
          ? { movieId, match: 91, predictedRating: 4.3, rank: 2, rated: false }
          : movieId === 2
            ? { movieId, match: null, predictedRating: 3.6, rank: 40, rated: false }
            : { movieId, match: null, predictedRating: null, rank: null, rated: true },
      ),
      of: 9000,
      freshness: { modelName: 'recency-hybrid', personalModel: 'fine-tuned', computedMs: 1 },
      starScale: null,
    }));
    render(<RatingsScreen profileId={profileId} />);
    const section = await screen.findByTestId('section-watchlist');
    const rows = () =>
      within(section)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent ?? '');
    await waitFor(() => expect(rows()[0]).toMatch(/^Alien \(1979\).*91% match · 4\.3★/));
    // Without a match to show, its place on For you.
    expect(rows()[1]).toMatch(/^The Matrix \(1999\).*#40 on For you · 3\.6★/);
    // Rated since it was listed: last, and it says so.
    expect(rows()[2]).toMatch(/^Toy Story 2 \(1999\).*rated/);
    expect(api.callsTo('recommend.forMovies')[0]).toEqual({ profileId, movieIds: [2, 5, 6] });
    fireEvent.change(within(section).getByTestId('watchlist-order'), {
      target: { value: 'added' },
    });
    expect(rows().map((r) => r.slice(0, 10))).toEqual(['The Matrix', 'Alien (197', 'Toy Story ']);
    // Read again when a model arrives: the profile's fine-tune, or a pretrain; not another's.
    const asked = () => api.callsTo('recommend.forMovies').length;
    const before = asked();
    act(() => api.emit('profile.modelUpdated', { profileId: profileId + 100, seconds: 1 }));
    act(() => api.emit('job.finished', { jobId: 'j', kind: 'finetune', ok: true }));
    expect(asked()).toBe(before);
    act(() => api.emit('profile.modelUpdated', { profileId, seconds: 1 }));
    await waitFor(() => expect(asked()).toBe(before + 1));
    act(() => api.emit('job.finished', { jobId: 'j', kind: 'pretrain', ok: true }));
    await waitFor(() => expect(asked()).toBe(before + 2));
    expect(within(section).queryByTestId('watchlist-star-scale')).toBeNull();
  });

  it('says its predicted stars run low for a profile that rates lower than most', async () => {
    const { api, profileId } = await aliceWith({ 1: 2 }, [[5, 'watchlist']]);
    api.handle('recommend.forMovies', ({ movieIds }) => ({
      movies: movieIds.map((movieId) => ({
        movieId,
        match: 80,
        predictedRating: 2.6,
        rank: 1,
        rated: false,
      })),
      of: 9000,
      freshness: { modelName: 'recency-hybrid', personalModel: 'fine-tuned', computedMs: 1 },
      starScale: { yours: 2.14, everyone: 3.5, rated: 40 },
    }));
    render(<RatingsScreen profileId={profileId} />);
    const section = await screen.findByTestId('section-watchlist');
    expect((await within(section).findByTestId('watchlist-star-scale')).textContent).toBe(
      "You rate lower than most: your ratings average 2.1★, everyone's 3.5★. Predicted stars are on your scale, so they run lower too.",
    );
  });
});

describe('the watchlist / not-interested buttons', () => {
  beforeEach(resetStores);

  it('marks a movie, switches the mark, and takes it off; lists follow a not-interested change', async () => {
    const { api, profileId } = await aliceWith({});
    render(<MovieMarkButtons movie={movies[0]} />);
    // The buttons load the profile's marks themselves.
    await waitFor(() => expect(useMarks.getState().profileId).toBe(profileId));
    await waitFor(() => expect(useMarks.getState().loaded).toBe(true));
    fireEvent.click(screen.getByTestId('movie-mark-watchlist'));
    await waitFor(() =>
      expect(screen.getByTestId('movie-mark-watchlist').getAttribute('aria-pressed')).toBe('true'),
    );
    const version = useRatings.getState().version;
    fireEvent.click(screen.getByTestId('movie-mark-not-interested'));
    await waitFor(() => expect(useRatings.getState().version).toBeGreaterThan(version));
    expect(screen.getByTestId('movie-mark-watchlist').getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByTestId('movie-mark-not-interested'));
    await waitFor(() => expect(api.callsTo('marks.clear')).toHaveLength(1));
    expect(api.callsTo('marks.set')).toEqual([
      { profileId, movieId: 1, mark: 'watchlist' },
      { profileId, movieId: 1, mark: 'not-interested' },
    ]);
    expect(useMarks.getState().list).toEqual([]);
  });

  it('marks a movie seen, which lists follow; a rated movie has no "Seen it"', async () => {
    const { api, profileId } = await aliceWith({ 2: 4 });
    const { unmount } = render(<MovieMarkButtons movie={movies[0]} />);
    await waitFor(() => expect(useMarks.getState().loaded).toBe(true));
    const version = useRatings.getState().version;
    fireEvent.click(screen.getByTestId('movie-mark-seen'));
    await waitFor(() => expect(useRatings.getState().version).toBeGreaterThan(version));
    expect(screen.getByTestId('movie-mark-seen').textContent).toBe('Seen it ✓');
    expect(screen.getByTestId('seen-hint').textContent).toMatch(/Your lists leave it out/);
    expect(api.callsTo('marks.set')).toEqual([{ profileId, movieId: 1, mark: 'seen' }]);
    unmount();
    render(<MovieMarkButtons movie={movies[1]} />);
    await screen.findByTestId('movie-mark-watchlist');
    expect(screen.queryByTestId('movie-mark-seen')).toBeNull();
  });

  it('offers, never forces, taking a rated movie off the watchlist', async () => {
    const { api, profileId } = await aliceWith({ 1: 4 }, [[1, 'watchlist']]);
    render(<MovieMarkButtons movie={movies[0]} />);
    const hint = await screen.findByTestId('watchlist-seen-hint');
    expect(hint.textContent).toBe('You rated it, so you have seen it. Take it off your watchlist');
    expect(api.callsTo('marks.clear')).toEqual([]);
    fireEvent.click(within(hint).getByRole('button', { name: 'Take it off your watchlist' }));
    await waitFor(() => expect(screen.queryByTestId('watchlist-seen-hint')).toBeNull());
    expect(api.callsTo('marks.clear')).toEqual([{ profileId, movieId: 1 }]);
  });
});
