import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ForYouScreen } from '../../renderer/src/screens/ForYouScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, useFakeApi } from './fake-api';
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
  });

  it('asks a new profile to rate well-known movies first', async () => {
    const { alice } = await signIn({});
    render(<ForYouScreen profileId={alice.id} />);
    await waitFor(() => expect(screen.getAllByTestId('onboarding-card')).toHaveLength(5));
    expect(screen.getByTestId('onboarding-count').textContent).toBe('0 rated · 5 more to go');
    fireEvent.keyDown(screen.getByRole('slider', { name: 'Your rating of The Matrix' }), {
      key: '4',
    });
    await waitFor(() =>
      expect(screen.getByTestId('onboarding-count').textContent).toBe('1 rated · 4 more to go'),
    );
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
});
