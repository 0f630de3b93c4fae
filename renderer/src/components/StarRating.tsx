import { useState, type KeyboardEvent } from 'react';
import { formatRating } from '../util/format';

interface Props {
  value: number | null;
  onChange: (value: number) => void;
  onClear: () => void;
  label: string;
  size?: 'normal' | 'small';
  testId?: string;
}

const halves = Array.from({ length: 10 }, (_, i) => (i + 1) / 2);

export function nextRating(value: number | null, key: string): number | null | undefined {
  const current = value ?? 0;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return Math.min(5, current + 0.5);
    case 'ArrowLeft':
    case 'ArrowDown':
      return current <= 0.5 ? null : current - 0.5;
    case 'Home':
      return 0.5;
    case 'End':
      return 5;
    case 'Delete':
    case 'Backspace':
    case '0':
      return null;
    default:
      return /^[1-5]$/.test(key) ? Number(key) : undefined;
  }
}

/**
 * Half-star rating as one slider: arrows step by half a star, 1–5 jump, Delete clears; the mouse
 * picks a half star, with a preview while hovering. Undefined from nextRating means "not a rating key".
 */
export function StarRating({
  value,
  onChange,
  onClear,
  label,
  size = 'normal',
  testId = 'star-rating',
}: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? value ?? 0;

  function onKeyDown(event: KeyboardEvent) {
    const next = nextRating(value, event.key);
    if (next === undefined) return;
    event.preventDefault();
    if (next === null) {
      if (value !== null) onClear();
    } else if (next !== value) onChange(next);
  }

  return (
    <div className={`stars ${size === 'small' ? 'small' : ''}`} data-testid={testId}>
      <div
        className="stars-track"
        role="slider"
        tabIndex={0}
        aria-label={label}
        aria-valuemin={0.5}
        aria-valuemax={5}
        aria-valuenow={value ?? undefined}
        aria-valuetext={value === null ? 'Not rated' : `${formatRating(value)} of 5 stars`}
        onKeyDown={onKeyDown}
        onMouseLeave={() => setHover(null)}
      >
        {[1, 2, 3, 4, 5].map((star) => {
          const fill = Math.max(0, Math.min(1, shown - (star - 1)));
          return (
            <span key={star} className="star-slot" aria-hidden="true">
              ★
              <span className="star-fill" style={{ width: `${fill * 100}%` }}>
                ★
              </span>
              {halves
                .filter((h) => Math.ceil(h) === star)
                .map((h) => (
                  <span
                    key={h}
                    className={`star-half ${Number.isInteger(h) ? 'right' : 'left'}`}
                    data-testid={`${testId}-${h}`}
                    onMouseEnter={() => setHover(h)}
                    onClick={() => {
                      // the stars show the result, not the preview (a clear would look unchanged)
                      setHover(null);
                      if (h === value) onClear();
                      else onChange(h);
                    }}
                  />
                ))}
            </span>
          );
        })}
      </div>
      <span className="stars-value" aria-hidden="true">
        {hover !== null ? formatRating(hover) : value === null ? '' : formatRating(value)}
      </span>
      {value !== null && size === 'normal' && (
        <button
          type="button"
          className="button quiet small"
          onClick={onClear}
          data-testid={`${testId}-clear`}
        >
          Clear
        </button>
      )}
    </div>
  );
}
