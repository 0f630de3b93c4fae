import type { ParsedRequest, Response } from '../../shared/api';
import type {
  BackupsFolder,
  BackupSummary,
  EngineStatus,
  EvaluationRow,
  ExportImportSummary,
  ImportHistoryEntry,
  ImportSummary,
  MarkedMovie,
  MovieDetails,
  MovieMark,
  MovieSummary,
  Profile,
  ProfileRating,
  RestoreSummary,
  StarScale,
  TasteSummary,
  UndoImportSummary,
} from '../../shared/domain';
import type { JobOptions } from '../core/jobs';

/**
 * What the handler table needs from the rest of the service, one port per area. The service's
 * composition root (main/service) fills each port with the catalogue's, importers' and engine's
 * own functions; the handlers never reach past these ports, so each area's logic lives in one place.
 */

export interface CataloguePort {
  readonly dbPath: string;
  stats(): Response<'app.info'>['catalogue'];
  /** Where the catalogue came from and the licence terms of the data shipped with the app. */
  about(): Omit<Response<'app.about'>, 'version'>;
  /** Changes when any process imports, removes or chooses a release (releasesState). */
  releasesState(): string;
  /**
   * Makes the release the one the app learns from and matches every profile's ratings onto it
   * (ApiError 'not-found' for an id the catalogue has no release with ratings for). `changed`:
   * another release was active before; `relinkedProfileIds`: the profiles whose ratings moved.
   */
  setActiveRelease(releaseId: number): {
    release: Response<'catalogue.setActiveRelease'>;
    changed: boolean;
    relinkedProfileIds: number[];
  };
  /** Waits, the first time, for a large set of tags to be read in a worker. */
  search(request: ParsedRequest<'search.movies'>): Promise<Response<'search.movies'>>;
  /** Every movie viewers tagged with these words, as search matches them; null: no tag has them. */
  taggedMovieIds(
    text: string,
  ): Promise<{ tags: string[]; otherTags: number; movieIds: number[] } | null>;
  /** Tags completing what is typed; none while a large set of tags is still being read. */
  tagSuggestions(text: string, limit: number): string[];
  movie(movieId: number, profileId: number | undefined): MovieDetails | null;
  genres(): string[];
  onboarding(profileId: number, limit: number, exclude: readonly number[]): MovieSummary[];

  listProfiles(): Profile[];
  getProfile(profileId: number): Profile | null;
  createProfile(name: string, passphrase: string | undefined): Promise<Profile>;
  renameProfile(profileId: number, name: string): Profile;
  deleteProfile(profileId: number): void;
  /** Sets (or replaces) the profile's passphrase. */
  lockProfile(profileId: number, passphrase: string): Promise<Profile>;
  /**
   * Removes the lock when the passphrase opens it (ApiError 'forbidden' otherwise, and while
   * the profile is backing off after wrong passphrases).
   */
  removeLock(profileId: number, passphrase: string): Promise<Profile>;
  /**
   * True when the profile has no lock or the passphrase opens it. Runs off the service's thread;
   * after repeated wrong passphrases it refuses for a while (ApiError 'forbidden', saying when).
   */
  checkPassphrase(profileId: number, passphrase: string): Promise<boolean>;

  listRatings(profileId: number): ProfileRating[];
  /** `ratedAt` (ms) puts back a rating's first time; now when left out. */
  setRating(profileId: number, movieId: number, rating: number, ratedAt?: number): void;
  clearRating(profileId: number, movieId: number): void;
  exportRatingsCsv(profileId: number): string;
  /** The profile's watchlist and not-interested movies, newest first. */
  listMarks(profileId: number): MarkedMovie[];
  /** `markedAt` (ms) puts back a mark's first time; now when left out. */
  setMark(profileId: number, movieId: number, mark: MovieMark, markedAt?: number): void;
  clearMark(profileId: number, movieId: number): void;
  exportMarksCsv(profileId: number, mark: 'watchlist' | 'seen'): string;
  /** The profile's journaled personal imports, newest first. */
  importHistory(profileId: number): ImportHistoryEntry[];
  /** Puts back the ratings an import changed (those not changed since). */
  undoImport(profileId: number, importId: number): UndoImportSummary;
  taste(profileId: number): TasteSummary;
  close(): void;
}

export interface ImportPort {
  /** Imports a release; `relinkedProfileIds`: the profiles whose ratings moved onto its movies. */
  importRelease(
    source: string,
    options: JobOptions,
  ): Promise<ImportSummary & { relinkedProfileIds: number[] }>;
  importExport(
    profileId: number,
    source: string,
    format: ParsedRequest<'catalogue.importExport'>['format'],
    /** The dataset user whose rows to take from a multi-user ratings file. */
    userId: number | undefined,
    options: JobOptions,
    /** A preview (`dryRun`), and how conflicting ratings are settled. */
    plan?: Pick<ParsedRequest<'catalogue.importExport'>, 'dryRun' | 'conflicts'>,
  ): Promise<ExportImportSummary>;
}

export interface BackupPort {
  /**
   * Writes the catalogue (SQLite's online backup) and the personal models into one checksummed
   * file: `file`, or a new file in the automatic backups' folder.
   */
  backup(file: string | undefined): Promise<BackupSummary>;
  /**
   * Checks the backup's checksums and catalogue, then replaces the catalogue and the personal
   * models with its contents; nothing is replaced when a check fails.
   */
  restore(file: string): Promise<RestoreSummary>;
  /** The newest automatic backup's file, or null when there is none. */
  newestBackup(): string | null;
  /** The automatic backups' folder and what it holds. */
  folder(): Promise<BackupsFolder>;
  /**
   * Why the catalogue cannot be trusted, once the automatic backup's check found it damaged (that
   * backup is then not made and no older one removed); null otherwise.
   */
  damage(): string | null;
  /** Calls `listener` when the automatic backup's check finds the catalogue damaged. */
  onDamage(listener: (message: string) => void): () => void;
  /** Waits for an automatic backup still being written. */
  close(): Promise<void>;
}

export interface EnginePort {
  /**
   * The TensorFlow.js backend in use, or null while none was started (the engine has not started,
   * or its model needs none; engine.status starts one to report it).
   */
  backend(): string | null;
  status(profileId: number | undefined): Promise<EngineStatus>;
  /** `onlyMovies`: the list holds none but these (the movies tagged as the request asks). */
  forYou(
    request: ParsedRequest<'recommend.forYou'> & { onlyMovies?: ReadonlySet<number> },
  ): Promise<Response<'recommend.forYou'>>;
  forMovie(request: ParsedRequest<'recommend.forMovie'>): Promise<Response<'recommend.forMovie'>>;
  forMovies(
    request: ParsedRequest<'recommend.forMovies'>,
  ): Promise<Response<'recommend.forMovies'>>;
  similarMovies(
    request: ParsedRequest<'recommend.similarMovies'>,
  ): Promise<Response<'recommend.similarMovies'>>;
  peopleLikeYou(
    request: ParsedRequest<'recommend.peopleLikeYou'>,
  ): Promise<Response<'recommend.peopleLikeYou'>>;
  alsoLoved(
    request: ParsedRequest<'recommend.alsoLoved'>,
  ): Promise<Response<'recommend.alsoLoved'>>;
  /**
   * "Watch together" (the members are the handler's to add), with each requested profile's mean
   * rating beside everyone's, in the request's order: the handler says only which side it runs.
   * `onlyMovies`: the list holds none but these (the movies tagged as the request asks).
   */
  together(
    request: ParsedRequest<'recommend.together'> & { onlyMovies?: ReadonlySet<number> },
  ): Promise<
    Omit<Response<'recommend.together'>, 'members' | 'tags'> & {
      starScales: (StarScale | null)[];
    }
  >;
  finetune(profileId: number, options: JobOptions): Promise<Response<'engine.finetune'>>;
  pretrain(
    request: Omit<ParsedRequest<'engine.pretrain'>, 'jobId'>,
    options: JobOptions,
  ): Promise<Response<'engine.pretrain'>>;
  /** Ratings of a profile changed: the engine schedules its (debounced) fine-tune. */
  ratingsChanged(profileId: number): void;
  /**
   * A profile was deleted: the engine cancels its fine-tunes and deletes its personal model
   * (also when the engine has not started); resolves once the model is gone.
   */
  profileDeleted(profileId: number): Promise<void>;
  /**
   * The catalogue changed (a release import, a restore): the engine cancels every pending and
   * running fine-tune, drops the personal states it holds and reloads what it derived from the
   * catalogue.
   */
  catalogueChanged(): void;
  onModelUpdated(listener: (event: { profileId: number; seconds: number }) => void): () => void;
  close(): Promise<void>;
}

export interface EvalPort {
  evaluate(
    request: Omit<ParsedRequest<'eval.run'>, 'jobId'>,
    options: JobOptions,
  ): Promise<EvaluationRow[]>;
}

export interface Ports {
  catalogue: CataloguePort;
  backups: BackupPort;
  importer: ImportPort;
  engine: EnginePort;
  evaluation: EvalPort;
}
