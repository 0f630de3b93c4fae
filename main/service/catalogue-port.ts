import { ApiError } from '../../shared/api';
import type { CataloguePort } from '../api/ports';
import type { Db } from '../catalogue/db';
import { importHistory, undoImport } from '../catalogue/import-journal';
import { clearMovieMark, listMovieMarks, setMovieMark } from '../catalogue/movie-marks';
import { getMovieDetails, listGenres, onboardingPicks } from '../catalogue/movies';
import {
  clearProfileRating,
  listProfileRatings,
  setProfileRating,
} from '../catalogue/profile-ratings';
import {
  checkProfilePassphrase,
  createProfileWithPassphrase,
  setProfilePassphrase,
} from '../catalogue/profile-locks';
import {
  clearProfileLock,
  deleteProfile,
  findProfile,
  listProfiles,
  renameProfile,
} from '../catalogue/profiles';
import { exportMarkedMoviesCsv } from '../catalogue/marks-export';
import { exportProfileRatingsCsv } from '../catalogue/ratings-export';
import {
  catalogueCounts,
  releasesState,
  listReleases,
  releaseSummaries,
  releaseSummary,
} from '../catalogue/releases';
import { switchActiveRelease } from '../importers/profile-matching';
import {
  searchPageWithTags,
  taggedMovieIds,
  tagIndexRead,
  tagSuggestions,
} from '../catalogue/tag-search';
import { tasteSummary } from '../catalogue/taste';
import { starterLicences } from './starter-catalogue';
import { UnlockThrottle, type UnlockBackoff } from './unlock-throttle';

/**
 * The catalogue's own functions over one open database, as the handler table's port.
 * `unlockBackoff` sets how wrong passphrases slow down further tries (tests make it short).
 */
export function cataloguePort(
  db: Db,
  dbPath: string,
  options: { unlockBackoff?: UnlockBackoff; starterDir?: string } = {},
): CataloguePort {
  const throttle = new UnlockThrottle(options.unlockBackoff);
  const checkPassphrase = (profileId: number, passphrase: string) =>
    throttle.attempt(profileId, () => checkProfilePassphrase(db, profileId, passphrase));
  return {
    dbPath,
    stats: () => catalogueCounts(db),
    releasesState: () => releasesState(db),
    about: () => ({
      releases: releaseSummaries(db),
      licences: options.starterDir ? starterLicences(options.starterDir) : [],
    }),
    setActiveRelease(releaseId) {
      const switched = switchActiveRelease(db, releaseId);
      if (!switched) {
        const known = listReleases(db)
          .map((r) => `${r.id} (${r.format})`)
          .join(', ');
        throw new ApiError(
          'not-found',
          `No release with id ${releaseId} in the catalogue` +
            (known ? `: the releases are ${known}` : ': import a MovieLens release first'),
        );
      }
      const { release, previous, matching } = switched;
      return {
        release: {
          ...releaseSummary(release, release.id),
          profileRatings: { relinked: matching.relinked, unmatched: matching.unmatched },
        },
        changed: previous?.id !== release.id,
        relinkedProfileIds: matching.profileIds,
      };
    },
    taggedMovieIds: async (text) => {
      await tagIndexRead(db);
      return taggedMovieIds(db, text);
    },
    tagSuggestions: (text, limit) => tagSuggestions(db, text, limit),
    search: async ({ query, ...options }) => {
      await tagIndexRead(db);
      return searchPageWithTags(db, query, options);
    },
    movie: (movieId, profileId) => getMovieDetails(db, movieId, profileId),
    genres: () => listGenres(db),
    onboarding: (profileId, limit, exclude) => onboardingPicks(db, profileId, limit, exclude),

    listProfiles: () => listProfiles(db),
    getProfile: (profileId) => findProfile(db, profileId),
    createProfile: (name, passphrase) => createProfileWithPassphrase(db, name, passphrase),
    renameProfile: (profileId, name) => renameProfile(db, profileId, name),
    deleteProfile: (profileId) => deleteProfile(db, profileId),
    lockProfile: (profileId, passphrase) => setProfilePassphrase(db, profileId, passphrase),
    async removeLock(profileId, passphrase) {
      if (!(await checkPassphrase(profileId, passphrase))) {
        throw new ApiError('forbidden', 'That passphrase does not open this profile.');
      }
      return clearProfileLock(db, profileId);
    },
    checkPassphrase,

    listRatings: (profileId) => listProfileRatings(db, profileId),
    setRating: (profileId, movieId, rating, ratedAt) =>
      setProfileRating(db, profileId, movieId, rating, ratedAt),
    clearRating: (profileId, movieId) => void clearProfileRating(db, profileId, movieId),
    exportRatingsCsv: (profileId) => exportProfileRatingsCsv(db, profileId),
    listMarks: (profileId) => listMovieMarks(db, profileId),
    setMark: (profileId, movieId, mark, markedAt) =>
      setMovieMark(db, profileId, movieId, mark, markedAt),
    clearMark: (profileId, movieId) => void clearMovieMark(db, profileId, movieId),
    exportMarksCsv: (profileId, mark) => exportMarkedMoviesCsv(db, profileId, mark),
    importHistory: (profileId) => importHistory(db, profileId),
    undoImport: (profileId, importId) => undoImport(db, profileId, importId),
    taste: (profileId) => tasteSummary(db, profileId),
    close: () => db.close(),
  };
}
