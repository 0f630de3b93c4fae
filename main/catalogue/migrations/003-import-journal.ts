/**
 * The journal of personal imports into a profile, so each of the newest ones can be undone:
 * per import, every rating it wrote with the value it replaced (`previous_half` NULL: the
 * profile had not rated the movie) and the value it wrote (undo leaves a rating changed since).
 */
export const sql = `
CREATE TABLE profile_imports (
  id INTEGER PRIMARY KEY,
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  format TEXT NOT NULL,
  source TEXT NOT NULL,
  conflict_policy TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  written INTEGER NOT NULL,
  undone_at INTEGER
);
CREATE INDEX profile_imports_profile ON profile_imports(profile_id, id);

CREATE TABLE profile_import_changes (
  import_id INTEGER NOT NULL REFERENCES profile_imports(id) ON DELETE CASCADE,
  movie_id INTEGER NOT NULL,
  previous_half INTEGER,
  previous_at INTEGER,
  written_half INTEGER NOT NULL,
  written_at INTEGER NOT NULL,
  PRIMARY KEY (import_id, movie_id)
) WITHOUT ROWID;
`;
