import { useEffect } from 'react';
import type { MovieMark, MovieSummary } from '../../../shared/domain';
import { useMarks } from '../stores/marks';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';

const labels: Record<MovieMark, { set: string; clear: string }> = {
  watchlist: { set: 'Add to watchlist', clear: 'On your watchlist ✓' },
  seen: { set: 'Seen it', clear: 'Seen it ✓' },
  'not-interested': { set: 'Not interested', clear: 'Not interested ✓' },
};

/**
 * For a movie's page: put it on the current profile's watchlist, mark it seen (watched, not
 * rated: left out of the lists of movies to watch), or "not interested" (hidden from every
 * list); pressing the lit button again takes the mark off. A rated movie needs no "Seen it". A
 * watchlist movie the profile has rated offers to come off the list (never without asking: one
 * may rate a film seen long ago and still mean to watch it again).
 */
export function MovieMarkButtons({ movie }: { movie: MovieSummary }) {
  const profileId = useProfiles((s) => s.currentId);
  const current = useMarks((s) => s.list.find((m) => m.movieId === movie.id)?.mark ?? null);
  const mark = useMarks((s) => s.mark);
  const unmark = useMarks((s) => s.unmark);
  const marksOf = useMarks((s) => s.profileId);
  const rated = useRatings((s) => s.byMovie[movie.id] !== undefined);
  useEffect(() => {
    if (profileId !== null && marksOf !== profileId) void useMarks.getState().load(profileId);
  }, [profileId, marksOf]);
  if (profileId === null) return null;
  return (
    <>
      <div className="segmented movie-marks" data-testid="movie-marks">
        {(Object.keys(labels) as MovieMark[])
          .filter((kind) => !(kind === 'seen' && rated))
          .map((kind) => (
            <button
              key={kind}
              type="button"
              aria-pressed={current === kind}
              data-testid={`movie-mark-${kind}`}
              onClick={() =>
                void (current === kind ? unmark(profileId, movie.id) : mark(profileId, movie, kind))
              }
            >
              {current === kind ? labels[kind].clear : labels[kind].set}
            </button>
          ))}
      </div>
      {current === 'seen' && !rated && (
        <p className="muted" data-testid="seen-hint">
          Your lists leave it out. Rate it to teach your model what you thought of it.
        </p>
      )}
      {current === 'watchlist' && rated && (
        <p className="muted" data-testid="watchlist-seen-hint">
          You rated it, so you have seen it.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => void unmark(profileId, movie.id)}
          >
            Take it off your watchlist
          </button>
        </p>
      )}
    </>
  );
}
