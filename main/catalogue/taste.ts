import type { TasteSummary } from '../../shared/domain';
import type { Db } from './db';
import { RATING_HALVES, releaseRatingSpread, releasesWithoutSpread } from './rating-spread';
import { activeRelease, releasesState } from './releases';

const round2 = (x: number) => Math.round(x * 100) / 100;

/** How a profile rates: the spread of its ratings, and its genres and decades with their averages. */
export function tasteSummary(db: Db, profileId: number): TasteSummary {
  const counts = new Map(
    (
      db
        .prepare(
          'SELECT rating_half, COUNT(*) AS n FROM profile_ratings WHERE profile_id = ? GROUP BY rating_half',
        )
        .all(profileId) as { rating_half: number; n: number }[]
    ).map((r) => [r.rating_half, r.n]),
  );
  const ratingDistribution = Array.from({ length: RATING_HALVES }, (_, i) => ({
    rating: (i + 1) / 2,
    count: counts.get(i + 1) ?? 0,
  }));
  const genres = (
    db
      .prepare(
        `SELECT g.genre, COUNT(*) AS n, AVG(r.rating_half) / 2.0 AS avg FROM profile_ratings r
         JOIN movie_genres g ON g.movie_id = r.movie_id WHERE r.profile_id = ?
         GROUP BY g.genre ORDER BY n DESC, g.genre`,
      )
      .all(profileId) as { genre: string; n: number; avg: number }[]
  ).map((r) => ({ genre: r.genre, count: r.n, averageRating: round2(r.avg) }));
  const decades = (
    db
      .prepare(
        `SELECT (m.year / 10) * 10 AS decade, COUNT(*) AS n, AVG(r.rating_half) / 2.0 AS avg FROM profile_ratings r
         JOIN movies m ON m.id = r.movie_id WHERE r.profile_id = ? AND m.year IS NOT NULL
         GROUP BY decade ORDER BY decade`,
      )
      .all(profileId) as { decade: number; n: number; avg: number }[]
  ).map((r) => ({ decade: r.decade, count: r.n, averageRating: round2(r.avg) }));
  return { ratingDistribution, genres, decades, everyone: everyoneRates(db) };
}

const everyoneKnown = new WeakMap<Db, { state: string; value: TasteSummary['everyone'] }>();

/**
 * The active release's ratings over the stars, from its movies' spreads (a read of every movie
 * of the release, so kept until the releases change).
 */
function everyoneRates(db: Db): TasteSummary['everyone'] {
  const state = releasesState(db);
  const known = everyoneKnown.get(db);
  if (known?.state === state) return known.value;
  const release = activeRelease(db);
  // Spreads still being counted (a catalogue from before they were kept): asked again next time.
  if (release && releasesWithoutSpread(db).includes(release.id)) return null;
  const spread = release ? releaseRatingSpread(db, release.id) : [];
  const total = spread.reduce((a, n) => a + n, 0);
  const value =
    release && total > 0
      ? {
          release: release.format,
          ratingDistribution: spread.map((count, k) => ({ rating: (k + 1) / 2, count })),
          averageRating: round2(spread.reduce((a, n, k) => a + n * (k + 1), 0) / 2 / total),
          genres: genreAverages(db, release.id),
        }
      : null;
  everyoneKnown.set(db, { state, value });
  return value;
}

/** Everyone's average rating of each genre's movies in one release. */
function genreAverages(db: Db, releaseId: number): { genre: string; averageRating: number }[] {
  return (
    db
      .prepare(
        `SELECT g.genre, SUM(s.sum_half) / 2.0 / SUM(s.count) AS avg FROM release_movie_stats s
         JOIN movie_genres g ON g.movie_id = s.movie_id
         WHERE s.release_id = ? AND s.count > 0 GROUP BY g.genre ORDER BY g.genre`,
      )
      .all(releaseId) as { genre: string; avg: number }[]
  ).map((r) => ({ genre: r.genre, averageRating: round2(r.avg) }));
}
