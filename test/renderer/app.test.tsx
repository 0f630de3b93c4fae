import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../../shared/api';
import { App, effectiveScreen } from '../../renderer/src/App';
import { ErrorBoundary } from '../../renderer/src/components/ErrorBoundary';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { polyfillResizeObserver, resetStores } from './reset-stores';

describe('the app', () => {
  beforeEach(() => {
    resetStores();
    polyfillResizeObserver();
  });

  it('routes to profiles first and to the import screen while the catalogue is empty', () => {
    expect(effectiveScreen('forYou', false, true)).toBe('profiles');
    expect(effectiveScreen('forYou', true, true)).toBe('import');
    expect(effectiveScreen('search', true, false)).toBe('search');
  });

  it('on first run, makes a profile and then asks for a catalogue', async () => {
    useFakeApi(fakeWorld({ catalogueMovies: 0 }));
    render(<App />);
    await screen.findByText('Who’s watching?');
    expect(screen.getByText(/Make a profile first/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('new-profile'));
    const dialog = screen.getByTestId('create-profile-dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Alice' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create profile' }));
    await screen.findByTestId('screen-import');
    expect(screen.getByRole('heading', { name: 'Bring in a movie catalogue' })).toBeTruthy();
    expect((screen.getByTestId('nav-search') as HTMLButtonElement).disabled).toBe(true);
  });

  it('never shows one profile’s ratings under another', async () => {
    useFakeApi(
      fakeWorld({
        profiles: [{ name: 'Alice', ratings: { 2: 5, 3: 4.5, 4: 1, 5: 4, 1: 3 } }, { name: 'Bob' }],
      }),
    );
    render(<App />);
    fireEvent.click(await screen.findByTestId('open-profile-Alice'));
    await screen.findByTestId('screen-forYou');
    await waitFor(() => expect(screen.getAllByTestId('reason').length).toBeGreaterThan(0));
    expect(screen.getAllByTestId('reason')[0].textContent).toContain('Also because you rated');

    act(() => useNavigation.getState().openMovie(2));
    await screen.findByTestId('movie-title');
    const movieRating = () => within(screen.getByTestId('movie-rating')).getByRole('slider');
    await waitFor(() => expect(movieRating().getAttribute('aria-valuenow')).toBe('5'));

    const bob = useProfiles.getState().profiles.find((p) => p.name === 'Bob')!;
    await act(() => useProfiles.getState().select(bob.id));
    await waitFor(() => expect(movieRating().getAttribute('aria-valuetext')).toBe('Not rated'));
    expect(screen.queryAllByTestId('your-rating-badge')).toHaveLength(0);
    for (const slider of screen.getAllByRole('slider'))
      expect(slider.getAttribute('aria-valuetext')).toBe('Not rated');
  });

  it('asks for the passphrase when a locked profile is picked', async () => {
    useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret', ratings: { 2: 5 } }] }),
    );
    render(<App />);
    fireEvent.click(await screen.findByTestId('open-profile-Alice'));
    const dialog = await screen.findByTestId('unlock-dialog');
    fireEvent.change(within(dialog).getByLabelText('Passphrase'), { target: { value: 'wrong' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Wrong passphrase');
    fireEvent.change(within(dialog).getByLabelText('Passphrase'), { target: { value: 'secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(screen.queryByTestId('unlock-dialog')).toBeNull());
    expect(useProfiles.getState().currentId).not.toBeNull();
  });

  it('says the service did not answer instead of showing a blank window', async () => {
    const api = fakeWorld();
    api.handle('app.info', () => {
      throw new Error('connection refused');
    });
    useFakeApi(api);
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain('connection refused');
  });

  it('says on every page that the catalogue is damaged once the backup check finds it', async () => {
    const api = fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] });
    useFakeApi(api);
    render(<App />);
    fireEvent.click(await screen.findByTestId('open-profile-Alice'));
    await screen.findByTestId('screen-forYou');
    expect(screen.queryByTestId('catalogue-damage')).toBeNull();
    const message = 'The catalogue /tmp/fake.db is damaged (database disk image is malformed).';
    act(() => api.emit('catalogue.damaged', { message }));
    const banner = await screen.findByTestId('catalogue-damage');
    expect(banner.textContent).toContain(message);
    expect(banner.textContent).toContain('ratings may fail to');
    act(() => useNavigation.getState().go('search'));
    await screen.findByTestId('screen-search');
    expect(screen.getByTestId('catalogue-damage').textContent).toContain(message);
  });

  it('says so too when any call meets the damage', async () => {
    const api = fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] });
    const message = 'The catalogue /tmp/fake.db is damaged (database disk image is malformed).';
    api.handle('recommend.forYou', () => {
      throw new ApiError('damaged', message);
    });
    useFakeApi(api);
    render(<App />);
    fireEvent.click(await screen.findByTestId('open-profile-Alice'));
    expect((await screen.findByTestId('catalogue-damage')).textContent).toContain(message);
  });

  it('says so from the start when the service found the damage before the window opened', async () => {
    const api = fakeWorld();
    const info = await api.call('app.info', {});
    api.handle('app.info', () => ({ ...info, damage: 'The catalogue is damaged.' }));
    useFakeApi(api);
    render(<App />);
    expect((await screen.findByTestId('catalogue-damage')).textContent).toContain(
      'The catalogue is damaged.',
    );
  });
});

describe('the error boundary', () => {
  it('shows a readable message and recovers', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    function Fragile() {
      if (broken) throw new Error('The list could not be drawn');
      return <p>fine now</p>;
    }
    render(
      <ErrorBoundary scope="the list">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByTestId('error-boundary').textContent).toContain(
      'The list could not be drawn',
    );
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('fine now')).toBeTruthy();
    spy.mockRestore();
  });
});
