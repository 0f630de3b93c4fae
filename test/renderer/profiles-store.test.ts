import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { useForYou } from '../../renderer/src/stores/for-you';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

describe('the profiles store', () => {
  beforeEach(resetStores);

  it('creates a profile and makes it current', async () => {
    const api = useFakeApi();
    const profile = await useProfiles.getState().create('Alice');
    expect(useProfiles.getState().currentId).toBe(profile.id);
    expect(useProfiles.getState().profiles.map((p) => p.name)).toEqual(['Alice']);
    expect(api.callsTo('profiles.create')).toEqual([{ name: 'Alice' }]);
  });

  it('forgets the previous profile’s ratings and lists the moment it switches', async () => {
    useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5, 3: 4 } }, { name: 'Bob' }] }),
    );
    await useProfiles.getState().load();
    const [alice, bob] = useProfiles.getState().profiles;
    await useProfiles.getState().select(alice.id);
    await useRatings.getState().load(alice.id);
    await useForYou.getState().load(alice.id);
    expect(useRatings.getState().byMovie).toEqual({ 2: 5, 3: 4 });
    expect(useForYou.getState().items.length).toBeGreaterThan(0);

    await useProfiles.getState().select(bob.id);
    expect(useRatings.getState().byMovie).toEqual({});
    expect(useForYou.getState().items).toEqual([]);
  });

  it('drops an answer that arrives for a profile no longer current', async () => {
    const api = useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }, { name: 'Bob' }] }),
    );
    await useProfiles.getState().load();
    const [alice, bob] = useProfiles.getState().profiles;
    await useProfiles.getState().select(alice.id);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    api.handle('ratings.list', async () => {
      await gate;
      return [
        {
          movieId: 2,
          rating: 5,
          ratedAt: 0,
          movie: {
            id: 2,
            title: 'The Matrix',
            year: 1999,
            genres: [],
            ratingCount: 1,
            averageRating: 4,
          },
        },
      ];
    });
    const slow = useRatings.getState().load(alice.id);
    await useProfiles.getState().select(bob.id);
    release();
    await slow;
    expect(useRatings.getState().byMovie).toEqual({});
  });

  it('asks for the passphrase of a locked profile before opening it', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret' }] }));
    await useProfiles.getState().load();
    const alice = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(alice.id);
    expect(useProfiles.getState().currentId).toBeNull();
    expect(useProfiles.getState().unlockRequest).toEqual({ profileId: alice.id });

    await expect(useProfiles.getState().unlock(alice.id, 'nope')).rejects.toThrow(
      /Wrong passphrase/,
    );
    expect(useProfiles.getState().currentId).toBeNull();

    await useProfiles.getState().unlock(alice.id, 'secret');
    expect(useProfiles.getState().currentId).toBe(alice.id);
    expect(useProfiles.getState().unlockRequest).toBeNull();
    expect(api.callsTo('profiles.unlock')).toHaveLength(2);
  });

  it('signs the unlocked profile out when switching away from it', async () => {
    const api = useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret' }, { name: 'Bob' }] }),
    );
    await useProfiles.getState().load();
    const [alice, bob] = useProfiles.getState().profiles;
    await useProfiles.getState().unlock(alice.id, 'secret');
    await useProfiles.getState().select(bob.id);
    expect(api.callsTo('profiles.signOut')).toHaveLength(1);
    await useProfiles.getState().select(alice.id);
    expect(useProfiles.getState().currentId).toBe(bob.id);
    expect(useProfiles.getState().unlockRequest).toEqual({ profileId: alice.id });
  });

  it('turns a "locked" answer into a passphrase prompt', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret' }] }));
    await useProfiles.getState().load();
    const alice = useProfiles.getState().profiles[0];
    useProfiles.setState({ currentId: alice.id });
    await useRatings.getState().load(alice.id);
    expect(useRatings.getState().error).toMatch(/locked/i);
    expect(useProfiles.getState().unlockRequest).toEqual({ profileId: alice.id });
  });

  it('forgets the current profile when it is deleted', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 1: 3 } }] }));
    await useProfiles.getState().load();
    const alice = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(alice.id);
    await useRatings.getState().load(alice.id);
    await useProfiles.getState().remove(alice.id);
    expect(useProfiles.getState().currentId).toBeNull();
    expect(useProfiles.getState().profiles).toEqual([]);
    expect(useRatings.getState().byMovie).toEqual({});
  });
});

describe('locking the profile in use', () => {
  beforeEach(resetStores);

  it('keeps it open on this connection, since the person just typed the passphrase', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 4 } }] }));
    await useProfiles.getState().load();
    const alice = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(alice.id);
    await useProfiles.getState().lock(alice.id, 'open sesame');
    expect(api.callsTo('profiles.unlock')).toEqual([]);
    expect(useProfiles.getState().unlocked).toContain(alice.id);
    await useRatings.getState().load(alice.id);
    expect(useRatings.getState().byMovie).toEqual({ 2: 4 });
    expect(useProfiles.getState().unlockRequest).toBeNull();
  });
});
