/**
 * The movies a personal import put on the profile's watchlist (an export's watchlist file), with
 * the time it marked them, so undoing the import takes off exactly those still marked so.
 */
export const sql = `
CREATE TABLE profile_import_marks (
  import_id INTEGER NOT NULL REFERENCES profile_imports(id) ON DELETE CASCADE,
  movie_id INTEGER NOT NULL,
  marked_at INTEGER NOT NULL,
  PRIMARY KEY (import_id, movie_id)
) WITHOUT ROWID;
`;
