import { z } from 'zod';

/** Domain shapes shared by main and renderer. Runtime schemas first; types are inferred from them. */

export const RatingValue = z
  .number()
  .min(0.5)
  .max(5)
  .refine((v) => Number.isInteger(v * 2), 'ratings go in half stars from 0.5 to 5.0');

export const MovieSummary = z.object({
  id: z.number().int(),
  title: z.string(),
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
});
export type MovieDetails = z.infer<typeof MovieDetails>;

export const Profile = z.object({
  id: z.number().int(),
  name: z.string(),
  locked: z.boolean(),
  ratingCount: z.number().int(),
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

/** Why an item is in a list: short text plus the facts behind it, for the UI to show. */
export const Reason = z.object({
  text: z.string(),
  because: z
    .array(z.object({ movieId: z.number().int(), title: z.string(), weight: z.number() }))
    .default([]),
  sharedGenres: z.array(z.string()).default([]),
  sharedTags: z.array(z.string()).default([]),
  likeMindedLovers: z.number().int().nullable().default(null),
});
export type Reason = z.infer<typeof Reason>;

export const RecommendedMovie = z.object({
  movie: MovieSummary,
  score: z.number(),
  /** Predicted rating on the 0.5–5 scale where the model predicts ratings. */
  predictedRating: z.number().nullable(),
  reason: Reason,
});
export type RecommendedMovie = z.infer<typeof RecommendedMovie>;

export const LikeMindedPerson = z.object({
  /** Anonymous label, e.g. "Viewer 1": dataset user ids are never shown. */
  label: z.string(),
  similarity: z.number(),
  commonRated: z.number().int(),
  /** Share of movies both rated where the two ratings are within one star. */
  agreement: z.number().nullable(),
  sharedFavourites: z.array(MovieSummary),
  loved: z.array(RecommendedMovie),
});
export type LikeMindedPerson = z.infer<typeof LikeMindedPerson>;

export const ListFreshness = z.object({
  modelName: z.string(),
  /** 'fine-tuned': the profile's own model is current; 'folded-in': instant vector while a fine-tune runs. */
  personalModel: z.enum(['fine-tuned', 'folded-in', 'none']),
  computedMs: z.number(),
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
  seconds: z.number(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const UnmatchedRow = z.object({
  line: z.number().int(),
  title: z.string(),
  year: z.number().int().nullable(),
  rating: z.number().nullable(),
});
export const ExportImportSummary = z.object({
  format: z.enum(['movielens', 'imdb', 'letterboxd']),
  source: z.string(),
  rows: z.number().int(),
  matched: z.number().int(),
  unmatched: z.array(UnmatchedRow),
  seconds: z.number(),
});
export type ExportImportSummary = z.infer<typeof ExportImportSummary>;

export const JobKind = z.enum(['import', 'import-export', 'pretrain', 'finetune', 'eval']);
export type JobKind = z.infer<typeof JobKind>;

export const JobProgress = z.object({
  jobId: z.string(),
  kind: JobKind,
  phase: z.string(),
  current: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['rows', 'bytes', 'epochs', 'batches', 'profiles', 'steps']),
  rows: z.number().optional(),
  bytes: z.number().optional(),
  loss: z.number().optional(),
  validationLoss: z.number().optional(),
  etaSeconds: z.number().nullable().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const BackendName = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;

export const EvaluationRow = z.object({
  model: z.string(),
  dataset: z.string(),
  protocol: z.enum(['A', 'B', 'C']),
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
    })
    .nullable(),
  profile: z
    .object({
      profileId: z.number().int(),
      state: z.enum(['none', 'fine-tuned', 'stale', 'training']),
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
});
export type TasteSummary = z.infer<typeof TasteSummary>;
