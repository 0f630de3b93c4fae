import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { fakeWorld, useFakeApi } from './fake-api';
import { polyfillResizeObserver, resetStores } from './reset-stores';

async function appOnModelScreen() {
  useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
  render(<App />);
  fireEvent.click(await screen.findByTestId('open-profile-Alice'));
  await screen.findByTestId('screen-forYou');
  act(() => useNavigation.getState().go('model'));
  await screen.findByTestId('screen-model');
}

describe('the search shortcut', () => {
  beforeEach(() => {
    resetStores();
    polyfillResizeObserver();
  });

  it('"/" opens the search screen with the keyboard in the search box', async () => {
    await appOnModelScreen();
    fireEvent.keyDown(document.body, { key: '/' });
    const input = await screen.findByTestId('search-input');
    await waitFor(() => expect(document.activeElement).toBe(input));
  });

  it('Ctrl+K focuses the search box when it is already shown', async () => {
    await appOnModelScreen();
    act(() => useNavigation.getState().go('search'));
    const input = await screen.findByTestId('search-input');
    const genre = screen.getByTestId('search-sort');
    act(() => genre.focus());
    // A select is a field: "/" typed there stays there.
    fireEvent.keyDown(genre, { key: '/' });
    expect(document.activeElement).toBe(genre);
    act(() => (document.activeElement as HTMLElement).blur());
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(input);
  });

  it('leaves "/" alone while typing in another field', async () => {
    await appOnModelScreen();
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    fireEvent.keyDown(field, { key: '/' });
    fireEvent.keyDown(field, { key: 'k', ctrlKey: true });
    expect(useNavigation.getState().screen).toBe('model');
    expect(document.activeElement).toBe(field);
    field.remove();
  });
});
