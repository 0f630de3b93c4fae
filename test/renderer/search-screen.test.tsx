import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SearchScreen } from '../../renderer/src/screens/SearchScreen';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useSearch } from '../../renderer/src/stores/search';
import { useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

describe('the search screen', () => {
  beforeEach(resetStores);

  it('searches as one types and shows typographic cards', async () => {
    useFakeApi();
    render(<SearchScreen />);
    const input = screen.getByRole('combobox', { name: /search movies/i });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'toy' } });
    await waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    const first = screen.getAllByTestId('search-result')[0];
    expect(first.textContent).toContain('Toy Story');
    expect(first.textContent).toContain('1995');
    expect(first.textContent).toContain('3.9');
    expect(first.textContent).toContain('215 ratings');
    expect(first.textContent).toContain('Animation');
  });

  it('moves through results with the arrows and opens one with Enter', async () => {
    useFakeApi();
    render(<SearchScreen />);
    const input = screen.getByRole('combobox', { name: /search movies/i });
    fireEvent.change(input, { target: { value: 'toy' } });
    await waitFor(() => expect(screen.getByTestId('search-results').dataset.query).toBe('toy'));
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe('result-1');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useNavigation.getState()).toMatchObject({ screen: 'movie', movieId: 6 });
  });

  it('narrows by year on the page and by genre through the service', async () => {
    const api = useFakeApi();
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('combobox', { name: /search movies/i }), {
      target: { value: 'toy' },
    });
    fireEvent.change(screen.getByTestId('search-year-from'), { target: { value: '1998' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('search-result').map((c) => c.textContent)).toEqual([
        expect.stringContaining('Toy Story 2'),
      ]),
    );
    act(() => useSearch.getState().setFilters({ genre: 'Comedy' }));
    await waitFor(() =>
      expect(api.callsTo('search.movies').at(-1)).toMatchObject({ genre: 'Comedy' }),
    );
  });

  it('says so when nothing matches', async () => {
    useFakeApi();
    render(<SearchScreen />);
    fireEvent.change(screen.getByRole('combobox', { name: /search movies/i }), {
      target: { value: 'zzzz' },
    });
    await screen.findByTestId('search-empty');
  });
});
