import { ApiError } from '../../shared/api';
import type { Db } from './db';

/** Throws the API's not-found error unless the catalogue has this profile. */
export function requireProfile(db: Db, profileId: number): void {
  if (!db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(profileId))
    throw new ApiError('not-found', `There is no profile ${profileId}.`);
}

/** Throws the API's not-found error unless the catalogue has this movie. */
export function requireMovie(db: Db, movieId: number): void {
  if (!db.prepare('SELECT 1 FROM movies WHERE id = ?').get(movieId))
    throw new ApiError('not-found', `There is no movie ${movieId} in the catalogue.`);
}
