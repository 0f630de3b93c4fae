/**
 * A profile's marks on movies it has not rated: on its watchlist, or "not interested" (hidden
 * from every list, and a weak dislike for the model). One mark per movie; setting one replaces
 * the other. No foreign key to `movies`: an import may renumber or drop movies, and a mark on a
 * movie the catalogue no longer has is simply not listed.
 */
export const sql = `
CREATE TABLE profile_movie_marks (
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  movie_id INTEGER NOT NULL,
  mark TEXT NOT NULL CHECK (mark IN ('watchlist', 'not-interested')),
  marked_at INTEGER NOT NULL,
  PRIMARY KEY (profile_id, movie_id)
) WITHOUT ROWID;
CREATE INDEX profile_movie_marks_mark ON profile_movie_marks(profile_id, mark);
`;
