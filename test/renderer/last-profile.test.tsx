import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { lastProfileId } from '../../renderer/src/stores/last-profile';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { resetProfilesForTests } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { polyfillResizeObserver, resetStores } from './reset-stores';

describe('the last profile', () => {
  beforeEach(() => {
    resetStores();
    polyfillResizeObserver();
  });

  it('is remembered and reopened at the next start', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }, { name: 'Bob' }] }));
    const first = render(<App />);
    fireEvent.click(await screen.findByTestId('open-profile-Bob'));
    await waitFor(() => expect(useProfiles.getState().currentId).toBe(2));
    expect(lastProfileId()).toBe(2);
    first.unmount();

    resetProfilesForTests(); // a new start: the stores are fresh, localStorage is not
    useFakeApi(api);
    render(<App />);
    await waitFor(() => expect(useProfiles.getState().currentId).toBe(2));
    expect(screen.queryByTestId('open-profile-Alice')).toBeNull();
  });

  it('is not reopened when it is locked, and is forgotten on signing out', async () => {
    const api = useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret' }, { name: 'Bob' }] }),
    );
    localStorage.setItem('movie-assistant.lastProfile', '1');
    render(<App />);
    await screen.findByTestId('open-profile-Alice');
    expect(useProfiles.getState().currentId).toBeNull();
    expect(api.callsTo('profiles.unlock')).toEqual([]);

    await useProfiles.getState().select(2);
    expect(lastProfileId()).toBe(2);
    await useProfiles.getState().signOut();
    expect(lastProfileId()).toBeNull();
  });
});
