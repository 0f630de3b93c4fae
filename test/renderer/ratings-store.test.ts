import { ApiError } from '../../shared/api';
import { useNotices } from '../../renderer/src/stores/notices';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

describe('the ratings store', () => {
  beforeEach(resetStores);

  async function aliceWith(ratings: Record<number, number> = {}) {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings }] }));
    await useProfiles.getState().load();
    const alice = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(alice.id);
    await useRatings.getState().load(alice.id);
    return { api, alice };
  }

  it('shows a rating at once, saves it, and counts it on the profile', async () => {
    const { api, alice } = await aliceWith();
    const versionBefore = useRatings.getState().version;
    const saving = useRatings.getState().rate(alice.id, 2, 4.5);
    expect(useRatings.getState().byMovie[2]).toBe(4.5);
    await saving;
    expect(api.callsTo('ratings.set')).toEqual([{ profileId: alice.id, movieId: 2, rating: 4.5 }]);
    expect(useProfiles.getState().profiles[0].ratingCount).toBe(1);
    expect(useRatings.getState().version).toBeGreaterThan(versionBefore);
  });

  it('takes the profile’s count from the ratings it reads, which an import may have changed', async () => {
    const { api, alice } = await aliceWith();
    expect(useProfiles.getState().profiles[0].ratingCount).toBe(0);
    // As an import does: ratings written behind the store's back.
    api.handle('ratings.list', () =>
      [1, 2].map((movieId) => ({
        movieId,
        rating: 4,
        ratedAt: 0,
        movie: {
          id: movieId,
          title: `Movie ${movieId}`,
          year: 2000,
          genres: [],
          ratingCount: 1,
          averageRating: 4,
        },
      })),
    );
    await useRatings.getState().load(alice.id);
    expect(useProfiles.getState().profiles[0].ratingCount).toBe(2);
  });

  it('clears a rating', async () => {
    const { api, alice } = await aliceWith({ 3: 4 });
    await useRatings.getState().clear(alice.id, 3);
    expect(useRatings.getState().byMovie[3]).toBeUndefined();
    expect(api.callsTo('ratings.clear')).toEqual([{ profileId: alice.id, movieId: 3 }]);
  });

  it('puts the old rating back and says so when saving fails', async () => {
    const { api, alice } = await aliceWith({ 3: 4 });
    api.handle('ratings.set', () => {
      throw new ApiError('failed', 'The disk is full');
    });
    await useRatings.getState().rate(alice.id, 3, 1);
    expect(useRatings.getState().byMovie[3]).toBe(4);
    expect(useNotices.getState().notices.map((n) => n.text)).toEqual([
      'Your rating was not saved: The disk is full',
    ]);
  });
});
