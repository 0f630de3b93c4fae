import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { tagFilterMax } from '../../shared/api';
import { Notices } from '../../renderer/src/components/Notices';
import { ForYouScreen } from '../../renderer/src/screens/ForYouScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { useMarks } from '../../renderer/src/stores/marks';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, learningFromMl100k, movie, movies, recommended, useFakeApi } from './fake-api';
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

/** The catalogue says it holds ml-latest-small's 9,742 movies. */
async function withMlLatestSmallCatalogue(api: Awaited<ReturnType<typeof signIn>>['api']) {
  api.handle('app.info', () => ({
    version: '0.1.0',
    dbPath: '/tmp/fake.db',
    backend: 'cpu',
    damage: null,
    catalogue: { movies: 9742, ratings: 100836, users: 610, releases: [] },
  }));
  await useCatalogue.getState().load();
}

describe('the "for you" screen', () => {
  beforeEach(resetStores);

  it('shows each movie with its reason and the movies behind it', async () => {
    const { alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(1));
    const reason = screen.getByTestId('reason');
    expect(reason.textContent).toContain('Close to movies you loved');
    expect(reason.textContent).toMatch(/Also because you rated .*The Matrix/);
    expect(screen.queryByTestId('onboarding')).toBeNull();
    // The card shows a match and predicted stars: the screen says which one orders the list.
    expect(screen.getByTestId('foryou-order-note').textContent).toMatch(/^Ordered by match/);
  });

  it('says that predicted stars run low for a profile that rates lower than most', async () => {
    const { alice } = await signIn({ 1: 1, 2: 2.5, 3: 2, 4: 1.5, 5: 2 });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(1));
    expect(screen.getByTestId('foryou-star-scale').textContent).toBe(
      "You rate lower than most: your ratings average 1.8★, everyone's 3.5★. Predicted stars are on your scale, so they run lower too.",
    );
  });

  it('says nothing of the scale of a profile that rates as most people do', async () => {
    const { alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(1));
    expect(screen.queryByTestId('foryou-star-scale')).toBeNull();
  });

  it('asks a new profile to rate well-known movies first', async () => {
    const { alice } = await signIn({});
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('onboarding-card')).toHaveLength(5));
    expect(screen.getByTestId('onboarding-count').textContent).toBe('0 rated · 5 more to go');
    // The stars sit in the card's foot (pushed down), so a row of cards lines them up.
    for (const card of screen.getAllByTestId('onboarding-card'))
      expect(card.lastElementChild!.matches('.card-foot:has([role="slider"])')).toBe(true);
    const onboarding = screen.getByTestId('onboarding');
    fireEvent.keyDown(
      within(onboarding).getByRole('slider', { name: 'Your rating of The Matrix' }),
      {
        key: '4',
      },
    );
    await waitFor(() =>
      expect(screen.getByTestId('onboarding-count').textContent).toBe('1 rated · 4 more to go'),
    );
    // The stars show the rating; a "You: 4.0" badge beside them would say it twice.
    expect(within(onboarding).queryByTestId('your-rating-badge')).toBeNull();
  });

  it('does not recommend again, right below, the movies it asks about first', async () => {
    const { api, alice } = await signIn({});
    api.handle('recommend.forYou', () => ({
      items: movies.map((m) => recommended(m, 'Popular and well liked')),
      starScale: null,
      freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 3 },
    }));
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('onboarding-card')).toHaveLength(5));
    const listed = () =>
      screen.getAllByTestId('foryou-card').map((c) => c.querySelector('.card-link')!.textContent);
    await waitFor(() => expect(listed()).toEqual(['Toy Story 2']));
    expect(screen.getByTestId('foryou-count').textContent).toMatch(/^Showing 1 of /);
    // It asks for a page and as many more as it leaves out, so a real list still fills its page.
    await waitFor(() =>
      expect(api.callsTo('recommend.forYou').at(-1)).toMatchObject({ limit: 24 + 5 }),
    );
    // Once the asking is done, every movie of the list shows.
    await act(async () => {
      for (const id of [1, 2, 3, 4, 5]) await useRatings.getState().rate(alice.id, id, 4);
    });
    await waitFor(() => expect(screen.queryByTestId('onboarding')).toBeNull());
    await waitFor(() => expect(listed()).toHaveLength(movies.length));
  });

  it('offers other movies to rate first to someone who has seen none of them', async () => {
    const { api, alice } = await signIn({});
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('onboarding-card')).toHaveLength(5));
    const titles = () =>
      screen
        .getAllByTestId('onboarding-card')
        .map((c) => c.querySelector('.card-link')!.textContent);
    fireEvent.click(screen.getByTestId('onboarding-other'));
    await waitFor(() => expect(titles()).toEqual(['Toy Story 2']));
    expect(api.callsTo('movies.onboarding').at(-1)).toMatchObject({ exclude: [1, 2, 3, 4, 5] });
    // Once every movie has been offered, the ones on screen stay rather than an empty list.
    fireEvent.click(screen.getByTestId('onboarding-other'));
    await waitFor(() =>
      expect(api.callsTo('movies.onboarding').at(-1)).toMatchObject({
        exclude: [1, 2, 3, 4, 5, 6],
      }),
    );
    await act(async () => {}); // the answer handled
    expect(titles()).toEqual(['Toy Story 2']);
  });

  it('refreshes by itself after a rating and when the fine-tuned model arrives', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(api.callsTo('recommend.forYou')).toHaveLength(1));
    await act(() => useRatings.getState().rate(alice.id, 6, 4));
    await waitFor(() => expect(api.callsTo('recommend.forYou')).toHaveLength(2), { timeout: 2000 });
    act(() => api.emit('profile.modelUpdated', { profileId: alice.id + 100, seconds: 1 }));
    act(() => api.emit('profile.modelUpdated', { profileId: alice.id, seconds: 1 }));
    await waitFor(() => expect(api.callsTo('recommend.forYou')).toHaveLength(3));
  });

  it('leaves out at once the movies rated elsewhere since its list was asked for', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    let answer = true;
    api.handle('recommend.forYou', () =>
      answer
        ? {
            items: [movies[5], movie(7, 'Heat', 1995, ['Crime'])].map((m) =>
              recommended(m, 'Close to movies you loved'),
            ),
            starScale: null,
            freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 3 },
          }
        : new Promise<never>(() => {}),
    );
    const titles = () =>
      screen.getAllByTestId('foryou-card').map((c) => c.querySelector('h3')!.textContent);
    const first = render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(titles()).toHaveLength(2));
    first.unmount();
    // Rated on another page; back on For you, the new list has not answered yet.
    answer = false;
    await act(() => useRatings.getState().rate(alice.id, 6, 4));
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(api.callsTo('recommend.forYou')).toHaveLength(2));
    expect(titles()).toEqual([expect.stringMatching(/^Heat/)]);
    // Rated on its card here: it stays, stars and all, until the list answers again.
    await act(() => useRatings.getState().rate(alice.id, 7, 3));
    expect(titles()).toEqual([expect.stringMatching(/^Heat/)]);
  });

  it.each([
    ['not-interested', /^Hide .+: not interested/, /^Hidden “.+” from your lists\.$/],
    ['seen', /^Seen it: .+, leave it out/, /^Marked “.+” seen: your lists leave it out\.$/],
  ] as const)(
    'leaves a movie out at once (%s), and Undo on the notice brings it back',
    async (mark, button, said) => {
      const { api, alice } = await signIn({ 2: 5, 3: 4.5 });
      const hidden = new Set<number>();
      api
        .handle('movies.onboarding', () => [])
        .handle('marks.list', () => [])
        .handle('marks.set', ({ movieId, mark: set }) => {
          if (set === mark) hidden.add(movieId);
          return { ok: true as const };
        })
        .handle('marks.clear', ({ movieId }) => {
          hidden.delete(movieId);
          return { ok: true as const };
        })
        .handle('recommend.forYou', () => ({
          items: movies
            .filter((m) => ![2, 3].includes(m.id) && !hidden.has(m.id))
            .map((m) => recommended(m, 'Close to movies you loved')),
          starScale: null,
          freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 3 },
        }));
      render(
        <>
          <ForYouScreen profileId={alice.id} />
          <Notices />
        </>,
      );
      const titles = () =>
        screen.getAllByTestId('foryou-card').map((c) => c.querySelector('h3')!.textContent);
      await waitFor(() => expect(titles().length).toBe(movies.length - 2));
      const [first, second] = screen.getAllByTestId('foryou-card');
      const title = first.querySelector('h3')!.textContent!;
      const action = within(first).getByRole('button', { name: button });
      action.focus(); // as from the keyboard
      fireEvent.click(action);
      // Gone from the screen before the service answers, and marked not interested.
      expect(titles()).not.toContain(title);
      // the focus goes on to the next card, not back to the top of the page
      expect(document.activeElement).toBe(second.querySelector('.card-link'));
      await waitFor(() =>
        expect(api.callsTo('marks.set')).toEqual([
          {
            profileId: alice.id,
            movieId: movies.find((m) => title.startsWith(m.title))!.id,
            mark,
          },
        ]),
      );
      const notice = await screen.findByText(said);
      fireEvent.click(within(notice.parentElement!).getByRole('button', { name: 'Undo' }));
      await waitFor(() => expect(api.callsTo('marks.clear')).toHaveLength(1));
      await waitFor(() => expect(titles()).toContain(title), { timeout: 2000 });
    },
  );

  it('sends the filters to the service', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() =>
      expect(screen.getByTestId('foryou-genre').querySelectorAll('option').length).toBeGreaterThan(
        1,
      ),
    );
    fireEvent.change(screen.getByTestId('foryou-genre'), { target: { value: 'Sci-Fi' } });
    fireEvent.change(screen.getByTestId('foryou-decade'), { target: { value: '1990' } });
    fireEvent.change(screen.getByTestId('foryou-diversity'), { target: { value: '0.5' } });
    await waitFor(() =>
      expect(api.callsTo('recommend.forYou').at(-1)).toMatchObject({
        genre: 'Sci-Fi',
        decade: 1990,
        diversity: 0.5,
      }),
    );
  });

  it('lists only the movies tagged as typed, once the typing pauses, and says which tags matched', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    const [first, second] = movies;
    api.handle('recommend.forYou', ({ tag }) => ({
      items: (tag === undefined ? [first, second] : tag === 'heist' ? [second] : []).map((m) =>
        recommended(m, 'Close to movies you loved', []),
      ),
      freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 3 },
      starScale: null,
      ...(tag === undefined ? {} : { tags: tag === 'heist' ? ['heist', 'heists'] : [] }),
    }));
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(2));
    const input = screen.getByTestId('foryou-tag');
    expect((input as HTMLInputElement).maxLength).toBe(tagFilterMax);
    for (const typed of ['h', 'he', 'heist']) fireEvent.change(input, { target: { value: typed } });
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(1));
    // one question for the word typed, not one a keystroke
    expect(api.callsTo('recommend.forYou').map((r) => (r as { tag?: string }).tag)).toEqual([
      undefined,
      'heist',
    ]);
    expect(screen.getByTestId('foryou-tagged').textContent).toBe(
      'Only movies viewers tagged “heist” or “heists”, best match first.',
    );
    // the catalogue's tags are offered to complete what is typed
    fireEvent.change(input, { target: { value: 'spa' } });
    await waitFor(() =>
      expect(
        [...screen.getByTestId('foryou-tag-offered').querySelectorAll('option')].map(
          (o) => o.value,
        ),
      ).toEqual(['space', 'space travel']),
    );
    expect(input.getAttribute('list')).toBe(screen.getByTestId('foryou-tag-offered').id);
    // one picked from them is asked for at once, without the pause for typing
    const asked = api.callsTo('recommend.forYou').length;
    fireEvent.change(input, { target: { value: 'space travel' } });
    expect(api.callsTo('recommend.forYou')).toHaveLength(asked + 1);
    expect(api.callsTo('recommend.forYou').at(-1)).toMatchObject({ tag: 'space travel' });
    fireEvent.change(input, { target: { value: 'no such tag' } });
    await waitFor(() =>
      expect(screen.getByTestId('foryou-empty').textContent).toBe(
        'No movie is tagged “no such tag”. Try another word, or clear the tag.',
      ),
    );
    fireEvent.change(input, { target: { value: '' } });
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(2));
    expect(api.callsTo('recommend.forYou').at(-1)).not.toHaveProperty('tag');
  });

  it('counts neither the films marked seen nor the hidden ones among those left to choose from', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    await withMlLatestSmallCatalogue(api);
    const marked = (id: number, mark: 'seen' | 'not-interested') => ({
      movieId: id,
      mark,
      markedAt: 1,
      movie: movie(id, `Movie ${id}`, 1990, ['Drama']),
    });
    useMarks.setState({
      profileId: alice.id,
      loaded: true,
      // 200 films seen, one hidden, and one hidden that was rated since (counted once, as rated).
      list: [
        ...Array.from({ length: 200 }, (_, k) => marked(1000 + k, 'seen')),
        marked(900, 'not-interested'),
        marked(2, 'not-interested'),
      ],
    });
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() =>
      expect(screen.getByTestId('foryou-count').textContent).toBe(
        'Showing 1 of the 9,500+ movies you have not rated, seen or hidden',
      ),
    );
    act(() => useMarks.setState({ list: [marked(900, 'not-interested')] }));
    expect(screen.getByTestId('foryou-count').textContent).toBe(
      'Showing 1 of the 9,700+ movies you have not rated or hidden',
    );
  });

  it('loads more of the list and says how much of the catalogue it covers', async () => {
    const { api, alice } = await signIn({ 2: 5, 3: 4.5, 4: 1, 5: 4.5, 1: 2 });
    const pool = Array.from({ length: 60 }, (_, i) =>
      recommended(movie(100 + i, `Movie ${i + 1}`, 1990, ['Drama']), 'Close to movies you loved'),
    );
    api.handle('recommend.forYou', ({ limit }) => ({
      items: pool.slice(0, limit),
      starScale: null,
      freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 3 },
    }));
    await withMlLatestSmallCatalogue(api);
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(24));
    expect(screen.getByTestId('foryou-count').textContent).toBe(
      'Showing 24 of the 9,700+ movies you have not rated',
    );
    fireEvent.click(screen.getByTestId('foryou-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(48));
    expect(api.callsTo('recommend.forYou').at(-1)).toMatchObject({ limit: 48 });
    expect(screen.getAllByTestId('foryou-card')[0].textContent).toContain('Movie 1');
    fireEvent.click(screen.getByTestId('foryou-load-more'));
    await waitFor(() => expect(screen.getAllByTestId('foryou-card')).toHaveLength(60));
    // The last answer came short of the 72 asked for: that is the whole list.
    expect(screen.queryByTestId('foryou-load-more')).toBeNull();

    // A filter starts the list again from one page, and the count no longer claims the catalogue.
    fireEvent.change(screen.getByTestId('foryou-decade'), { target: { value: '1990' } });
    await waitFor(() =>
      expect(api.callsTo('recommend.forYou').at(-1)).toMatchObject({ limit: 24, decade: 1990 }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('foryou-count').textContent).toBe('24 movies shown'),
    );
  }, 20_000);
});

describe('the "for you" screen after another release became the one the app learns from', () => {
  beforeEach(resetStores);

  it('says the list comes from the model trained on the earlier data, and opens the Model page', async () => {
    const { api, alice } = await signIn({ 2: 5 });
    learningFromMl100k(api);
    await useCatalogue.getState().load();
    let trainedOn: string | undefined = 'ml-latest-small';
    api.handle('recommend.forYou', () => ({
      items: movies.map((m) => recommended(m, 'Popular and well liked')),
      starScale: null,
      freshness: {
        modelName: 'fake-mf',
        personalModel: 'folded-in' as const,
        computedMs: 3,
        trainedOn,
      },
    }));
    const { unmount } = render(<ForYouScreen profileId={alice.id} />);
    const note = await screen.findByTestId('foryou-trained-elsewhere');
    expect(note.textContent).toMatch(
      /comes from a model trained on ml-latest-small, not on ml-100k.*Pretrain on the Model page to learn from ml-100k/,
    );
    fireEvent.click(within(note).getByRole('button', { name: 'Open Model' }));
    expect(useNavigation.getState().screen).toBe('model');
    unmount();

    trainedOn = undefined;
    const calls = api.callsTo('recommend.forYou').length;
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(api.callsTo('recommend.forYou').length).toBeGreaterThan(calls));
    await waitFor(() => expect(screen.queryByTestId('foryou-trained-elsewhere')).toBeNull());
  });
});
