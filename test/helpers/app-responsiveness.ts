import type { Db } from '../../main/catalogue/db';
import { setProfileRating } from '../../main/catalogue/profile-ratings';
import { searchMovies } from '../../main/catalogue/search';

export interface ResponsivenessProbe {
  /** Milliseconds each `ratings.set` (setProfileRating) took on the probing connection. */
  ratingMs: number[];
  /** Milliseconds each search took on the probing connection. */
  searchMs: number[];
  /** Errors thrown by either (e.g. "database is locked"); none expected. */
  errors: string[];
  /** The last rating (in stars) written per movie id, to check none is lost afterwards. */
  written: Map<number, number>;
}

export interface ProbeOptions {
  profileId: number;
  /** Catalogue movies to rate, in turn. */
  movieIds: number[];
  queries: string[];
  /** Pause between two probes, so the probing does not itself load the machine. */
  intervalMs?: number;
}

/**
 * Acts like a person using the app while `job` (an import in a worker thread) runs: sets a
 * rating and runs a search on `db`, the app's own connection, every few milliseconds, timing
 * each, until the job settles.
 */
export async function probeWhile(
  db: Db,
  job: Promise<unknown>,
  options: ProbeOptions,
): Promise<ResponsivenessProbe> {
  const probe: ResponsivenessProbe = { ratingMs: [], searchMs: [], errors: [], written: new Map() };
  let settled = false;
  void job.then(
    () => (settled = true),
    () => (settled = true),
  );
  const interval = options.intervalMs ?? 20;
  for (let i = 0; !settled; i++) {
    const movieId = options.movieIds[i % options.movieIds.length];
    const stars = 0.5 + (i % 10) / 2;
    try {
      let started = performance.now();
      setProfileRating(db, options.profileId, movieId, stars);
      probe.ratingMs.push(performance.now() - started);
      probe.written.set(movieId, stars);
      started = performance.now();
      searchMovies(db, options.queries[i % options.queries.length], { limit: 20 });
      probe.searchMs.push(performance.now() - started);
    } catch (err) {
      probe.errors.push(err instanceof Error ? err.message : String(err));
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return probe;
}

/** The p-th percentile (0..100) of `values`, nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
