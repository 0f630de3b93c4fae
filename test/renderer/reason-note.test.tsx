import { fireEvent, render, screen } from '@testing-library/react';
import { ReasonNote } from '../../renderer/src/components/ReasonNote';

const reason = {
  text: 'Because you liked The Matrix and Alien',
  because: [
    { movieId: 2, title: 'The Matrix', weight: 0.9 },
    { movieId: 5, title: 'Alien', weight: 0.5 },
    { movieId: 7, title: 'Fargo', weight: 0.2 },
  ],
  sharedGenres: [],
  sharedTags: [],
  likeMindedLovers: null,
  kind: 'your-ratings' as const,
};

describe('a reason', () => {
  it('turns the movies its sentence names into links, and lists the others after it', () => {
    const onOpen = vi.fn();
    render(<ReasonNote reason={reason} onOpen={onOpen} />);
    expect(screen.getByTestId('reason').textContent).toBe(
      'Because you liked The Matrix and AlienAlso because you rated Fargo',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Alien' }));
    expect(onOpen).toHaveBeenCalledWith(5);
    fireEvent.click(screen.getByRole('button', { name: 'Fargo' }));
    expect(onOpen).toHaveBeenCalledWith(7);
  });

  it('leaves out the movie whose page it is on', () => {
    render(
      <ReasonNote
        reason={{ ...reason, text: 'Like Fargo' }}
        onOpen={() => {}}
        exclude={7}
        becauseLabel="Also like"
      />,
    );
    expect(screen.getByTestId('reason').textContent).toBe(
      'Like FargoAlso like The Matrix and Alien',
    );
    expect(screen.queryByRole('button', { name: 'Fargo' })).toBeNull();
  });
});
