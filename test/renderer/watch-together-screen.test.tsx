import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { WatchTogetherScreen } from '../../renderer/src/screens/WatchTogetherScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { routeFromHash } from '../../renderer/src/util/hash-routes';
import { fakeWorld, movies, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

async function household() {
  const api = useFakeApi(
    fakeWorld({
      profiles: [
        { name: 'Alice', ratings: { 1: 5, 2: 4 } },
        { name: 'Bob', ratings: { 3: 4.5 } },
        { name: 'Dee', passphrase: 'open sesame', ratings: { 4: 1 } },
      ],
    }),
  );
  await useProfiles.getState().load();
  await useCatalogue.getState().load();
  const [alice, bob, dee] = useProfiles.getState().profiles;
  await useProfiles.getState().select(alice.id);
  return { api, alice, bob, dee };
}

describe('the "watch together" screen', () => {
  beforeEach(resetStores);

  it('has its own address', () => {
    expect(routeFromHash('#/watch-together')).toEqual({ screen: 'together', movieId: null });
  });

  it('lists movies nobody in the group rated, each with every member’s predicted stars', async () => {
    const { api, alice, bob } = await household();
    render(<WatchTogetherScreen profileId={alice.id} />);
    const find = screen.getByTestId('together-find') as HTMLButtonElement;
    expect(find.className).toBe('button primary'); // styled as the screen's main action
    expect(find.disabled).toBe(true); // one member is not a group
    fireEvent.click(within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox'));
    expect(find.disabled).toBe(false);
    fireEvent.click(find);
    await waitFor(() => expect(screen.getAllByTestId('together-card')).toHaveLength(3));
    expect(api.calls.filter((c) => c.channel === 'recommend.together')[0].request).toMatchObject({
      profileIds: [alice.id, bob.id],
    });
    const titles = screen.getAllByTestId('together-card').map((c) => c.textContent);
    for (const rated of ['Toy Story (', 'The Matrix', 'Pulp Fiction']) {
      expect(titles.some((t) => t!.includes(rated))).toBe(false);
    }
    const stars = within(screen.getAllByTestId('together-card')[0])
      .getAllByTestId('together-star')
      .map((s) => s.textContent);
    expect(stars).toEqual(['Alice: 90% match · 4.5★', 'Bob: 80% match · 4.0★']);
    // the order follows the matches, not the stars, and the screen says so
    expect(screen.getByTestId('together-order-note').textContent).toMatch(
      /Ordered by how well each movie fits all of you together: how far it stands out .* averaged.*stars are a separate guess/,
    );
    expect(screen.getAllByTestId('together-reason')[0].textContent).toBe(
      'Best shared match: nobody is left out',
    );
  });

  it('narrows the list to a genre or a tag, asking again once a list is shown', async () => {
    const { api, alice, bob } = await household();
    const genreOnly = api.handlerOf('recommend.together');
    api.handle('recommend.together', async (request) => {
      const answer = await genreOnly(request);
      if (request.tag === undefined) return answer;
      const tagged = request.tag === 'space' ? [5] : [];
      return {
        ...answer,
        items: answer.items.filter((item) => tagged.includes(item.movie.id)),
        tags: request.tag === 'space' ? ['space', 'space travel'] : [],
      };
    });
    render(<WatchTogetherScreen profileId={alice.id} />);
    fireEvent.click(within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox'));
    fireEvent.change(screen.getByTestId('together-genre'), { target: { value: 'Sci-Fi' } });
    expect(api.callsTo('recommend.together')).toHaveLength(0); // nothing asked before Find
    fireEvent.click(screen.getByTestId('together-find'));
    await waitFor(() => expect(screen.getAllByTestId('together-card')).toHaveLength(1));
    expect(screen.getByTestId('together-card').textContent).toMatch(/Alien/);
    expect(api.callsTo('recommend.together')[0]).toMatchObject({ genre: 'Sci-Fi' });

    const tag = screen.getByTestId('together-tag');
    for (const typed of ['s', 'sp', 'space']) fireEvent.change(tag, { target: { value: typed } });
    await waitFor(() =>
      expect(screen.getByTestId('together-tagged').textContent).toBe(
        'Only movies viewers tagged “space” or “space travel”.',
      ),
    );
    // one question for the word typed, not one a keystroke
    expect(api.callsTo('recommend.together').map((r) => (r as { tag?: string }).tag)).toEqual([
      undefined,
      'space',
    ]);
    fireEvent.change(tag, { target: { value: 'heist' } });
    await waitFor(() =>
      expect(screen.getByTestId('together-empty').textContent).toBe(
        'No movie is tagged “heist”. Try another word, or clear the tag.',
      ),
    );
    fireEvent.change(tag, { target: { value: '' } });
    fireEvent.change(screen.getByTestId('together-genre'), { target: { value: 'Action' } });
    await waitFor(() =>
      expect(screen.getByTestId('together-empty').textContent).toBe(
        'No Action movie suits all of you: one that any of you would likely dislike is left out.',
      ),
    );
    expect(api.callsTo('recommend.together').at(-1)).toMatchObject({ tag: undefined });

    // a decade narrows it too, and the empty list names it
    fireEvent.change(screen.getByTestId('together-genre'), { target: { value: 'Sci-Fi' } });
    fireEvent.change(screen.getByTestId('together-decade'), { target: { value: '1970' } });
    await waitFor(() => expect(screen.getAllByTestId('together-card')).toHaveLength(1));
    expect(screen.getByTestId('together-card').textContent).toMatch(/Alien/);
    expect(api.callsTo('recommend.together').at(-1)).toMatchObject({
      genre: 'Sci-Fi',
      decade: 1970,
    });
    fireEvent.change(screen.getByTestId('together-decade'), { target: { value: '1920' } });
    await waitFor(() =>
      expect(screen.getByTestId('together-empty').textContent).toBe(
        'No 1920s Sci-Fi movie suits all of you: one that any of you would likely dislike is left out.',
      ),
    );

    // and so does a minimum number of ratings, as on For you
    fireEvent.change(screen.getByTestId('together-decade'), { target: { value: '1970' } });
    await waitFor(() => expect(screen.getAllByTestId('together-card')).toHaveLength(1));
    fireEvent.change(screen.getByTestId('together-popularity'), { target: { value: '200' } });
    await waitFor(() =>
      expect(screen.getByTestId('together-empty').textContent).toBe(
        'No 1970s Sci-Fi movie with 200+ ratings suits all of you: one that any of you would likely dislike is left out.',
      ),
    );
    expect(api.callsTo('recommend.together').at(-1)).toMatchObject({ minPopularity: 200 });
  });

  it('keeps the group, its filters and its list while a movie is opened, and asks again on coming back', async () => {
    const { api, alice, bob } = await household();
    const first = render(<WatchTogetherScreen profileId={alice.id} />);
    fireEvent.click(within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox'));
    fireEvent.change(screen.getByTestId('together-genre'), { target: { value: 'Sci-Fi' } });
    fireEvent.click(screen.getByTestId('together-find'));
    await waitFor(() => expect(screen.getAllByTestId('together-card')).toHaveLength(1));
    first.unmount(); // off to the movie's page

    render(<WatchTogetherScreen profileId={alice.id} />);
    // shown at once as it was, before the new answer
    expect(screen.getAllByTestId('together-card')).toHaveLength(1);
    expect((screen.getByTestId('together-genre') as HTMLSelectElement).value).toBe('Sci-Fi');
    const bobBox = within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox');
    expect((bobBox as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(api.callsTo('recommend.together')).toHaveLength(2));
    expect(api.callsTo('recommend.together')[1]).toMatchObject({
      profileIds: [alice.id, bob.id],
      genre: 'Sci-Fi',
    });
  });

  it('changes the list shown as soon as who is watching changes', async () => {
    const { api, alice, bob } = await household();
    render(<WatchTogetherScreen profileId={alice.id} />);
    const bobBox = within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox');
    fireEvent.click(bobBox);
    expect(api.callsTo('recommend.together')).toHaveLength(0); // nothing asked before Find
    fireEvent.click(screen.getByTestId('together-find'));
    await waitFor(() => expect(screen.getAllByTestId('together-card').length).toBeGreaterThan(0));
    fireEvent.click(bobBox); // Alice alone is not a group: no list for a group that is gone
    expect(screen.queryAllByTestId('together-card')).toHaveLength(0);
    fireEvent.click(bobBox);
    await waitFor(() => expect(screen.getAllByTestId('together-card').length).toBeGreaterThan(0));
    expect(api.callsTo('recommend.together')).toHaveLength(2);
    expect(api.callsTo('recommend.together')[1]).toMatchObject({ profileIds: [alice.id, bob.id] });
  });

  it('forgets the group’s list when the app switches to another profile', async () => {
    const { alice, bob } = await household();
    const first = render(<WatchTogetherScreen profileId={alice.id} />);
    fireEvent.click(within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('together-find'));
    await waitFor(() => expect(screen.getAllByTestId('together-card').length).toBeGreaterThan(0));
    first.unmount();
    await useProfiles.getState().select(bob.id);
    render(<WatchTogetherScreen profileId={bob.id} />);
    expect(screen.queryAllByTestId('together-card')).toHaveLength(0);
    const aliceBox = within(screen.getByTestId(`together-member-${alice.id}`)).getByRole(
      'checkbox',
    );
    expect((aliceBox as HTMLInputElement).checked).toBe(false);
  });

  it('says whose predicted stars run low, by name and without their ratings', async () => {
    const { api, alice, bob } = await household();
    api.handle('recommend.together', ({ profileIds }) => ({
      members: profileIds.map((profileId) => ({
        profileId,
        name: profileId === bob.id ? 'Bob' : 'Alice',
        starsRun: profileId === bob.id ? ('lower' as const) : null,
      })),
      items: [
        {
          movie: movies[4],
          score: 1,
          members: profileIds.map((profileId) => ({ profileId, match: 70, predictedRating: 3 })),
          reason: {
            text: 'Nobody’s predicted below 3.0★',
            because: [],
            sharedGenres: [],
            sharedTags: [],
            likeMindedLovers: null,
            kind: 'together' as const,
          },
        },
      ],
      modelName: 'fake-mf',
      computedMs: 1,
    }));
    render(<WatchTogetherScreen profileId={alice.id} />);
    fireEvent.click(within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('together-find'));
    expect((await screen.findByTestId('together-star-scale')).textContent).toBe(
      'Bob rates lower than most, so their predicted stars run lower too.',
    );
  });

  it('says a member without ratings has no guess yet instead of empty figures', async () => {
    useFakeApi(
      fakeWorld({
        profiles: [
          { name: 'Alice', ratings: { 1: 5 } },
          { name: 'Cy', ratings: {} },
        ],
      }),
    );
    await useProfiles.getState().load();
    const [alice, cy] = useProfiles.getState().profiles;
    await useProfiles.getState().select(alice.id);
    render(<WatchTogetherScreen profileId={alice.id} />);
    fireEvent.click(within(screen.getByTestId(`together-member-${cy.id}`)).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('together-find'));
    await waitFor(() => expect(screen.getAllByTestId('together-card').length).toBeGreaterThan(0));
    const stars = within(screen.getAllByTestId('together-card')[0])
      .getAllByTestId('together-star')
      .map((s) => s.textContent);
    expect(stars).toEqual(['Alice: 90% match · 4.5★', 'Cy: no guess yet']);
  });

  it('says its list comes from a model trained on other data until a pretrain', async () => {
    const { api, alice, bob } = await household();
    const together = api.handlerOf('recommend.together');
    api.handle('recommend.together', async (request) => ({
      ...(await together(request)),
      trainedOn: 'ml-latest-small',
    }));
    render(<WatchTogetherScreen profileId={alice.id} />);
    expect(screen.queryByTestId('together-trained-elsewhere')).toBeNull();
    fireEvent.click(within(screen.getByTestId(`together-member-${bob.id}`)).getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('together-find'));
    const note = await screen.findByTestId('together-trained-elsewhere');
    expect(note.textContent).toMatch(
      /^This list comes from a model trained on ml-latest-small, not on .*: it ranks movies by what ml-latest-small’s viewers watched and loved\. Pretrain on the Model page/,
    );
  });

  it('keeps a locked profile out until it is unlocked', async () => {
    const { alice, dee } = await household();
    const { unmount } = render(<WatchTogetherScreen profileId={alice.id} />);
    const row = screen.getByTestId(`together-member-${dee.id}`);
    expect(row.textContent).toMatch(/unlock first/);
    expect((within(row).getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    unmount();

    useProfiles.setState({ unlocked: [dee.id] });
    render(<WatchTogetherScreen profileId={alice.id} />);
    const open = screen.getByTestId(`together-member-${dee.id}`);
    expect(open.textContent).not.toMatch(/unlock first/);
    expect((within(open).getByRole('checkbox') as HTMLInputElement).disabled).toBe(false);
  });
});
