import type {
  ConflictPolicy,
  ExportImportSummary,
  ImportConflict,
  ImportCounts,
} from '../../shared/domain';
import { exportRatingWins } from '../../shared/import-conflicts';
import type { Db } from '../catalogue/db';
import type { JournalChange } from '../catalogue/import-journal';
import { titleKey } from '../catalogue/titles';
import type { ExportRow } from './export-formats';
import type { SkippedRow } from './import-export';
import { MovieMatcher } from './movie-matcher';

/** The most conflicts a summary lists (the counts cover them all). */
const LISTED_CONFLICTS = 200;

/** A matched row the import would write, with the directors to fill in (IMDb). */
export interface PlannedRating {
  change: JournalChange;
  people: string[];
}

/** What importing an export's rows into a profile would do, worked out without writing. */
export interface ImportPlan {
  counts: ImportCounts;
  conflicts: ImportConflict[];
  unmatched: ExportImportSummary['unmatched'];
  /** Rows matched to a movie, the same movie again not counted. */
  matched: number;
  writes: PlannedRating[];
}

/**
 * Matches each row to a catalogue movie and compares it with the profile's own rating: new,
 * the same (left alone), or conflicting, which the policy settles: keep-mine leaves it,
 * take-theirs writes the export's, newest-wins writes the export's only when it is dated after
 * the profile's. A movie rated on several rows takes its newest; the others are added to
 * `skipped`.
 */
export function planImport(
  db: Db,
  profileId: number,
  rows: ExportRow[],
  file: string,
  skipped: SkippedRow[],
  policy: ConflictPolicy,
): ImportPlan {
  const matcher = new MovieMatcher(db);
  const exists = db.prepare('SELECT 1 FROM movies WHERE id = ?').pluck();
  const mine = db.prepare(
    'SELECT rating_half, rated_at FROM profile_ratings WHERE profile_id = ? AND movie_id = ?',
  );
  const movie = db.prepare('SELECT title, year FROM movies WHERE id = ?');
  const counts: ImportCounts = {
    new: 0,
    same: 0,
    conflicting: 0,
    conflictingNewer: 0,
    unmatched: 0,
    skipped: 0,
  };
  const conflicts: ImportConflict[] = [];
  const unmatched: ImportPlan['unmatched'] = [];
  const writes: PlannedRating[] = [];
  const matched = rows.map(
    (row) =>
      (row.movieId && exists.get(row.movieId) ? row.movieId : undefined) ??
      matcher.match({
        key: titleKey(row.title),
        title: row.title,
        year: row.year,
        imdbId: row.imdbId,
        tmdbId: row.tmdbId,
      }),
  );
  const kept = newestRowOfEachMovie(rows, matched);
  rows.forEach((row, at) => {
    const movieId = matched[at];
    if (movieId === undefined) {
      const { line, title, year, rating, kind } = row;
      unmatched.push({ line, title, year, rating, ...(kind ? { kind } : {}) });
      return;
    }
    const keptRow = kept.get(movieId) as ExportRow;
    if (keptRow !== row) {
      const why = datedAt(keptRow) > datedAt(row) ? 'rated later' : 'dated the same, further down';
      skipped.push({
        file,
        line: row.line,
        reason: `the same movie as line ${keptRow.line}, ${why}`,
      });
      return;
    }
    const half = Math.round(row.rating * 2);
    const own = mine.get(profileId, movieId) as
      { rating_half: number; rated_at: number } | undefined;
    const write = (previous: JournalChange['previous']) =>
      writes.push({
        change: { movieId, previous, writtenHalf: half, writtenAt: row.ratedAt },
        people: row.people ?? [],
      });
    if (!own) {
      counts.new++;
      write(null);
    } else if (own.rating_half === half) {
      counts.same++;
    } else {
      counts.conflicting++;
      const theirsAt = row.undated ? null : row.ratedAt;
      if (exportRatingWins('newest-wins', own.rated_at, theirsAt)) counts.conflictingNewer++;
      if (conflicts.length < LISTED_CONFLICTS) {
        const facts = movie.get(movieId) as { title: string; year: number | null };
        conflicts.push({
          movieId,
          title: facts.title,
          year: facts.year,
          mine: own.rating_half / 2,
          mineAt: own.rated_at,
          theirs: row.rating,
          theirsAt,
        });
      }
      if (exportRatingWins(policy, own.rated_at, theirsAt))
        write({ half: own.rating_half, at: own.rated_at });
    }
  });
  counts.unmatched = unmatched.length;
  counts.skipped = skipped.length;
  return { counts, conflicts, unmatched, matched: kept.size, writes };
}

/** A row's time for choosing the newest: an undated row is older than any dated one. */
const datedAt = (row: ExportRow) => (row.undated ? -Infinity : row.ratedAt);

/**
 * The row each movie's rating comes from when a file rates it more than once (a Letterboxd
 * diary logs every rewatch): the latest dated, and of rows dated alike the one further down.
 */
function newestRowOfEachMovie(
  rows: ExportRow[],
  movieIds: (number | undefined)[],
): Map<number, ExportRow> {
  const kept = new Map<number, ExportRow>();
  rows.forEach((row, at) => {
    const movieId = movieIds[at];
    if (movieId === undefined) return;
    const before = kept.get(movieId);
    if (!before || datedAt(row) >= datedAt(before)) kept.set(movieId, row);
  });
  return kept;
}
