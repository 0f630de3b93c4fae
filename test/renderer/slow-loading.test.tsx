import { act, render, screen } from '@testing-library/react';
import {
  countingEveryRating,
  Loading,
  SLOW_LOADING_MS,
} from '../../renderer/src/components/StateMessages';
import { PeopleScreen } from '../../renderer/src/screens/PeopleScreen';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

/** A list that keeps a person waiting says why, once it has: not at every quick load. */
describe('a slow first list', () => {
  beforeEach(resetStores);
  afterEach(() => vi.useRealTimers());

  it('adds why it may take a while only once it has taken a while', () => {
    vi.useFakeTimers();
    render(<Loading label="Finding people like you…" slow="Reading every rating." />);
    expect(screen.queryByTestId('loading-slow')).toBeNull();
    act(() => vi.advanceTimersByTime(SLOW_LOADING_MS - 1));
    expect(screen.queryByTestId('loading-slow')).toBeNull();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.getByRole('status').textContent).toBe(
      'Finding people like you… Reading every rating.',
    );
  });

  it('says nothing more where there is no reason to give', () => {
    vi.useFakeTimers();
    render(<Loading />);
    act(() => vi.advanceTimersByTime(10 * SLOW_LOADING_MS));
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('people like you, while the catalogue is read for the first time', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Bea' }] }));
    // the service is reading every rating: no answer yet
    api.handle('recommend.peopleLikeYou', () => new Promise<never>(() => {}));
    await useProfiles.getState().load();
    const bea = useProfiles.getState().profiles[0];
    vi.useFakeTimers();
    render(<PeopleScreen profileId={bea.id} />);
    expect(screen.getByRole('status').textContent).toBe('Finding people like you…');
    act(() => vi.advanceTimersByTime(SLOW_LOADING_MS));
    expect(screen.getByTestId('loading-slow').textContent).toBe(` ${countingEveryRating}`);
  });
});
