import type { ParsedRequest, Response } from '../../shared/api';
import type {
  EngineStatus,
  EvaluationRow,
  ExportImportSummary,
  ImportSummary,
  JobProgress,
  MovieDetails,
  MovieSummary,
  Profile,
  ProfileRating,
  TasteSummary,
} from '../../shared/domain';

/**
 * What the handler table needs from the rest of the service, one port per area. The service's
 * composition root (main/service) fills each port with the catalogue's, importers' and engine's
 * own functions; the handlers never reach past these ports, so each area's logic lives in one place.
 */

export interface JobOptions {
  onProgress: (progress: Omit<JobProgress, 'jobId' | 'kind'>) => void;
  signal: AbortSignal;
}

export interface CataloguePort {
  readonly dbPath: string;
  stats(): Response<'app.info'>['catalogue'];
  search(request: ParsedRequest<'search.movies'>): MovieSummary[];
  movie(movieId: number, profileId: number | undefined): MovieDetails | null;
  genres(): string[];
  onboarding(profileId: number, limit: number): MovieSummary[];

  listProfiles(): Profile[];
  getProfile(profileId: number): Profile | null;
  createProfile(name: string, passphrase: string | undefined): Profile;
  renameProfile(profileId: number, name: string): Profile;
  deleteProfile(profileId: number): void;
  /** Sets (or replaces) the profile's passphrase. */
  lockProfile(profileId: number, passphrase: string): Profile;
  /** Removes the lock when the passphrase opens it (ApiError 'forbidden' otherwise). */
  removeLock(profileId: number, passphrase: string): Profile;
  /** True when the profile has no lock or the passphrase opens it. */
  checkPassphrase(profileId: number, passphrase: string): boolean;

  listRatings(profileId: number): ProfileRating[];
  setRating(profileId: number, movieId: number, rating: number): void;
  clearRating(profileId: number, movieId: number): void;
  exportRatingsCsv(profileId: number): string;
  taste(profileId: number): TasteSummary;
  close(): void;
}

export interface ImportPort {
  importRelease(source: string, options: JobOptions): Promise<ImportSummary>;
  importExport(
    profileId: number,
    source: string,
    format: ParsedRequest<'catalogue.importExport'>['format'],
    options: JobOptions,
  ): Promise<ExportImportSummary>;
}

export interface EnginePort {
  /** The backend in use, or null while the engine has not started. */
  backend(): string | null;
  status(profileId: number | undefined): Promise<EngineStatus>;
  forYou(request: ParsedRequest<'recommend.forYou'>): Promise<Response<'recommend.forYou'>>;
  similarMovies(
    request: ParsedRequest<'recommend.similarMovies'>,
  ): Promise<Response<'recommend.similarMovies'>>;
  peopleLikeYou(
    request: ParsedRequest<'recommend.peopleLikeYou'>,
  ): Promise<Response<'recommend.peopleLikeYou'>>;
  alsoLoved(
    request: ParsedRequest<'recommend.alsoLoved'>,
  ): Promise<Response<'recommend.alsoLoved'>>;
  finetune(profileId: number, options: JobOptions): Promise<Response<'engine.finetune'>>;
  pretrain(
    request: Omit<ParsedRequest<'engine.pretrain'>, 'jobId'>,
    options: JobOptions,
  ): Promise<Response<'engine.pretrain'>>;
  /** Ratings of a profile changed: the engine schedules its (debounced) fine-tune. */
  ratingsChanged(profileId: number): void;
  /** A profile was deleted: the engine drops its personal model. */
  profileDeleted(profileId: number): void;
  /** The catalogue's dataset changed (an import): the engine reloads what it derived from it. */
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
  importer: ImportPort;
  engine: EnginePort;
  evaluation: EvalPort;
}
