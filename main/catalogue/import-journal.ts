import { ApiError } from '../../shared/api';
import type { ConflictPolicy, ImportHistoryEntry, UndoImportSummary } from '../../shared/domain';
import type { Db } from './db';

/** How many imports per profile the journal keeps (older ones can no longer be undone). */
export const KEPT_IMPORTS = 10;

/** One rating an import writes: the value it replaces (null: none) and the value written. */
export interface JournalChange {
  movieId: number;
  previous: { half: number; at: number } | null;
  writtenHalf: number;
  writtenAt: number;
}

/** A movie an import marked (put on the watchlist, or marked seen), and when. */
export interface JournalMark {
  movieId: number;
  markedAt: number;
  mark: 'watchlist' | 'seen';
}

export interface JournalImport {
  profileId: number;
  format: string;
  source: string;
  conflictPolicy: ConflictPolicy;
  changes: JournalChange[];
  /** Movies marked: on the watchlist (an export's watchlist), or seen (its watched list). */
  marks?: JournalMark[];
}

/**
 * Records an import's changes (call inside the import's transaction) and forgets the profile's
 * imports beyond the newest KEPT_IMPORTS. Returns the import's id.
 */
export function recordImport(db: Db, entry: JournalImport, importedAt = Date.now()): number {
  const importId = Number(
    db
      .prepare(
        `INSERT INTO profile_imports (profile_id, format, source, conflict_policy, imported_at, written)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.profileId,
        entry.format,
        entry.source,
        entry.conflictPolicy,
        importedAt,
        entry.changes.length,
      ).lastInsertRowid,
  );
  const insert = db.prepare(
    `INSERT INTO profile_import_changes (import_id, movie_id, previous_half, previous_at, written_half, written_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const c of entry.changes) {
    insert.run(
      importId,
      c.movieId,
      c.previous?.half ?? null,
      c.previous?.at ?? null,
      c.writtenHalf,
      c.writtenAt,
    );
  }
  const mark = db.prepare(
    'INSERT INTO profile_import_marks (import_id, movie_id, marked_at, mark) VALUES (?, ?, ?, ?)',
  );
  for (const m of entry.marks ?? []) mark.run(importId, m.movieId, m.markedAt, m.mark);
  db.prepare(
    `DELETE FROM profile_imports WHERE profile_id = ? AND id NOT IN
       (SELECT id FROM profile_imports WHERE profile_id = ? ORDER BY id DESC LIMIT ?)`,
  ).run(entry.profileId, entry.profileId, KEPT_IMPORTS);
  return importId;
}

interface ImportRow {
  id: number;
  watchlisted: number;
  marked_seen: number;
  format: string;
  source: string;
  conflict_policy: ConflictPolicy;
  imported_at: number;
  written: number;
  undone_at: number | null;
}

/** The profile's journaled imports, newest first. */
export function importHistory(db: Db, profileId: number): ImportHistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT i.*,
         (SELECT COUNT(*) FROM profile_import_marks k
           WHERE k.import_id = i.id AND k.mark = 'watchlist') AS watchlisted,
         (SELECT COUNT(*) FROM profile_import_marks k
           WHERE k.import_id = i.id AND k.mark = 'seen') AS marked_seen
       FROM profile_imports i WHERE profile_id = ? ORDER BY id DESC`,
    )
    .all(profileId) as ImportRow[];
  return rows.map((r) => ({
    importId: r.id,
    format: r.format,
    source: r.source,
    importedAt: r.imported_at,
    conflictPolicy: r.conflict_policy,
    written: r.written,
    watchlisted: r.watchlisted,
    markedSeen: r.marked_seen,
    undoneAt: r.undone_at,
  }));
}

/**
 * Puts back every rating the import wrote as it was before (removing those it added), and takes
 * off the marks it set (the movies it put on the watchlist or marked seen), in one transaction. A
 * rating changed since the import (rated again, or by a later import) is left as it is and
 * counted in `changedSince`; a movie unmarked or marked again since stays as it is. An import is
 * undone once.
 */
export function undoImport(db: Db, profileId: number, importId: number): UndoImportSummary {
  const entry = db
    .prepare('SELECT * FROM profile_imports WHERE id = ? AND profile_id = ?')
    .get(importId, profileId) as ImportRow | undefined;
  if (!entry) {
    throw new ApiError(
      'not-found',
      `Profile ${profileId} has no import ${importId} to undo (the journal keeps the last ${KEPT_IMPORTS}).`,
    );
  }
  if (entry.undone_at !== null) {
    throw new ApiError('conflict', `Import ${importId} was already undone.`);
  }
  const changes = db
    .prepare('SELECT * FROM profile_import_changes WHERE import_id = ?')
    .all(importId) as {
    movie_id: number;
    previous_half: number | null;
    previous_at: number | null;
    written_half: number;
    written_at: number;
  }[];
  const current = db.prepare(
    'SELECT rating_half, rated_at FROM profile_ratings WHERE profile_id = ? AND movie_id = ?',
  );
  const restore = db.prepare(
    'UPDATE profile_ratings SET rating_half = ?, rated_at = ? WHERE profile_id = ? AND movie_id = ?',
  );
  const remove = db.prepare('DELETE FROM profile_ratings WHERE profile_id = ? AND movie_id = ?');
  let restored = 0;
  let changedSince = 0;
  // The marks the import set still there as it set them: the same mark, dated the same.
  const removeMarks = db.prepare(
    `DELETE FROM profile_movie_marks WHERE profile_id = ? AND mark = ? AND EXISTS
       (SELECT 1 FROM profile_import_marks k WHERE k.import_id = ? AND k.mark = profile_movie_marks.mark
          AND k.movie_id = profile_movie_marks.movie_id AND k.marked_at = profile_movie_marks.marked_at)`,
  );
  let watchlistRemoved = 0;
  let seenRemoved = 0;
  db.transaction(() => {
    for (const c of changes) {
      const now = current.get(profileId, c.movie_id) as
        { rating_half: number; rated_at: number } | undefined;
      if (!now || now.rating_half !== c.written_half || now.rated_at !== c.written_at) {
        changedSince++;
        continue;
      }
      if (c.previous_half === null) remove.run(profileId, c.movie_id);
      else restore.run(c.previous_half, c.previous_at, profileId, c.movie_id);
      restored++;
    }
    watchlistRemoved = removeMarks.run(profileId, 'watchlist', importId).changes;
    seenRemoved = removeMarks.run(profileId, 'seen', importId).changes;
    db.prepare('UPDATE profile_imports SET undone_at = ? WHERE id = ?').run(Date.now(), importId);
  })();
  return { importId, restored, changedSince, watchlistRemoved, seenRemoved };
}
