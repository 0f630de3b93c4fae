import type { Response } from './api';

/** Where one movie stands on a profile's For you list (recommend.forMovies). */
export type MovieStanding = Response<'recommend.forMovies'>['movies'][number];

/**
 * A watchlist movie's standing as the app and the CLI say it: "87% match · 4.1★"; "#12 on For
 * you" where no match is shown (no ratings yet); "rated" for a movie the profile rated since;
 * "–" for one not ranked, or when the engine could not say.
 */
export function standingText(standing: MovieStanding | null | undefined): string {
  if (standing?.rated) return 'rated';
  if (!standing || standing.rank === null) return '–';
  const stars =
    standing.predictedRating === null ? '' : ` · ${standing.predictedRating.toFixed(1)}★`;
  return standing.match === null
    ? `#${standing.rank} on For you${stars}`
    : `${standing.match}% match${stars}`;
}
