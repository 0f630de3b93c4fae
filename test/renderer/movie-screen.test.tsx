import { render, screen, waitFor } from '@testing-library/react';
import { MovieScreen } from '../../renderer/src/screens/MovieScreen';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
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
});
