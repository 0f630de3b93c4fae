/**
 * A third mark, "seen": a movie the profile has watched but not rated (Letterboxd's watched
 * list, or "Seen it" on its page). Lists leave it out; the model takes it as a stand-in rating.
 * SQLite cannot widen a CHECK in place, so the marks table is rebuilt. An import's marks now
 * say which mark they set, so undoing it takes off exactly those.
 */
export const sql = `
CREATE TABLE profile_movie_marks_new (
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  movie_id INTEGER NOT NULL,
  mark TEXT NOT NULL CHECK (mark IN ('watchlist', 'not-interested', 'seen')),
  marked_at INTEGER NOT NULL,
  PRIMARY KEY (profile_id, movie_id)
) WITHOUT ROWID;
INSERT INTO profile_movie_marks_new SELECT profile_id, movie_id, mark, marked_at FROM profile_movie_marks;
DROP TABLE profile_movie_marks;
ALTER TABLE profile_movie_marks_new RENAME TO profile_movie_marks;
CREATE INDEX profile_movie_marks_mark ON profile_movie_marks(profile_id, mark);
ALTER TABLE profile_import_marks ADD COLUMN mark TEXT NOT NULL DEFAULT 'watchlist'
  CHECK (mark IN ('watchlist', 'seen'));
`;
