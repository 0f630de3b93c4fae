import { z } from 'zod';
import {
  BackupSummary,
  BackupsFolder,
  ConflictPolicy,
  EngineStatus,
  EvaluationRow,
  ExportImportSummary,
  forYouMost,
  ImportHistoryEntry,
  ImportSummary,
  JobProgress,
  LikeMindedPerson,
  MarkedMovie,
  MovieMark,
  ProtocolName,
  ListFreshness,
  StarScale,
  MovieDetails,
  MovieSummary,
  Profile,
  ProfileRating,
  RatingValue,
  ReleaseSummary,
  RecommendedMovie,
  RestoreSummary,
  TasteSummary,
  TogetherMovie,
  UndoImportSummary,
} from './domain';

/**
 * The one API contract between the renderer (or CLI, or tests) and the service.
 * Each channel has a request and a response schema; main/api validates both at the boundary.
 * Long work (import, training) takes a client-chosen `jobId`, reports `job.progress` events
 * under it while the call is pending, and can be stopped with `jobs.cancel`.
 */

const id = z.number().int().positive();
/** When something was first done (ms since 1970), for an undo that puts it back as it was. */
const firstDoneAt = (what: string) =>
  z
    .number()
    .int()
    .positive()
    .refine((at) => at <= Date.now(), `${what} cannot be given in the future`);
const jobId = z.string().min(1).max(100);
const profileRef = z.object({ profileId: id });
const nothing = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
/** The longest profile name (the dialogs stop typing there). */
export const profileNameMax = 60;
const profileName = z
  .string()
  .trim()
  .min(1, 'a profile needs a name')
  .max(profileNameMax, `a profile name is at most ${profileNameMax} characters`);
/** The longest search (the search box stops typing there). */
export const searchQueryMax = 200;
/** The longest tag filter or tag being completed (the Tagged fields stop typing there). */
export const tagFilterMax = 100;
const tagFilter = z
  .string()
  .trim()
  .min(1)
  .max(tagFilterMax, `a tag filter is at most ${tagFilterMax} characters`);
const newPassphrase = z.string().min(4, 'a passphrase needs at least 4 characters');

export const channels = {
  'app.info': {
    request: nothing,
    response: z.object({
      version: z.string(),
      dbPath: z.string(),
      backend: z.string().nullable(),
      catalogue: z.object({
        movies: z.number().int(),
        ratings: z.number().int(),
        users: z.number().int(),
        /** Oldest import first; `active` marks the release the app learns from. */
        releases: z.array(ReleaseSummary),
      }),
      /**
       * Why the catalogue file cannot be trusted and which backup to restore, once the automatic
       * backup's check found it damaged; null otherwise.
       */
      damage: z.string().nullable(),
    }),
  },
  /** The About page: the app's version, where the catalogue came from, the data's licence terms. */
  'app.about': {
    request: nothing,
    response: z.object({
      version: z.string(),
      releases: z.array(ReleaseSummary),
      licences: z.array(z.object({ name: z.string(), text: z.string() })),
    }),
  },

  'catalogue.import': {
    request: z.object({ source: z.string().min(1), jobId }),
    response: ImportSummary,
  },
  'catalogue.importExport': {
    request: z.object({
      profileId: id,
      source: z.string().min(1),
      format: z.enum(['auto', 'movielens', 'imdb', 'letterboxd']).default('auto'),
      /** The dataset user whose rows to take from a multi-user ratings file (a MovieLens ratings.csv). */
      userId: id.optional(),
      /** Only count what the import would do (new, same, conflicting, unmatched, skipped). */
      dryRun: z.boolean().default(false),
      /** For a movie the profile rated differently: whose rating stays. */
      conflicts: ConflictPolicy.default('newest-wins'),
      jobId,
    }),
    response: ExportImportSummary,
  },
  /**
   * Makes a release in the catalogue (an id from app.info's releases) the one the app learns
   * from, also an older or smaller one: the choice stays, through later imports, until another
   * is chosen or the release is gone. Every profile's ratings are matched onto its movies as
   * after an import (`profileRatings`), and the personal models refit in the background; when
   * the model was trained on another release, engine.status says a pretrain is needed.
   */
  'catalogue.setActiveRelease': {
    request: z.object({ releaseId: id }),
    response: ReleaseSummary.extend({
      profileRatings: ImportSummary.shape.profileRatings,
    }),
  },
  /** The profile's personal imports that can still be undone, newest first. */
  'catalogue.importHistory': { request: profileRef, response: z.array(ImportHistoryEntry) },
  /** Puts back every rating the import changed, unless it changed again since. */
  'catalogue.undoImport': {
    request: z.object({ profileId: id, importId: id }),
    response: UndoImportSummary,
  },

  /**
   * Writes the catalogue and the personal models into one checksummed backup file: `file`, or
   * a new one in the `backups/` folder beside the catalogue.
   */
  'catalogue.backup': {
    request: z.object({ file: z.string().min(1).optional() }),
    response: BackupSummary,
  },
  /** Where the automatic backups are kept, how many there are, their size and the newest. */
  'catalogue.backups': { request: z.object({}), response: BackupsFolder },
  /**
   * Replaces the catalogue and the personal models with a backup's (a path or an upload), after
   * checking its checksums; the connection must have opened every locked profile first.
   */
  'catalogue.restore': {
    request: z.object({ source: z.string().min(1) }),
    response: RestoreSummary,
  },

  /** One page of matches; `total` counts them all, up to 1,000 (`totalExact` false beyond). */
  'search.movies': {
    request: z.object({
      query: z.string().max(searchQueryMax, `a search is at most ${searchQueryMax} characters`),
      genre: z.string().optional(),
      yearFrom: z.number().int().optional(),
      yearTo: z.number().int().optional(),
      sort: z.enum(['relevance', 'year', 'rating', 'popularity']).default('relevance'),
      offset: z.number().int().min(0).max(100_000).default(0),
      limit: z.number().int().min(1).max(200).default(20),
    }),
    response: z.object({
      movies: z.array(MovieSummary),
      total: z.number().int(),
      totalExact: z.boolean(),
      /** Only when the genre or years leave nothing: how many titles match without them. */
      withoutFilters: z.number().int().optional(),
      /** Only when nothing matches at all: the year of the catalogue's newest film. */
      newestYear: z.number().int().optional(),
      /** The words searched instead, when the first word typed was an acronym ("hp 3"). */
      readAs: z.string().optional(),
      /** No title holds the words: the movies are titles a typo or two away ("godfahter"). */
      lookAlikes: z.boolean().optional(),
      /**
       * The series' film the words name by its place ("harry potter 3"), listed first;
       * `inTitle` when its title carries the number ("Rocky II", "X2", "Ocean's Twelve").
       */
      seriesPlace: z
        .object({ movieId: id, place: z.number().int().min(2), inTitle: z.boolean() })
        .optional(),
      /**
       * On the first page: movies the releases' viewers tagged with every word typed ("pixar",
       * "tarantino"), besides those listed above, the most tagged first; `tags`: the tags matched
       * (the 3 most given), `otherTags`: how many more matched.
       */
      tagged: z
        .object({
          tags: z.array(z.string()),
          otherTags: z.number().int().nonnegative().optional(),
          movies: z.array(MovieSummary),
        })
        .optional(),
    }),
  },
  /**
   * Tags to complete a tag filter as it is typed ("chri" → "Christmas"): holding the words typed,
   * the last as the start of a word, the most given first; none below two letters.
   */
  'search.tags': {
    request: z.object({
      text: z.string().max(tagFilterMax),
      limit: z.number().int().min(1).max(20).default(8),
    }),
    response: z.array(z.string()),
  },
  'movies.get': {
    request: z.object({ movieId: id, profileId: id.optional() }),
    response: MovieDetails,
  },
  'movies.genres': { request: nothing, response: z.array(z.string()) },
  /** Well-known, varied movies for a new profile to rate first; `exclude`: those offered already. */
  'movies.onboarding': {
    request: z.object({
      profileId: id,
      limit: z.number().int().min(1).max(50).default(12),
      exclude: z.array(id).max(1000).default([]),
    }),
    response: z.array(MovieSummary),
  },

  'profiles.list': { request: nothing, response: z.array(Profile) },
  'profiles.create': {
    request: z.object({
      name: profileName,
      passphrase: newPassphrase.optional(),
    }),
    response: Profile,
  },
  'profiles.rename': {
    request: z.object({ profileId: id, name: profileName }),
    response: Profile,
  },
  'profiles.delete': { request: profileRef, response: ok },
  'profiles.lock': {
    request: z.object({ profileId: id, passphrase: newPassphrase }),
    response: Profile,
  },
  'profiles.removeLock': {
    request: z.object({ profileId: id, passphrase: z.string() }),
    response: Profile,
  },
  /** Opens a locked profile for this connection (session) only. */
  'profiles.unlock': {
    request: z.object({ profileId: id, passphrase: z.string() }),
    response: ok,
  },
  /** Closes every profile opened with a passphrase on this connection. */
  'profiles.signOut': { request: nothing, response: ok },

  'ratings.list': { request: profileRef, response: z.array(ProfileRating) },
  'ratings.set': {
    request: z.object({
      profileId: id,
      movieId: id,
      rating: RatingValue,
      /**
       * When the rating was given (ms since 1970), for an undo that puts back a rating as it was;
       * now when left out. Never later than now.
       */
      ratedAt: firstDoneAt('a rating').optional(),
    }),
    response: ok,
  },
  'ratings.clear': { request: z.object({ profileId: id, movieId: id }), response: ok },
  'ratings.export': { request: profileRef, response: z.object({ csv: z.string() }) },
  'taste.summary': { request: profileRef, response: TasteSummary },
  /** The profile's watchlist and not-interested movies, newest first. */
  'marks.list': { request: profileRef, response: z.array(MarkedMovie) },
  /** Puts a movie on the watchlist or marks it not interested (replacing its other mark). */
  'marks.set': {
    request: z.object({
      profileId: id,
      movieId: id,
      mark: MovieMark,
      /** When the mark was first given, for an undo that puts it back as it was; now when left out. */
      markedAt: firstDoneAt('a mark').optional(),
    }),
    response: ok,
  },
  'marks.clear': { request: z.object({ profileId: id, movieId: id }), response: ok },
  /** The watchlist, or the films marked seen and not rated, as a CSV the importers read back. */
  'marks.export': {
    request: z.object({ profileId: id, mark: z.enum(['watchlist', 'seen']) }),
    response: z.object({ csv: z.string() }),
  },

  'recommend.forYou': {
    request: z.object({
      profileId: id,
      limit: z.number().int().min(1).max(forYouMost).default(20),
      genre: z.string().optional(),
      decade: z.number().int().optional(),
      minPopularity: z.number().int().min(0).default(0),
      diversity: z.number().min(0).max(1).default(0),
      /** Only movies viewers tagged with these words, as search matches them ("pixar"). */
      tag: tagFilter.optional(),
    }),
    response: z.object({
      items: z.array(RecommendedMovie),
      freshness: ListFreshness,
      /** Null before the profile rates anything or without the release's ratings. */
      starScale: StarScale.nullable().default(null),
      /**
       * With `tag`: the tags it matched, as viewers wrote them most often (the 3 most given);
       * none: no tag has it. `otherTags`: how many more matched.
       */
      tags: z.array(z.string()).optional(),
      otherTags: z.number().int().nonnegative().optional(),
    }),
  },
  /**
   * The movie page's "For you" panel: the match, predicted stars and reason the movie's card on
   * the profile's For you list shows (its reason says it is far down the list beyond the
   * `forYouMost` the list gives), and its place in that list (`rank` of `of`); `item` and
   * `rank` are null once the profile rated it (or marked it seen or not interested), `item` also
   * while the profile has no ratings.
   */
  'recommend.forMovie': {
    request: z.object({ profileId: id, movieId: id }),
    response: z.object({
      item: RecommendedMovie.nullable(),
      rank: z.number().int().nullable(),
      of: z.number().int(),
      freshness: ListFreshness,
      starScale: StarScale.nullable().default(null),
    }),
  },
  /** Where many movies (a watchlist) stand on the profile's For you list, in one scoring. */
  'recommend.forMovies': {
    request: z.object({ profileId: id, movieIds: z.array(id).max(5000) }),
    response: z.object({
      movies: z.array(
        z.object({
          movieId: id,
          match: z.number().nullable(),
          predictedRating: z.number().nullable(),
          rank: z.number().int().nullable(),
          /** Rated (or marked seen or not interested) since: it has left For you. */
          rated: z.boolean(),
        }),
      ),
      of: z.number().int(),
      freshness: ListFreshness,
      starScale: StarScale.nullable().default(null),
    }),
  },
  'recommend.similarMovies': {
    request: z.object({
      movieId: id,
      profileId: id.optional(),
      limit: z.number().int().min(1).max(200).default(20),
    }),
    response: z.object({ items: z.array(RecommendedMovie), freshness: ListFreshness }),
  },
  'recommend.peopleLikeYou': {
    request: z.object({ profileId: id, limit: z.number().int().min(1).max(50).default(8) }),
    response: z.object({
      people: z.array(LikeMindedPerson),
      freshness: ListFreshness,
      /** How many of the profile's rated movies a dataset user must have rated to be listed. */
      inCommonNeeded: z.number().int().optional(),
    }),
  },
  /** "People who loved this also loved": dataset users who rated the movie 4.5+ and what else they loved. */
  'recommend.alsoLoved': {
    request: z.object({
      movieId: id,
      profileId: id.optional(),
      limit: z.number().int().min(1).max(50).default(12),
    }),
    response: z.object({ items: z.array(RecommendedMovie) }),
  },

  /**
   * "Watch together": one list for 2–6 profiles, ranked so nobody is left out, with every
   * member's predicted stars. The session must have opened every locked member.
   */
  'recommend.together': {
    request: z.object({
      profileIds: z
        .array(id)
        .min(2)
        .max(6)
        .refine((ids) => new Set(ids).size === ids.length, 'profiles must differ'),
      limit: z.number().int().min(1).max(100).default(20),
      genre: z.string().optional(),
      /** A decade's first year: only movies of the 1980s for 1980. */
      decade: z.number().int().optional(),
      /** Only movies with at least this many ratings in the catalogue. */
      minPopularity: z.number().int().min(0).default(0),
      /** Only movies viewers tagged with these words, as search matches them ("christmas"). */
      tag: tagFilter.optional(),
    }),
    response: z.object({
      members: z.array(
        z.object({
          profileId: z.number().int(),
          name: z.string(),
          /** The member rates clearly lower or higher than most: their stars run so too. */
          starsRun: z.enum(['lower', 'higher']).nullable().default(null),
        }),
      ),
      items: z.array(TogetherMovie),
      modelName: z.string(),
      computedMs: z.number(),
      /** As ListFreshness.trainedOn: the data the model learnt from, while it is not the release. */
      trainedOn: z.string().optional(),
      /**
       * With `tag`: the tags it matched, as viewers wrote them most often (the 3 most given);
       * none: no tag has it. `otherTags`: how many more matched.
       */
      tags: z.array(z.string()).optional(),
      otherTags: z.number().int().nonnegative().optional(),
    }),
  },

  'engine.status': { request: z.object({ profileId: id.optional() }), response: EngineStatus },
  'engine.finetune': {
    request: z.object({ profileId: id, jobId }),
    response: z.object({ seconds: z.number(), ratings: z.number().int(), finalLoss: z.number() }),
  },
  /**
   * Trains a model from scratch. `dataset` (a MovieLens folder or zip) trains on that release
   * instead of the catalogue's; `outDir` writes the model elsewhere than the models folder.
   */
  'engine.pretrain': {
    request: z.object({
      jobId,
      model: z.string().optional(),
      epochs: z.number().int().positive().optional(),
      /** The model's settings to change (its schema refuses an unknown or invalid one). */
      settings: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).optional(),
      dataset: z.string().min(1).optional(),
      outDir: z.string().min(1).optional(),
      seed: z.number().int().optional(),
    }),
    response: z.object({ model: z.string(), seconds: z.number(), metrics: z.array(EvaluationRow) }),
  },
  /** Runs a protocol of EVALUATION.md on a MovieLens release (folder or zip). */
  'eval.run': {
    request: z.object({
      dataset: z.string().min(1),
      protocol: ProtocolName,
      model: z.string().optional(),
      jobId,
    }),
    response: z.array(EvaluationRow),
  },

  'jobs.cancel': { request: z.object({ jobId }), response: z.object({ cancelled: z.boolean() }) },
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type Request<C extends Channel> = z.input<Channels[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<Channels[C]['request']>;
export type Response<C extends Channel> = z.output<Channels[C]['response']>;

/** Events pushed from the service to every connected client. */
export const events = {
  'job.progress': JobProgress,
  'job.finished': z.object({
    jobId,
    kind: JobProgress.shape.kind,
    ok: z.boolean(),
    error: z.string().optional(),
  }),
  'profile.modelUpdated': z.object({ profileId: id, seconds: z.number() }),
  'catalogue.changed': z.object({ reason: z.string() }),
  /** The automatic backup's check found the catalogue file damaged: `message` says what to restore. */
  'catalogue.damaged': z.object({ message: z.string() }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** Errors reach every client as this shape; `code` lets the UI react (e.g. ask for a passphrase). */
export const ApiErrorShape = z.object({
  code: z.enum([
    'bad-request',
    'not-found',
    'locked',
    'forbidden',
    'conflict',
    'cancelled',
    'failed',
    /** The catalogue file is damaged: the message names it and the backup to restore. */
    'damaged',
  ]),
  message: z.string(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** "Bad request to <channel>: <what was wrong>", as the dispatcher words a request its schema refuses. */
export function badRequestMessage(channel: string, reason: string): string {
  return `Bad request to ${channel}: ${reason}`;
}

/** What was wrong with a refused request, without the channel it went to (for people). */
export function badRequestReason(message: string): string {
  return message.replace(/^Bad request to [\w.]+: /, '');
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorShape['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A typed client over any transport (IPC, WebSocket, in-process). */
export interface ApiClient {
  call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
