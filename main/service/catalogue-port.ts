import type { CataloguePort } from '../api/ports';
import type { Db } from '../catalogue/db';
import { getMovieDetails, listGenres, onboardingPicks } from '../catalogue/movies';
import {
  clearProfileRating,
  exportProfileRatingsCsv,
  listProfileRatings,
  setProfileRating,
} from '../catalogue/profile-ratings';
import {
  checkProfilePassphrase,
  createProfile,
  deleteProfile,
  findProfile,
  listProfiles,
  lockProfile,
  removeProfileLock,
  renameProfile,
} from '../catalogue/profiles';
import { catalogueCounts } from '../catalogue/releases';
import { searchMovies } from '../catalogue/search';
import { tasteSummary } from '../catalogue/taste';

/** The catalogue's own functions over one open database, as the handler table's port. */
export function cataloguePort(db: Db, dbPath: string): CataloguePort {
  return {
    dbPath,
    stats: () => catalogueCounts(db),
    search: ({ query, genre, limit }) => searchMovies(db, query, { genre, limit }),
    movie: (movieId, profileId) => getMovieDetails(db, movieId, profileId),
    genres: () => listGenres(db),
    onboarding: (profileId, limit) => onboardingPicks(db, profileId, limit),

    listProfiles: () => listProfiles(db),
    getProfile: (profileId) => findProfile(db, profileId),
    createProfile: (name, passphrase) => createProfile(db, name, passphrase),
    renameProfile: (profileId, name) => renameProfile(db, profileId, name),
    deleteProfile: (profileId) => deleteProfile(db, profileId),
    lockProfile: (profileId, passphrase) => lockProfile(db, profileId, passphrase),
    removeLock: (profileId, passphrase) => removeProfileLock(db, profileId, passphrase),
    checkPassphrase: (profileId, passphrase) => checkProfilePassphrase(db, profileId, passphrase),

    listRatings: (profileId) => listProfileRatings(db, profileId),
    setRating: (profileId, movieId, rating) => setProfileRating(db, profileId, movieId, rating),
    clearRating: (profileId, movieId) => void clearProfileRating(db, profileId, movieId),
    exportRatingsCsv: (profileId) => exportProfileRatingsCsv(db, profileId),
    taste: (profileId) => tasteSummary(db, profileId),
    close: () => db.close(),
  };
}
