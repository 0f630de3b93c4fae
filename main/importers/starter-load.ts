import type { Db } from '../catalogue/db';
import { starterSource } from '../catalogue/starter-release';
import { ReleaseWriter, type ReleaseCounts } from './release-writer';
import type { StarterCatalogue } from './starter-file';

/**
 * Writes a starter catalogue into the catalogue through the release writer, in one transaction,
 * so movies, search, dataset users, ratings, tags and statistics are exactly as after importing
 * the release itself; the release's source marks it as the starter (`starter:<file>`).
 */
export function writeStarterRelease(
  db: Db,
  starter: StarterCatalogue,
  file: string,
): ReleaseCounts {
  const writer = new ReleaseWriter(
    db,
    {
      format: starter.release.format,
      source: starterSource(file),
      realMovieIds: true,
      scale: starter.release.scale,
    },
    { bulk: true },
  );
  try {
    for (const movie of starter.movies) writer.upsertMovieFacts(movie);
    for (const user of starter.users)
      writer.addUser(user.userKey, user.age, user.gender, user.occupation);
    for (const r of starter.ratings) writer.addRating(r.userKey, r.movieId, r.half, r.ratedAt);
    for (const t of starter.tags) writer.addTag(t.userKey, t.movieId, t.tag, t.taggedAt);
    return writer.commit();
  } catch (error) {
    writer.rollback();
    throw error;
  }
}
