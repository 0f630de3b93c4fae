import { z } from 'zod';

/** Domain shapes shared by main and renderer. Runtime schemas first; types are inferred from them. */

export const RatingValue = z
  .number()
  .min(0.5)
  .max(5)
  .refine((v) => Number.isInteger(v * 2), 'ratings go in half stars from 0.5 to 5.0');

export const MovieSummary = z.object({
  id: z.number().int(),
  /** The title as people write it: "The Matrix", "Amelie", "Seven". */
  title: z.string(),
  /** The original or alternative title(s) to show under it: "Le Fabuleux destin d'Amélie Poulain". */
  originalTitle: z.string().optional(),
  year: z.number().int().nullable(),
  genres: z.array(z.string()),
  ratingCount: z.number().int(),
  averageRating: z.number().nullable(),
});
export type MovieSummary = z.infer<typeof MovieSummary>;

export const MovieDetails = MovieSummary.extend({
  imdbId: z.string().nullable(),
  tmdbId: z.number().int().nullable(),
  tags: z.array(z.string()),
  /** The asking profile's own rating, when a profile was named. */
  yourRating: z.number().nullable(),
  /** How many of the catalogue's ratings gave each half star, 0.5★ first (ten counts). */
  ratingSpread: z.array(z.number().int().nonnegative()).length(10),
});
export type MovieDetails = z.infer<typeof MovieDetails>;

export const Profile = z.object({
  id: z.number().int(),
  name: z.string(),
  locked: z.boolean(),
  /** Null in the profile list for a locked profile the asking connection has not opened. */
  ratingCount: z.number().int().nullable(),
  createdAt: z.number(),
});
export type Profile = z.infer<typeof Profile>;

export const ProfileRating = z.object({
  movieId: z.number().int(),
  rating: z.number(),
  ratedAt: z.number(),
  movie: MovieSummary,
});
export type ProfileRating = z.infer<typeof ProfileRating>;

/**
 * A profile's mark on a movie: on its watchlist; "not interested" (hidden from every list and
 * taken by the model as a weak dislike); or "seen" (watched but not rated: hidden from the lists
 * of movies to watch, and taken by the model as a middling-good rating, never shown as one).
 */
export const MovieMark = z.enum(['watchlist', 'not-interested', 'seen']);
export type MovieMark = z.infer<typeof MovieMark>;

export const MarkedMovie = z.object({
  movieId: z.number().int(),
  mark: MovieMark,
  markedAt: z.number(),
  movie: MovieSummary,
});
export type MarkedMovie = z.infer<typeof MarkedMovie>;

/** Why an item is in a list: short text plus the facts behind it, for the UI to show. */
export const Reason = z.object({
  text: z.string(),
  because: z
    .array(z.object({ movieId: z.number().int(), title: z.string(), weight: z.number() }))
    .default([]),
  sharedGenres: z.array(z.string()).default([]),
  sharedTags: z.array(z.string()).default([]),
  likeMindedLovers: z.number().int().nullable().default(null),
  /**
   * What kind of reason: the rated movies that pulled it up most, people, a starter pick, or a
   * group's shared pick (watch together: it names nobody's ratings).
   */
  kind: z.enum(['your-ratings', 'people', 'starter', 'together']).default('your-ratings'),
});
export type Reason = z.infer<typeof Reason>;

/** The most movies a For you list gives (its "load more" stops there). */
export const forYouMost = 200;

/** How many movies For you shows at first, and adds at each "load more". */
export const forYouPage = 24;

export const RecommendedMovie = z.object({
  movie: MovieSummary,
  score: z.number(),
  /**
   * What the list is ordered by, as a percentage people can read (for-you: the ranking score
   * against this model's typical best pick; similar movies: against the closest movie), or null.
   */
  match: z.number().nullable().default(null),
  /** Predicted rating on the 0.5–5 scale where the model predicts ratings. */
  predictedRating: z.number().nullable(),
  reason: Reason,
});
export type RecommendedMovie = z.infer<typeof RecommendedMovie>;

/**
 * Dataset ratings a movie needs to be listed as similar to another. A movie one or two people
 * rated is "similar" to whatever else they rated (Steve Jobs: The Man in the Machine beside The
 * Godfather Trilogy). Chosen on protocol D's validation (pseudo-new people, tuned jointly with
 * the model's similar-movies settings): ml-latest-small's tail P@10 rises from 0.0516 (1) to
 * 0.0528 (5) with catalogue coverage 0.28; 8 falls under the 0.25 coverage floor; ml-100k is
 * flat (0.0604 from 1 to 5). docs/MODELS.md has the table. The movie page says so above the
 * similar movies of a movie rated fewer times.
 */
export const similarMinRatings = 5;

/**
 * One movie of a watch-together list: the group score it is ordered by (from each member's
 * standardised ranking score among the movies nobody in the group rated) and, per member, the
 * match their own for-you list shows for it (null for a profile without ratings) and their
 * predicted stars (null where the model does not predict ratings).
 */
export const TogetherMovie = z.object({
  movie: MovieSummary,
  score: z.number(),
  members: z.array(
    z.object({
      profileId: z.number().int(),
      match: z.number().nullable().default(null),
      predictedRating: z.number().nullable(),
    }),
  ),
  reason: Reason,
});
export type TogetherMovie = z.infer<typeof TogetherMovie>;

export const LikeMindedPerson = z.object({
  /** Anonymous label, e.g. "Viewer 1": dataset user ids are never shown. */
  label: z.string(),
  /**
   * Taste match, 0–1, what the list is ordered by: how much the model expects the profile to
   * like the movies this person loved, relative to the closest dataset user.
   */
  similarity: z.number(),
  commonRated: z.number().int(),
  /** Movies both rated whose two ratings are within one star. */
  agreeing: z.number().int().default(0),
  /** agreeing / commonRated, null without movies in common. */
  agreement: z.number().nullable(),
  /** Movies both loved (4 of 5 and up); `sharedFavourites` lists the first of them. */
  bothLoved: z.number().int().default(0),
  sharedFavourites: z.array(MovieSummary),
  loved: z.array(RecommendedMovie),
});
export type LikeMindedPerson = z.infer<typeof LikeMindedPerson>;

/**
 * Where a profile's own ratings sit against everyone's: predicted stars are on the profile's own
 * scale, so a profile that rates low sees low stars on its best matches.
 */
export const StarScale = z.object({
  /** The mean of the profile's own ratings (marks left out). */
  yours: z.number(),
  /** The mean of every rating of the release the lists read. */
  everyone: z.number(),
  /** How many ratings `yours` is the mean of. */
  rated: z.number().int(),
});
export type StarScale = z.infer<typeof StarScale>;

export const ListFreshness = z.object({
  modelName: z.string(),
  /** 'fine-tuned': the profile's own model is current; 'folded-in': instant vector while a fine-tune runs. */
  personalModel: z.enum(['fine-tuned', 'folded-in', 'none']),
  computedMs: z.number(),
  /**
   * Only when the model was trained on other data than the release the lists read: the dataset
   * it learnt from (until a pretrain learns that release, the lists come from it).
   */
  trainedOn: z.string().optional(),
});
export type ListFreshness = z.infer<typeof ListFreshness>;

export const ImportSummary = z.object({
  format: z.string(),
  source: z.string(),
  movies: z.number().int(),
  ratings: z.number().int(),
  users: z.number().int(),
  tags: z.number().int(),
  links: z.number().int(),
  /** Tags and links of movies the release's movie list does not have, not imported; absent if none. */
  leftOut: z.object({ tags: z.number().int(), links: z.number().int() }).optional(),
  seconds: z.number(),
  /**
   * The profiles' own ratings, matched onto the release the app learns from: `relinked` moved to
   * its movie of the same film (found through IMDb/TMDB links where the movieIds differ);
   * `unmatched` are of movies it lacks, kept, and matched again after every later import.
   */
  profileRatings: z.object({ relinked: z.number().int(), unmatched: z.number().int() }),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** A release in the catalogue, as the releases lists (app.info, app.about) show it. */
export const ReleaseSummary = z.object({
  id: z.number().int(),
  format: z.string(),
  source: z.string(),
  /** The starter catalogue shipped with the app, replaced by the first import. */
  starter: z.boolean(),
  movies: z.number().int(),
  ratings: z.number().int(),
  users: z.number().int(),
  importedAt: z.number(),
  /**
   * The release the app learns from: the engine trains on it and the lists read it. Chosen with
   * catalogue.setActiveRelease; until then (or once that release is gone) real MovieLens ids
   * first, then the most ratings.
   */
  active: z.boolean(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummary>;

export const UnmatchedRow = z.object({
  line: z.number().int(),
  title: z.string(),
  year: z.number().int().nullable(),
  rating: z.number().nullable(),
  /** What the export says the title is when it is no film, e.g. "TV series" (IMDb's title type). */
  kind: z.string().optional(),
});
/** How an import treats a movie the profile rated differently: newest-wins compares the dates. */
export const ConflictPolicy = z.enum(['keep-mine', 'take-theirs', 'newest-wins']);
export type ConflictPolicy = z.infer<typeof ConflictPolicy>;

/** What a personal import finds, row by row. */
export const ImportCounts = z.object({
  /** Matched movies the profile has not rated. */
  new: z.number().int(),
  /** Matched movies the profile rated the same. */
  same: z.number().int(),
  /** Matched movies the profile rated differently. */
  conflicting: z.number().int(),
  /** Of those, the movies the export rated after the profile did: what newest-wins replaces. */
  conflictingNewer: z.number().int(),
  unmatched: z.number().int(),
  skipped: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

/**
 * A movie the export rates differently from the profile. Times in milliseconds; `theirsAt` is
 * null where the export gives the rating no date (it is never the newer one).
 */
export const ImportConflict = z.object({
  movieId: z.number().int(),
  title: z.string(),
  year: z.number().int().nullable(),
  mine: z.number(),
  mineAt: z.number(),
  theirs: z.number(),
  theirsAt: z.number().nullable(),
});
export type ImportConflict = z.infer<typeof ImportConflict>;

/** What each personal export is called where people read it. */
export const exportFormatNames = {
  movielens: 'movielens.org',
  imdb: 'IMDb',
  letterboxd: 'Letterboxd',
} as const;

/** A journaled import's format as people read it ("IMDb"); an unknown one as it is stored. */
export function exportFormatName(format: string): string {
  return format in exportFormatNames
    ? exportFormatNames[format as keyof typeof exportFormatNames]
    : format;
}

/**
 * An export's list of movies imported as marks: its watchlist (put on the profile's watchlist) or
 * its watched list (marked seen). A movie the profile rated or marked already stays as it is.
 */
export const ListImportSummary = z.object({
  file: z.string(),
  rows: z.number().int(),
  /** Movies marked (for a preview: that would be). */
  added: z.number().int(),
  /** Movies on the profile's watchlist already (for a watched list: or put there by the import). */
  alreadyOn: z.number().int(),
  /** Movies the profile marked not interested: the mark stays. */
  notInterested: z.number().int(),
  /** Movies the profile marked seen: the mark stays. */
  alreadySeen: z.number().int(),
  /** Movies the profile rated, or the same import rates: a rating says more than the mark. */
  rated: z.number().int(),
  /** Rows that matched no movie (`rating` null). */
  unmatched: z.array(UnmatchedRow),
});
export type ListImportSummary = z.infer<typeof ListImportSummary>;

export const ExportImportSummary = z.object({
  format: z.enum(['movielens', 'imdb', 'letterboxd']),
  source: z.string(),
  rows: z.number().int(),
  matched: z.number().int(),
  unmatched: z.array(UnmatchedRow),
  /** Rows not imported for another reason (no rating, the same movie again), with their line. */
  skipped: z
    .array(z.object({ file: z.string(), line: z.number().int(), reason: z.string() }))
    .default([]),
  seconds: z.number(),
  /** A preview: nothing was written, `counts` say what importing would do. */
  dryRun: z.boolean(),
  conflictPolicy: ConflictPolicy,
  counts: ImportCounts,
  /** The matched rows whose rating differs from the profile's own (at most 200). */
  conflicts: z.array(ImportConflict),
  /** Ratings the import wrote (added or changed); 0 for a preview. */
  written: z.number().int(),
  /** The journal entry that `catalogue.undoImport` takes; null for a preview or when nothing was written. */
  importId: z.number().int().nullable(),
  /** The export's watchlist, when it has one (Letterboxd's watchlist.csv, IMDb's WATCHLIST.csv). */
  watchlist: ListImportSummary.optional(),
  /** The export's watched list, when it has one (Letterboxd's watched.csv): marked seen. */
  seen: ListImportSummary.optional(),
  /**
   * The export's other CSV files, by their path in it, which no import reads (Letterboxd's
   * diary.csv, likes/films.csv, reviews.csv, lists): said, so nobody thinks their likes came in.
   */
  notRead: z.array(z.string()).default([]),
});
export type ExportImportSummary = z.infer<typeof ExportImportSummary>;

/** One personal import into a profile, as its journal keeps it (the newest few per profile). */
export const ImportHistoryEntry = z.object({
  importId: z.number().int(),
  format: z.string(),
  source: z.string(),
  importedAt: z.number(),
  conflictPolicy: ConflictPolicy,
  written: z.number().int(),
  /** Movies it put on the watchlist. */
  watchlisted: z.number().int().default(0),
  /** Movies it marked seen. */
  markedSeen: z.number().int().default(0),
  /** When it was undone, or null. */
  undoneAt: z.number().nullable(),
});
export type ImportHistoryEntry = z.infer<typeof ImportHistoryEntry>;

/** An import undone: ratings put back as they were, and those left because they changed since. */
export const UndoImportSummary = z.object({
  importId: z.number().int(),
  restored: z.number().int(),
  changedSince: z.number().int(),
  /** Movies taken off the watchlist again (those marked otherwise since stay). */
  watchlistRemoved: z.number().int().default(0),
  /** Movies no longer marked seen (those marked otherwise since stay). */
  seenRemoved: z.number().int().default(0),
});
export type UndoImportSummary = z.infer<typeof UndoImportSummary>;

/** A backup written: the catalogue and the personal models in one checksummed file. */
export const BackupSummary = z.object({
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.number(),
  personalModels: z.number().int(),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

/** The automatic backups' folder beside the catalogue, and what it holds now. */
export const BackupsFolder = z.object({
  folder: z.string(),
  /** The backups there named as the automatic ones ("Back up now" writes those too). */
  count: z.number().int(),
  /** How many of them the app keeps: it removes older ones after each day's backup. */
  keep: z.number().int(),
  bytes: z.number().int(),
  newest: z.object({ file: z.string(), createdAt: z.number() }).nullable(),
});
export type BackupsFolder = z.infer<typeof BackupsFolder>;

/** A backup restored: what the catalogue now holds. */
export const RestoreSummary = z.object({
  file: z.string(),
  /** When the backup was made. */
  createdAt: z.number(),
  profileIds: z.array(z.number().int()),
  personalModels: z.number().int(),
  /** A backup of what the restore replaced (in backups/ beside the catalogue): restore it to go back. */
  previous: z.string(),
});
export type RestoreSummary = z.infer<typeof RestoreSummary>;

export const JobKind = z.enum(['import', 'import-export', 'pretrain', 'finetune', 'eval']);
export type JobKind = z.infer<typeof JobKind>;

export const JobProgress = z.object({
  jobId: z.string(),
  kind: JobKind,
  phase: z.string(),
  current: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['rows', 'bytes', 'epochs', 'batches', 'profiles', 'steps']),
  /** Rows read so far, over every file of the job (not the current phase's file alone). */
  rows: z.number().optional(),
  bytes: z.number().optional(),
  loss: z.number().optional(),
  validationLoss: z.number().optional(),
  /** What the loss measures, when a job reports more than one kind. */
  lossName: z.string().optional(),
  etaSeconds: z.number().nullable().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const BackendName = z.enum(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;

/** The protocols of EVALUATION.md: A–C for-you, D similar movies, E people like you, F/F5 first list. */
export const ProtocolName = z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'F5']);
export type ProtocolName = z.infer<typeof ProtocolName>;

export const EvaluationRow = z.object({
  model: z.string(),
  dataset: z.string(),
  protocol: ProtocolName,
  metric: z.string(),
  value: z.number(),
  seconds: z.number(),
  default: z.boolean().optional(),
});
export type EvaluationRow = z.infer<typeof EvaluationRow>;

export const EngineStatus = z.object({
  backend: BackendName,
  backendsTried: z.array(
    z.object({ name: BackendName, ok: z.boolean(), error: z.string().optional() }),
  ),
  model: z
    .object({
      name: z.string(),
      version: z.string(),
      trainedAt: z.string(),
      dataset: z.string(),
      metrics: z.array(EvaluationRow),
      why: z.string().optional(),
      /** What the model is, in one line (its manifest's description). */
      description: z.string().optional(),
      /**
       * True when the model fine-tunes a personal part on each profile's ratings; false when a
       * profile's ratings are folded in at once and nothing more is trained per person.
       */
      fineTunes: z.boolean(),
      /** True when a network in the model reads the order of the profile's ratings. */
      readsOrder: z.boolean().optional(),
      /** True when that network also reads the stars given to each movie. */
      readsStars: z.boolean().optional(),
    })
    .nullable(),
  /**
   * True when the model was trained on another release than the one the app now learns from
   * (another was imported or chosen): the lists still work, over that release's movies, but a
   * pretrain learns the release itself. Absent when there is no model or no release.
   */
  pretrainNeeded: z.boolean().optional(),
  profile: z
    .object({
      profileId: z.number().int(),
      state: z.enum(['none', 'folded-in', 'fine-tuned', 'stale', 'training']),
      lastFineTunedAt: z.number().nullable(),
      lastFineTuneSeconds: z.number().nullable(),
      ratingCount: z.number().int(),
    })
    .nullable(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

export const TasteSummary = z.object({
  ratingDistribution: z.array(z.object({ rating: z.number(), count: z.number().int() })),
  genres: z.array(
    z.object({ genre: z.string(), count: z.number().int(), averageRating: z.number() }),
  ),
  decades: z.array(
    z.object({ decade: z.number().int(), count: z.number().int(), averageRating: z.number() }),
  ),
  /**
   * How everyone rates in the release the app learns from, to set the profile's ratings beside;
   * null without one, or while its spreads are still being counted.
   */
  everyone: z
    .object({
      release: z.string(),
      ratingDistribution: z.array(z.object({ rating: z.number(), count: z.number().int() })),
      averageRating: z.number(),
      /** Everyone's average rating of each genre's movies. */
      genres: z.array(z.object({ genre: z.string(), averageRating: z.number() })).default([]),
    })
    .nullable()
    .default(null),
});
export type TasteSummary = z.infer<typeof TasteSummary>;
