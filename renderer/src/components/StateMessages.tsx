import { useEffect, useState, type ReactNode } from 'react';

export function ErrorMessage({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div
      className="alert row"
      role="alert"
      data-testid="error-message"
      style={{ justifyContent: 'space-between' }}
    >
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** After this long, a loading message adds why it may take a while (`slow`). */
export const SLOW_LOADING_MS = 2000;

/**
 * What the lists that count people say once they keep a person waiting: their first answer reads
 * every rating of the catalogue (about 10 s for 25M ratings, while the rest of the app answers).
 */
export const countingEveryRating =
  'The first time, this reads every rating in the catalogue: a few seconds on a large one.';

export function Loading({ label = 'Loading…', slow }: { label?: string; slow?: string }) {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!slow) return;
    const timer = setTimeout(() => setLate(true), SLOW_LOADING_MS);
    return () => clearTimeout(timer);
  }, [slow]);
  return (
    <p className="muted" role="status" aria-live="polite">
      {label}
      {late && slow && <span data-testid="loading-slow"> {slow}</span>}
    </p>
  );
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      {children}
    </div>
  );
}
