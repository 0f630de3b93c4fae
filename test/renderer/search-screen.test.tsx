import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { searchQueryMax } from '../../shared/api';
import { filteredMovies } from '../../shared/why-empty';
import { SearchScreen } from '../../renderer/src/screens/SearchScreen';
import { useMarks } from '../../renderer/src/stores/marks';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useSearch } from '../../renderer/src/stores/search';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, movie, movies, useFakeApi } from './fake-api';
import { fakeSearch } from './fake-search';
import { resetStores } from './reset-stores';

describe('the search screen', () => {
  beforeEach(resetStores);

  it('searches as one types and shows typographic cards', async () => {
    useFakeApi();
    render(<SearchScreen />);
    const input = screen.getByRole('searchbox', { name: /search movies/i });
    expect(document.activeElement).toBe(input);
    // typing stops where the API would refuse the search, rather than showing its refusal
    expect((input as HTMLInputElement).maxLength).toBe(searchQueryMax);
    fireEvent.change(input, { target: { value: 'toy' } });
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    const first = screen.getAllByTestId('search-result')[0];
    expect(first.textContent).toContain('Toy Story');
    // A space between title and year, not a margin, so a wrapped year starts its line flush.
    expect(first.querySelector('.movie-title')!.textContent).toBe('Toy Story 1995');
    expect(first.textContent).toContain('3.9');
    expect(first.textContent).toContain('215 ratings');
    expect(first.textContent).toContain('Animation');
  });

  it('says which results are on the watchlist', async () => {
    useFakeApi();
    const toyStory = movies.find((m) => m.title === 'Toy Story')!;
    useMarks.setState({
      profileId: 1,
      loaded: true,
      list: [{ movieId: toyStory.id, mark: 'watchlist', markedAt: 1, movie: toyStory }],
    });
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'toy' },
    });
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('search-result');
    expect(first.querySelector('[data-testid=watchlist-badge]')?.textContent).toBe(
      'On your watchlist',
    );
    expect(second.querySelector('[data-testid=watchlist-badge]')).toBeNull();
  });

  it("shows how much the profile would like each result it has not rated, as For you's cards do", async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5, 6: 4 } }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    await useRatings.getState().load(useProfiles.getState().currentId!);
    render(<SearchScreen />);
    const input = screen.getByRole('searchbox', { name: /search movies/i });
    fireEvent.change(input, { target: { value: 'toy' } });
    // Toy Story 2 (6) is rated: its card has stars, not a match.
    await waitFor(() =>
      expect(
        screen.getAllByTestId('search-result').map((card) => ({
          title: card.querySelector('.card-link')!.textContent,
          facts: card.querySelector('[data-testid=search-for-you]')?.textContent ?? null,
        })),
      ).toEqual([
        { title: 'Toy Story', facts: '90% matchpredicted 4.1 ★' },
        { title: 'Toy Story 2', facts: null },
      ]),
    );
  });

  it('says nothing of how much a profile without ratings would like a result', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: {} }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'toy' },
    });
    await waitFor(() => expect(api.callsTo('recommend.forMovies')).toHaveLength(1));
    expect(screen.queryByTestId('search-for-you')).toBeNull();
  });

  it('moves through results with the arrows and opens one with Enter', async () => {
    useFakeApi();
    render(<SearchScreen />);
    const input = screen.getByRole('searchbox', { name: /search movies/i });
    fireEvent.change(input, { target: { value: 'toy' } });
    await waitFor(() => expect(screen.getByTestId('search-results').dataset.query).toBe('toy'));
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    // said aloud, as the cards hold buttons a listbox's options may not
    expect(document.getElementById(input.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Toy Story 2 (1999), 2 of 2: Enter opens it',
    );
    expect(screen.getAllByRole('listitem')[1].getAttribute('aria-current')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useNavigation.getState()).toMatchObject({ screen: 'movie', movieId: 6 });
  });

  it('opens the best match on Enter typed before the results came, even when the debounced search overtakes it', async () => {
    // Before: the search Enter started was dropped as stale when the debounced one went out
    // meanwhile, and Enter opened nothing.
    const heat = movie(7, 'Heat', 1995, ['Action', 'Crime']);
    let calls = 0;
    useFakeApi().handle('search.movies', async () => {
      calls++;
      // the first answer comes after the debounced search went out (120 ms), and before its answer
      await new Promise((r) => setTimeout(r, calls === 1 ? 200 : 300));
      return { movies: [heat], total: 1, totalExact: true };
    });
    render(<SearchScreen />);
    const input = screen.getByRole('searchbox', { name: /search movies/i });
    fireEvent.change(input, { target: { value: 'heat' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() =>
      expect(useNavigation.getState()).toMatchObject({ screen: 'movie', movieId: 7 }),
    );
    expect(calls).toBe(2);
  });

  it('narrows by years and genre through the service', async () => {
    const api = useFakeApi();
    render(<SearchScreen />);
    // Empty year fields mean no bound; an example year there would read as a filter already set.
    expect(screen.getByTestId('search-year-from').getAttribute('placeholder')).toBe('Any');
    expect(screen.getByTestId('search-year-to').getAttribute('placeholder')).toBe('Any');
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'toy' },
    });
    fireEvent.change(screen.getByTestId('search-year-from'), { target: { value: '1998' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('search-result').map((c) => c.textContent)).toEqual([
        expect.stringContaining('Toy Story 2'),
      ]),
    );
    expect(api.callsTo('search.movies').at(-1)).toMatchObject({ yearFrom: 1998 });
    act(() => useSearch.getState().setFilters({ genre: 'Comedy' }));
    await waitFor(() =>
      expect(api.callsTo('search.movies').at(-1)).toMatchObject({ genre: 'Comedy' }),
    );
  });

  it('says so when nothing matches', async () => {
    useFakeApi();
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'zzzz' },
    });
    await screen.findByTestId('search-empty');
  });

  it("says up to which year the catalogue's films run when nothing matches at all", async () => {
    useFakeApi().handle('search.movies', () => ({
      movies: [],
      total: 0,
      totalExact: true,
      newestYear: 2018,
    }));
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'oppenheimer' },
    });
    expect((await screen.findByTestId('search-newest-year')).textContent).toBe(
      "The catalogue's films run up to 2018: a later one comes with a newer MovieLens release. Import a release",
    );
    fireEvent.click(screen.getByRole('button', { name: 'Import a release' }));
    expect(useNavigation.getState().screen).toBe('import');
  });

  it('says what an acronym typed was read as', async () => {
    const toyStory2 = movies.find((m) => m.title === 'Toy Story 2')!;
    useFakeApi().handle('search.movies', ({ query }) =>
      query === 'ts 2'
        ? { movies: [toyStory2], total: 1, totalExact: true, readAs: 'toy story 2' }
        : { movies: [], total: 0, totalExact: true },
    );
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'ts 2' },
    });
    expect((await screen.findByTestId('search-total')).textContent).toBe(
      '1 movie for “toy story 2”, reading “ts” as initials',
    );
  });

  it('says when no title is spelled as typed and the results are close to it', async () => {
    const godfather = movie(9, 'The Godfather', 1972, ['Crime', 'Drama']);
    useFakeApi().handle('search.movies', ({ query }) =>
      query === 'godfahter'
        ? { movies: [godfather], total: 1, totalExact: true, lookAlikes: true }
        : { movies: [godfather], total: 1, totalExact: true },
    );
    render(<SearchScreen />);
    const box = screen.getByRole('searchbox', { name: /search movies/i });
    fireEvent.change(box, { target: { value: 'godfahter' } });
    await waitFor(() =>
      expect(screen.getByTestId('search-total').textContent).toBe(
        '1 movie close to “godfahter”: no title is spelled so',
      ),
    );
    fireEvent.change(box, { target: { value: 'godfather' } });
    await waitFor(() => expect(screen.getByTestId('search-total').textContent).toBe('1 movie'));
  });

  it('lists the movies viewers tagged with the words, whether or not a title has them', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5, 6: 4 } }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    await useRatings.getState().load(useProfiles.getState().currentId!);
    const toyStory = movies.find((m) => m.title === 'Toy Story')!;
    api.handle('search.movies', ({ query }) =>
      query === 'pixar'
        ? {
            movies: [],
            total: 0,
            totalExact: true,
            tagged: { tags: ['Pixar'], movies: [toyStory] },
          }
        : query === 'story'
          ? {
              movies: [],
              total: 0,
              totalExact: true,
              tagged: {
                tags: ['true story', 'based on a true story', 'love story'],
                otherTags: 7,
                movies: [toyStory],
              },
            }
          : {
              ...fakeSearch(movies, { query }),
              tagged: { tags: ['time travel', 'Time travel'], movies: [toyStory] },
            },
    );
    render(<SearchScreen />);
    const input = screen.getByRole('searchbox', { name: /search movies/i });
    fireEvent.change(input, { target: { value: 'pixar' } });
    const section = await screen.findByTestId('search-tagged');
    expect(section.querySelector('h2')!.textContent).toBe('Tagged “Pixar”');
    expect(section.textContent).toContain(
      'No title has these words. Viewers in the catalogue gave these movies that tag',
    );
    expect(screen.getAllByTestId('tagged-result')[0].textContent).toContain('Toy Story');
    expect(screen.queryByTestId('search-empty')).toBeNull();
    // as a title's card, it says how much the profile would like it
    await waitFor(() =>
      expect(
        screen.getAllByTestId('tagged-result')[0].querySelector('[data-testid=search-for-you]')
          ?.textContent,
      ).toBe('90% matchpredicted 4.1 ★'),
    );

    fireEvent.change(input, { target: { value: 'toy' } });
    await waitFor(() =>
      expect(screen.getByTestId('search-tagged').querySelector('h2')!.textContent).toBe(
        'Also tagged “time travel” or “Time travel”',
      ),
    );
    expect(screen.getByTestId('search-tagged').textContent).toMatch(
      /^Also tagged .*Viewers in the catalogue gave these movies those tags/,
    );
    // the words matched more tags than are named: the heading says so
    fireEvent.change(input, { target: { value: 'story' } });
    await waitFor(() =>
      expect(screen.getByTestId('search-tagged').querySelector('h2')!.textContent).toBe(
        'Tagged “true story”, “based on a true story”, “love story” or 7 other tags',
      ),
    );
    fireEvent.click(screen.getAllByTestId('tagged-result')[0].querySelector('.card-link')!);
    expect(useNavigation.getState()).toMatchObject({ screen: 'movie', movieId: toyStory.id });
  });

  it('says when the title exists outside the filters, and clears them', async () => {
    const jaws = movie(8, 'Jaws', 1975, ['Action', 'Horror'], 3.8, 90);
    const api = useFakeApi().handle('search.movies', (request) => fakeSearch([jaws], request));
    render(<SearchScreen />);
    act(() => useSearch.getState().setFilters({ genre: 'Comedy', yearFrom: 1970, yearTo: 1979 }));
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'jaws ' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('search-empty').textContent).toBe(
        'No Comedy movies from 1970 to 1979 match “jaws”; 1 movie outside these filters does.Clear filters',
      ),
    );
    fireEvent.click(screen.getByTestId('search-clear-filters'));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(1));
    expect(api.callsTo('search.movies').at(-1)).toEqual(
      expect.not.objectContaining({ genre: expect.anything(), yearFrom: expect.anything() }),
    );
    expect(useSearch.getState()).toMatchObject({ query: 'jaws ', genre: '', yearTo: null });
  });

  it('names the filters as a sentence reads them', () => {
    expect(filteredMovies('Comedy', null, null)).toBe('Comedy movies');
    expect(filteredMovies('', 1990, null)).toBe('movies from 1990 on');
    expect(filteredMovies('', null, 1979)).toBe('movies up to 1979');
    expect(filteredMovies('Drama', 1984, 1984)).toBe('Drama movies from 1984');
  });

  it('shows the total, and pages further with "load more"', async () => {
    const many = Array.from({ length: 75 }, (_, i) =>
      movie(100 + i, `Love Story ${i + 1}`, 1950 + i, ['Romance'], 3, 1000 - i),
    );
    const api = useFakeApi().handle('search.movies', (request) => fakeSearch(many, request));
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'love' },
    });
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(30));
    expect(screen.getByTestId('search-total').textContent).toBe('75 movies');
    fireEvent.click(screen.getByTestId('search-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(60));
    expect(api.callsTo('search.movies').at(-1)).toMatchObject({ query: 'love', offset: 30 });
    fireEvent.click(screen.getByTestId('search-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(75));
    expect(screen.queryByTestId('search-load-more')).toBeNull();
  });

  it('writes large and capped totals as people read them', async () => {
    useFakeApi().handle('search.movies', () => ({
      movies: movies.slice(0, 2),
      total: 1000,
      totalExact: false,
    }));
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'a' },
    });
    await waitFor(() =>
      expect(screen.getByTestId('search-total').textContent).toBe('1,000+ movies'),
    );
  });

  it('sorts by year, rating or popularity through the service', async () => {
    const api = useFakeApi();
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'toy' },
    });
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('search-sort'), { target: { value: 'year' } });
    await waitFor(() =>
      expect(api.callsTo('search.movies').at(-1)).toMatchObject({ sort: 'year', offset: 0 }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('search-result')[0].textContent).toContain('Toy Story 2'),
    );
    expect(useSearch.getState().sort).toBe('year');
  });

  it('shows the original title under the title', async () => {
    const amelie = {
      ...movie(7, 'Amelie', 2001, ['Comedy', 'Romance'], 4.2, 120),
      originalTitle: "Le Fabuleux destin d'Amélie Poulain",
    };
    useFakeApi().handle('search.movies', (request) => fakeSearch([amelie], request));
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('searchbox', { name: /search movies/i }), {
      target: { value: 'fabuleux' },
    });
    const card = await screen.findByTestId('search-result');
    expect(card.querySelector('.movie-title')!.textContent).toContain('Amelie');
    expect(screen.getByTestId('original-title').textContent).toBe(
      "Le Fabuleux destin d'Amélie Poulain",
    );
  });
});

describe("a series' film named by its place", () => {
  beforeEach(resetStores);

  it('says why it comes first, unless its title carries the number', async () => {
    const azkaban = movie(8368, 'Harry Potter and the Prisoner of Azkaban', 2004, ['Fantasy']);
    const stone = movie(4896, "Harry Potter and the Sorcerer's Stone", 2001, ['Fantasy']);
    const rocky = movie(2410, 'Rocky III', 1982, ['Drama']);
    useFakeApi().handle('search.movies', (request) =>
      request.query.startsWith('harry')
        ? {
            movies: [azkaban, stone],
            total: 2,
            totalExact: true,
            seriesPlace: { movieId: azkaban.id, place: 3, inTitle: false },
          }
        : {
            movies: [rocky],
            total: 1,
            totalExact: true,
            seriesPlace: { movieId: rocky.id, place: 3, inTitle: true },
          },
    );
    render(<SearchScreen />);
    const input = screen.getByRole('searchbox', { name: /search movies/i });
    fireEvent.change(input, { target: { value: 'harry potter 3' } });
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('search-result');
    expect(first.querySelector('[data-testid=series-place]')?.textContent).toBe(
      'The 3rd film of the series',
    );
    expect(second.querySelector('[data-testid=series-place]')).toBeNull();
    fireEvent.change(input, { target: { value: 'rocky 3' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('search-result')[0].textContent).toContain('Rocky III'),
    );
    expect(screen.queryByTestId('series-place')).toBeNull();
  });
});
