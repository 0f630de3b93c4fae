import { fireEvent, render, screen } from '@testing-library/react';
import { nextRating, StarRating } from '../../renderer/src/components/StarRating';

describe('the star rating', () => {
  it('steps by half stars with the keyboard', () => {
    expect(nextRating(null, 'ArrowRight')).toBe(0.5);
    expect(nextRating(3, 'ArrowRight')).toBe(3.5);
    expect(nextRating(5, 'ArrowUp')).toBe(5);
    expect(nextRating(3, 'ArrowLeft')).toBe(2.5);
    expect(nextRating(0.5, 'ArrowLeft')).toBeNull();
    expect(nextRating(2, 'End')).toBe(5);
    expect(nextRating(2, 'Home')).toBe(0.5);
    expect(nextRating(2, '4')).toBe(4);
    expect(nextRating(2, 'Delete')).toBeNull();
    expect(nextRating(2, 'a')).toBeUndefined();
  });

  it('is one focusable slider that changes and clears by keyboard', () => {
    const onChange = vi.fn();
    const onClear = vi.fn();
    render(
      <StarRating value={3} onChange={onChange} onClear={onClear} label="Your rating of Alien" />,
    );
    const slider = screen.getByRole('slider', { name: 'Your rating of Alien' });
    expect(slider.getAttribute('aria-valuenow')).toBe('3');
    expect(slider.getAttribute('aria-valuetext')).toBe('3.0 of 5 stars');
    expect(slider.tabIndex).toBe(0);
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(onChange).toHaveBeenLastCalledWith(3.5);
    fireEvent.keyDown(slider, { key: 'Backspace' });
    expect(onClear).toHaveBeenCalledTimes(1);
  });

  it('takes a half star from the mouse, and a click on the current value clears it', () => {
    const onChange = vi.fn();
    const onClear = vi.fn();
    const { rerender } = render(
      <StarRating value={null} onChange={onChange} onClear={onClear} label="r" />,
    );
    expect(screen.getByRole('slider').getAttribute('aria-valuetext')).toBe('Not rated');
    fireEvent.click(screen.getByTestId('star-rating-3.5'));
    expect(onChange).toHaveBeenLastCalledWith(3.5);
    rerender(<StarRating value={3.5} onChange={onChange} onClear={onClear} label="r" />);
    fireEvent.click(screen.getByTestId('star-rating-3.5'));
    expect(onClear).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onClear).toHaveBeenCalledTimes(2);
  });
});
