import { countOf } from '../util/format';

/** "4½★" for 9 halves. */
function starLabel(half: number): string {
  const whole = Math.floor(half / 2);
  return `${whole > 0 ? whole : ''}${half % 2 ? '½' : ''}★`;
}

/**
 * How the catalogue's ratings of a movie spread over the stars, as bars (0.5★ to 5★; 1★ to 5★
 * when nobody gave a half star, as in ml-100k). The bar of the profile's own rating is marked.
 */
export function RatingSpread({
  spread,
  yourRating,
}: {
  spread: readonly number[];
  yourRating: number | null;
}) {
  const total = spread.reduce((n, c) => n + c, 0);
  if (total === 0) return null;
  const halvesUsed = spread.some((c, k) => k % 2 === 0 && c > 0);
  const bars = spread
    .map((count, k) => ({ half: k + 1, count }))
    .filter((b) => halvesUsed || b.half % 2 === 0);
  const top = Math.max(...bars.map((b) => b.count));
  const yours = yourRating === null ? null : Math.round(yourRating * 2);
  const summary = bars.map((b) => `${starLabel(b.half)} ${b.count}`).join(', ');
  return (
    <figure className="rating-spread" data-testid="rating-spread">
      <figcaption className="faint">
        How {countOf(total, 'rating')} spread over the stars
        {yours !== null && `; yours in colour`}
      </figcaption>
      <div className="spread-bars" role="img" aria-label={`Ratings by stars: ${summary}`}>
        {bars.map((b) => {
          const share = Math.round((b.count / total) * 100);
          const mine = b.half === yours;
          return (
            <div
              key={b.half}
              className={mine ? 'spread-bar mine' : 'spread-bar'}
              title={`${starLabel(b.half)}: ${countOf(b.count, 'rating')} (${share}%)${mine ? ', your rating' : ''}`}
              data-testid="spread-bar"
              data-count={b.count}
            >
              <span className="track">
                <span
                  className="fill"
                  style={{ height: `${Math.max(2, (b.count / top) * 100)}%` }}
                />
              </span>
              <span className={b.half % 2 ? 'label half' : 'label'}>{starLabel(b.half)}</span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
