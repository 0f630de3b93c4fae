/**
 * Per release and movie, how many ratings gave each half star (release_movie_stats.spread, see
 * catalogue/rating-spread.ts), for the movie page's chart. The importers write it from now on;
 * releases imported before are counted from their ratings off the service's thread
 * (service/spread-backfill.ts): counting 25M ratings takes about 40 s, too long to hold the
 * catalogue's opening.
 */
export const sql = `
ALTER TABLE release_movie_stats ADD COLUMN spread TEXT;
`;
