import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { rememberLastProfile } from '../../renderer/src/stores/last-profile';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useSearch } from '../../renderer/src/stores/search';
import { hashFor, routeFromHash } from '../../renderer/src/util/hash-routes';
import { fakeWorld, useFakeApi } from './fake-api';
import { polyfillResizeObserver, resetStores } from './reset-stores';

async function openAppAsAlice() {
  useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5, 3: 4.5 } }] }));
  render(<App />);
  fireEvent.click(await screen.findByTestId('open-profile-Alice'));
  await screen.findByTestId('screen-forYou');
}

describe('pages in the address', () => {
  beforeEach(() => {
    resetStores();
    polyfillResizeObserver();
  });

  it('names every page by a hash route and reads it back', () => {
    expect(hashFor({ screen: 'movie', movieId: 2571 })).toBe('#/movie/2571');
    expect(hashFor({ screen: 'forYou', movieId: null })).toBe('#/for-you');
    expect(hashFor({ screen: 'search', movieId: null }, 'alien 1979')).toBe(
      '#/search?q=alien+1979',
    );
    expect(routeFromHash('#/movie/2571')).toEqual({ screen: 'movie', movieId: 2571 });
    expect(routeFromHash('#/search?q=alien+1979')).toEqual({
      screen: 'search',
      movieId: null,
      query: 'alien 1979',
    });
    for (const screenName of ['people', 'taste', 'model', 'about'] as const) {
      expect(routeFromHash(hashFor({ screen: screenName, movieId: null }))).toEqual({
        screen: screenName,
        movieId: null,
      });
    }
    expect(routeFromHash('#/nowhere')).toBeNull();
    expect(routeFromHash('#/movie/0')).toBeNull();
    expect(routeFromHash('')).toBeNull();
  });

  it('follows the page in the address, and the browser’s back and forward move through it', async () => {
    await openAppAsAlice();
    await waitFor(() => expect(window.location.hash).toBe('#/for-you'));
    act(() => useNavigation.getState().openMovie(2));
    await screen.findByTestId('movie-title');
    expect(window.location.hash).toBe('#/movie/2');

    act(() => window.history.back());
    await screen.findByTestId('screen-forYou');
    expect(window.location.hash).toBe('#/for-you');
    expect(useNavigation.getState().screen).toBe('forYou');

    act(() => window.history.forward());
    await screen.findByTestId('screen-movie');
    expect(useNavigation.getState()).toMatchObject({ screen: 'movie', movieId: 2 });
  });

  it('goes back with Alt+Left and the mouse’s back button, forward with Alt+Right and its forward button', async () => {
    await openAppAsAlice();
    act(() => useNavigation.getState().go('taste'));
    await screen.findByTestId('screen-taste');

    fireEvent.keyDown(document.body, { key: 'ArrowLeft', altKey: true });
    await screen.findByTestId('screen-forYou');
    fireEvent.keyDown(document.body, { key: 'ArrowRight', altKey: true });
    await screen.findByTestId('screen-taste');

    fireEvent.mouseUp(document.body, { button: 3 });
    await screen.findByTestId('screen-forYou');
    fireEvent.mouseUp(document.body, { button: 4 });
    await screen.findByTestId('screen-taste');
  });

  it('leaves Alt+arrows alone in a text field, where they move the caret', async () => {
    await openAppAsAlice();
    act(() => useNavigation.getState().go('search'));
    const input = await screen.findByTestId('search-input');
    fireEvent.keyDown(input, { key: 'ArrowLeft', altKey: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(useNavigation.getState().screen).toBe('search');
  });

  it('the movie page’s Back button returns to the list it came from', async () => {
    await openAppAsAlice();
    act(() => useNavigation.getState().openMovie(2));
    fireEvent.click(await screen.findByTestId('back'));
    await screen.findByTestId('screen-forYou');
    expect(window.location.hash).toBe('#/for-you');
  });

  it('keeps what was typed in the search address, and opens the page an address names', async () => {
    await openAppAsAlice();
    act(() => useNavigation.getState().go('search'));
    fireEvent.change(await screen.findByTestId('search-input'), { target: { value: 'toy' } });
    await waitFor(() => expect(window.location.hash).toBe('#/search?q=toy'));

    act(() => {
      window.location.hash = '#/movie/5';
    });
    await waitFor(() => expect(screen.getByTestId('movie-title').textContent).toContain('Alien'));
    act(() => {
      window.location.hash = '#/search?q=matrix';
    });
    await screen.findByTestId('screen-search');
    expect(useSearch.getState().query).toBe('matrix');
  });

  it('reopens the page the address names, with the profile used last', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    rememberLastProfile(1);
    window.history.replaceState(null, '', '#/movie/3');
    render(<App />);
    await waitFor(() =>
      expect(screen.getByTestId('movie-title').textContent).toContain('Pulp Fiction'),
    );
  });
});
