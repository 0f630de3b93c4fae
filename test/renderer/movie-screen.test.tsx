import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CrowdRating } from '../../renderer/src/components/CrowdRating';
import { MovieScreen } from '../../renderer/src/screens/MovieScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { useMovie } from '../../renderer/src/stores/movie';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { useSearch } from '../../renderer/src/stores/search';
import { fakeWorld, learningFromMl100k, movies, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

const titlesOf = (testId: string) =>
  screen.queryAllByTestId(testId).map((c) => c.querySelector('.card-link')?.textContent);

describe('a movie page', () => {
  beforeEach(resetStores);

  it('shows in its second list only what the similar movies above do not', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const asked = (await api.call('recommend.alsoLoved', { movieId: 1, limit: 24 })).items.map(
      (m) => m.movie.title,
    );
    render(<MovieScreen movieId={1} />);
    await waitFor(() => expect(titlesOf('similar-card').length).toBeGreaterThan(0));
    await waitFor(() => expect(titlesOf('also-loved-card').length).toBeGreaterThan(0));
    const similar = titlesOf('similar-card');
    const alsoLoved = titlesOf('also-loved-card');
    // the fake's two lists share a movie: the page shows it once, in similar movies
    expect(asked.some((t) => similar.includes(t))).toBe(true);
    expect(alsoLoved.filter((t) => similar.includes(t))).toEqual([]);
    expect(alsoLoved).toEqual(asked.filter((t) => !similar.includes(t)));
  });

  it('names the page its Back button goes back to', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    act(() => useNavigation.setState({ screen: 'forYou', movieId: null, history: [] }));
    act(() => useNavigation.getState().openMovie(1));
    const first = render(<MovieScreen movieId={1} />);
    await screen.findByTestId('movie-title');
    expect(screen.getByTestId('back').textContent).toBe('← Back to For you');
    first.unmount();
    act(() => useNavigation.getState().openMovie(2)); // a similar movie opened from Toy Story's page
    render(<MovieScreen movieId={2} />);
    await waitFor(() => expect(screen.getByTestId('movie-title').textContent).toMatch(/Matrix/));
    expect(screen.getByTestId('back').textContent).toBe('← Back to Toy Story');
  });

  it('searches for the other movies given a tag when the tag is clicked', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<MovieScreen movieId={1} />);
    const tags = await screen.findByTestId('movie-tags');
    expect(tags.textContent).toBe('Tagged: classic');
    fireEvent.click(within(tags).getByRole('button', { name: 'classic' }));
    expect(useSearch.getState()).toMatchObject({ query: 'classic', genre: '' });
    expect(useNavigation.getState().screen).toBe('search');
  });

  it('says a movie the release the app learns from does not rate has no ratings, on its page and its cards', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    learningFromMl100k(api);
    // WALL·E (2008): ml-100k, from 1998, has no ratings of it
    const get = api.handlerOf('movies.get');
    api.handle('movies.get', async (request) => ({
      ...(await get(request)),
      title: 'WALL·E',
      averageRating: null,
      ratingCount: 0,
      ratingSpread: new Array(10).fill(0),
    }));
    await useCatalogue.getState().load();
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<MovieScreen movieId={1} />);
    expect((await screen.findByTestId('movie-no-ratings')).textContent).toBe(
      'No ratings in ml-100k, the release the app learns from',
    );
    expect(screen.queryByText(/average/)).toBeNull();
    expect(screen.queryByTestId('rating-spread')).toBeNull();
    cleanup();
    render(<CrowdRating movie={{ ...movies[0], averageRating: null, ratingCount: 0 }} />);
    expect(screen.getByText('No ratings')).toBeTruthy();
    expect(screen.queryByText('★')).toBeNull();
  });

  it('says its lists come from a model trained on other data until a pretrain, with the way to it', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    const similar = api.handlerOf('recommend.similarMovies');
    let trainedOn: string | undefined = 'ml-latest-small';
    api.handle('recommend.similarMovies', async (request) => {
      const answer = await similar(request);
      return { ...answer, freshness: { ...answer.freshness, trainedOn } };
    });
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const first = render(<MovieScreen movieId={1} />);
    const note = await screen.findByTestId('movie-trained-elsewhere');
    expect(note.textContent).toMatch(
      /^These lists come from a model trained on ml-latest-small, not on .*: they rank movies by what ml-latest-small’s viewers watched and loved\. Pretrain on the Model page/,
    );
    fireEvent.click(within(note).getByRole('button', { name: 'Open Model' }));
    expect(useNavigation.getState().screen).toBe('model');
    first.unmount();
    trainedOn = undefined;
    render(<MovieScreen movieId={2} />);
    await waitFor(() => expect(titlesOf('similar-card').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('movie-trained-elsewhere')).toBeNull();
  });

  it("draws how the catalogue rated it, star by star, marking the profile's own rating", async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 1: 4 } }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<MovieScreen movieId={1} />);
    const chart = await screen.findByTestId('rating-spread');
    const bars = screen.getAllByTestId('spread-bar');
    expect(bars.map((b) => Number(b.dataset.count))).toEqual([0, 0, 0, 0, 0, 0, 43, 129, 43, 0]);
    expect(bars.map((b) => b.querySelector('.label')?.textContent)).toEqual([
      '½★',
      '1★',
      '1½★',
      '2★',
      '2½★',
      '3★',
      '3½★',
      '4★',
      '4½★',
      '5★',
    ]);
    expect(bars.filter((b) => b.classList.contains('mine')).map((b) => b.title)).toEqual([
      '4★: 129 ratings (60%), your rating',
    ]);
    expect(chart.textContent).toContain('How 215 ratings spread over the stars; yours in colour');
  });

  it('draws whole stars only for a release rated in whole stars, and nothing for an unrated movie', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const details = (ratingSpread: number[]) => ({
      ...movies[0],
      imdbId: null,
      tmdbId: null,
      tags: [],
      yourRating: null,
      ratingSpread,
    });
    api.handle('movies.get', () => details([0, 1, 0, 2, 0, 3, 0, 4, 0, 5]));
    const first = render(<MovieScreen movieId={1} />);
    await screen.findByTestId('rating-spread');
    expect(screen.getAllByTestId('spread-bar').map((b) => b.textContent)).toEqual([
      '1★',
      '2★',
      '3★',
      '4★',
      '5★',
    ]);
    first.unmount();

    api.handle('movies.get', () => details(new Array<number>(10).fill(0)));
    render(<MovieScreen movieId={1} />);
    await screen.findByTestId('movie-title');
    expect(screen.queryByTestId('rating-spread')).toBeNull();
  });

  it('keeps a rating given while the page was still loading its facts', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] })).handle(
      'movies.get',
      async ({ movieId }) => {
        // read before the rating is given, answered after it
        const m = movies.find((x) => x.id === movieId)!;
        const answer = { ...m, imdbId: null, tmdbId: null, tags: [], yourRating: null };
        await gate;
        return { ...answer, ratingSpread: [] };
      },
    );
    await useProfiles.getState().load();
    const profileId = useProfiles.getState().profiles[0].id;
    await useProfiles.getState().select(profileId);
    render(<MovieScreen movieId={2} />);
    await act(() => useRatings.getState().rate(profileId, 2, 5));
    release();
    await waitFor(() => expect(useMovie.getState().details.data).not.toBeNull());
    expect(useRatings.getState().byMovie[2]).toBe(5);
  });

  it('says how much the profile would like it, as its For you card does, until it is rated', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 5: 5 } }] }))
      .handle('marks.list', () => [])
      .handle('marks.set', () => ({ ok: true as const }))
      .handle('marks.clear', () => ({ ok: true as const }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<MovieScreen movieId={2} />);
    const panel = await screen.findByTestId('movie-for-you');
    expect(within(panel).getByTestId('match').textContent).toBe('90% match');
    expect(within(panel).getByTestId('predicted').textContent).toBe('predicted 4.1 ★');
    // The Matrix is the second of the movies Alice has not rated, in the fake's order.
    expect(within(panel).getByTestId('for-you-rank').textContent).toBe(
      `#2 of ${movies.length - 1} on your For you list`,
    );
    expect(panel.textContent).toContain('Because you liked Alien');
    // Marked seen, it has left For you: the page says no place on it.
    fireEvent.click(await screen.findByTestId('movie-mark-seen'));
    await waitFor(() => expect(screen.queryByTestId('movie-for-you')).toBeNull());
    fireEvent.click(screen.getByTestId('movie-mark-seen'));
    await screen.findByTestId('movie-for-you');
    await act(() => useRatings.getState().rate(useProfiles.getState().currentId!, 2, 4));
    expect(screen.queryByTestId('movie-for-you')).toBeNull();
  });

  it('says beside the predicted stars that they run high for a profile that rates high', async () => {
    useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', ratings: { 1: 5, 3: 5, 4: 4.5, 5: 5, 6: 5 } }] }),
    ).handle('marks.list', () => []);
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<MovieScreen movieId={2} />);
    const panel = await screen.findByTestId('movie-for-you');
    expect(within(panel).getByTestId('movie-star-scale').textContent).toMatch(
      /^You rate higher than most: your ratings average 4\.9★, everyone's 3\.5★\./,
    );
  });

  it('asks a profile without ratings to rate a few, and says nothing of a movie it rated', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const first = render(<MovieScreen movieId={2} />);
    expect((await screen.findByTestId('movie-for-you-empty')).textContent).toMatch(
      /^Rate a few movies you have seen/,
    );
    first.unmount();

    await act(() => useRatings.getState().rate(useProfiles.getState().currentId!, 3, 2));
    render(<MovieScreen movieId={3} />);
    await screen.findByTestId('rating-spread');
    await waitFor(() => expect(useMovie.getState().forYou.data).not.toBeNull());
    expect(screen.queryByTestId('movie-for-you')).toBeNull();
    expect(screen.queryByTestId('movie-for-you-empty')).toBeNull();
  });

  it("shows the service's word for a movie too far down the list to show", async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 5: 5 } }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const far = await api.call('recommend.forMovie', { profileId: 1, movieId: 2 });
    const text = 'Your ratings put it far down your list, beyond the 200 it can show';
    api.handle('recommend.forMovie', () => ({
      ...far,
      item: { ...far.item!, reason: { ...far.item!.reason, text, because: [] } },
      rank: 3320,
      of: 9715,
    }));
    render(<MovieScreen movieId={2} />);
    const panel = await screen.findByTestId('movie-for-you');
    expect(within(panel).getByTestId('for-you-rank').textContent).toBe(
      '#3,320 of 9,715 on your For you list',
    );
    expect(panel.textContent).toContain(text);
    expect(panel.textContent).not.toContain('Because you liked');
  });
});
