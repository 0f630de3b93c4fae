import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { YourRating } from '../../renderer/src/components/YourRating';
import { useNotices } from '../../renderer/src/stores/notices';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

/** A click on the star a movie already has clears its rating: a slip that Undo puts right. */
describe('clearing a rating on a movie’s page or card', () => {
  beforeEach(resetStores);

  async function aliceRated(rating: number) {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: rating } }] }));
    await useProfiles.getState().load();
    const alice = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(alice.id);
    await useRatings.getState().load(alice.id);
    render(<YourRating movieId={2} title="Jumanji" testId="movie-rating" />);
    return { api, alice };
  }

  it.each([
    ['a click on the star it has', 'movie-rating-4'],
    ['the Clear button', 'movie-rating-clear'],
  ])('after %s, offers Undo, which puts the rating back', async (_, control) => {
    const { api, alice } = await aliceRated(4);
    fireEvent.click(screen.getByTestId(control));
    await waitFor(() => expect(api.callsTo('ratings.clear')).toHaveLength(1));
    expect(useRatings.getState().byMovie[2]).toBeUndefined();
    const [notice] = useNotices.getState().notices;
    expect(notice.text).toBe('Cleared your 4.0★ for “Jumanji”.');
    expect(notice.action?.label).toBe('Undo');

    act(() => notice.action!.run());
    await waitFor(() =>
      expect(api.callsTo('ratings.set')).toEqual([
        // as it was, when it was first given included
        { profileId: alice.id, movieId: 2, rating: 4, ratedAt: 1_700_000_000_002 },
      ]),
    );
    expect(useRatings.getState().byMovie[2]).toBe(4);
  });

  it('gives a new rating without a notice', async () => {
    const { api } = await aliceRated(4);
    fireEvent.click(screen.getByTestId('movie-rating-2.5'));
    await waitFor(() => expect(api.callsTo('ratings.set')).toHaveLength(1));
    expect(useNotices.getState().notices).toEqual([]);
  });
});
