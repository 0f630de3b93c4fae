import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MovieScreen } from '../../renderer/src/screens/MovieScreen';
import { ForYouScreen } from '../../renderer/src/screens/ForYouScreen';
import { SearchScreen } from '../../renderer/src/screens/SearchScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { useSearch } from '../../renderer/src/stores/search';
import { similarMinRatings } from '../../shared/domain';
import { fakeSpread, fakeWorld, movies, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

async function signIn(ratings: Record<number, number>) {
  const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings }] }));
  await useProfiles.getState().load();
  const alice = useProfiles.getState().profiles[0];
  await useProfiles.getState().select(alice.id);
  await useRatings.getState().load(alice.id);
  await useCatalogue.getState().load();
  return { api, alice };
}

function cardFor(testId: string, title: string): HTMLElement {
  const card = screen
    .getAllByTestId(testId)
    .find((c) => c.querySelector('.card-link')?.textContent === title);
  if (!card) throw new Error(`No ${testId} for ${title}`);
  return card;
}

describe('rating straight from a movie card', () => {
  beforeEach(resetStores);

  it('rates a For you card in half stars and stays on the list', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    useNavigation.setState({ screen: 'forYou' });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(1));
    const card = cardFor('foryou-card', 'Toy Story 2');
    // The list's own facts stay as they were.
    expect(within(card).getByTestId('match').textContent).toBe('90% match');
    expect(within(card).getByTestId('predicted').textContent).toContain('4.1');
    expect(within(card).getByTestId('reason')).toBeTruthy();

    fireEvent.click(within(card).getByTestId('card-stars-3.5'));
    await waitFor(() =>
      expect(api.callsTo('ratings.set')).toEqual([
        { profileId: alice.id, movieId: 6, rating: 3.5 },
      ]),
    );
    expect(within(card).getByRole('slider').getAttribute('aria-valuenow')).toBe('3.5');
    expect(useRatings.getState().byMovie[6]).toBe(3.5);
    expect(useNavigation.getState().screen).toBe('forYou');
  });

  it('rates a search result by keyboard without opening it', async () => {
    const { api, alice } = await signIn({});
    useNavigation.setState({ screen: 'search' });
    useSearch.getState().setQuery('alien');
    render(<SearchScreen />);
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
    const slider = within(screen.getByTestId('search-result')).getByRole('slider', {
      name: 'Your rating of Alien',
    });
    fireEvent.keyDown(slider, { key: '4' });
    await waitFor(() =>
      expect(api.callsTo('ratings.set')).toEqual([{ profileId: alice.id, movieId: 5, rating: 4 }]),
    );
    expect(useNavigation.getState().screen).toBe('search');
    // The rating shows in the control itself, so the "You: 4.0" badge does not repeat it.
    expect(screen.queryByTestId('your-rating-badge')).toBeNull();
  });

  it('rates and clears a similar movie on a movie page, staying on that page', async () => {
    const { api, alice } = await signIn({ 3: 4 });
    useNavigation.setState({ screen: 'movie', movieId: 1 });
    render(<MovieScreen movieId={1} />);
    await waitFor(() => expect(screen.getAllByTestId('similar-card')).toHaveLength(3));
    const card = cardFor('similar-card', 'Pulp Fiction');
    const slider = within(card).getByRole('slider');
    expect(slider.getAttribute('aria-valuenow')).toBe('4');
    fireEvent.click(within(card).getByTestId('card-stars-4')); // the same half star clears it
    await waitFor(() =>
      expect(api.callsTo('ratings.clear')).toEqual([{ profileId: alice.id, movieId: 3 }]),
    );
    expect(slider.getAttribute('aria-valuetext')).toBe('Not rated');
    expect(useNavigation.getState()).toMatchObject({ screen: 'movie', movieId: 1 });
  });

  it('says how similar movies are ordered, without promising the least obvious first', async () => {
    await signIn({});
    render(<MovieScreen movieId={1} />);
    const section = await screen.findByTestId('similar-section');
    // the list is ordered by likeness (popularity only discounted), so its first card is often
    // the obvious sequel
    expect(within(section).getByText(/most alike first/i)).toBeTruthy();
    expect(within(section).queryByText(/least obvious/)).toBeNull();
  });

  it('says when a movie has too few raters for its similar movies to mean much', async () => {
    const { api } = await signIn({});
    const details = (ratingCount: number) => ({
      ...movies[0],
      ratingCount,
      imdbId: null,
      tmdbId: null,
      tags: [],
      yourRating: null,
      ratingSpread: fakeSpread(ratingCount, 3.5),
    });
    api.handle('movies.get', () => details(2));
    const { unmount } = render(<MovieScreen movieId={1} />);
    const note = await screen.findByTestId('few-raters');
    expect(note.textContent).toMatch(/^Only 2 people in the catalogue have rated this movie/);
    expect(note.textContent).toContain('says more about them than about the movie');
    unmount();

    api.handle('movies.get', () => details(1));
    const second = render(<MovieScreen movieId={1} />);
    expect((await screen.findByTestId('few-raters')).textContent).toMatch(
      /^Only one person in the catalogue has rated this movie.*about that person/,
    );
    second.unmount();

    api.handle('movies.get', () => details(similarMinRatings));
    render(<MovieScreen movieId={1} />);
    await waitFor(() => expect(screen.getAllByTestId('similar-card')).toHaveLength(3));
    expect(screen.queryByTestId('few-raters')).toBeNull();
  });

  it("marks the genres a similar movie shares with the page's movie, first", async () => {
    await signIn({});
    render(<MovieScreen movieId={6} />); // Toy Story 2: Animation, Comedy
    await screen.findByTestId('similar-section');
    await waitFor(() => expect(screen.getAllByTestId('similar-card')).toHaveLength(3));
    const chips = (title: string) =>
      Array.from(cardFor('similar-card', title).querySelectorAll('.chip'), (c) => ({
        genre: c.textContent,
        shared: c.classList.contains('chip-shared'),
        title: c.getAttribute('title'),
      }));
    // Toy Story lists Adventure first; the shared ones come before it.
    expect(chips('Toy Story')).toEqual([
      { genre: 'Animation', shared: true, title: 'Like Toy Story 2' },
      { genre: 'Comedy', shared: true, title: 'Like Toy Story 2' },
      { genre: 'Adventure', shared: false, title: null },
    ]);
    expect(chips('The Matrix').every((c) => !c.shared)).toBe(true);
  });
});
