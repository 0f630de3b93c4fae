/**
 * The first schema. Dataset ratings are a WITHOUT ROWID table keyed (release, user, movie) so a
 * release loads as near-appends and "a user's ratings" needs no extra index; ratings are stored
 * as half-stars (1..10) in small integers. Secondary indexes and triggers named `bulk_*` are dropped
 * and rebuilt around bulk loads by the importers (the title search index is then rebuilt whole).
 */
export const sql = `
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  format TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  real_movie_ids INTEGER NOT NULL,
  rating_scale_min REAL NOT NULL,
  rating_scale_max REAL NOT NULL,
  movies INTEGER NOT NULL,
  ratings INTEGER NOT NULL,
  users INTEGER NOT NULL,
  imported_at INTEGER NOT NULL
);

CREATE TABLE movies (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,
  year INTEGER,
  genres TEXT NOT NULL DEFAULT '',
  imdb_id TEXT,
  tmdb_id INTEGER,
  people TEXT NOT NULL DEFAULT '',
  rating_count INTEGER NOT NULL DEFAULT 0,
  rating_sum_half INTEGER NOT NULL DEFAULT 0,
  -- Movies only known from a release without real MovieLens ids (ml-100k imported alone).
  local_release_id INTEGER REFERENCES releases(id) ON DELETE CASCADE
);
-- Covers "the title starts with what was typed" searches ranked by popularity.
CREATE INDEX movies_title_key ON movies(title_key, year, rating_count);
CREATE INDEX movies_imdb ON movies(imdb_id) WHERE imdb_id IS NOT NULL;
CREATE INDEX movies_tmdb ON movies(tmdb_id) WHERE tmdb_id IS NOT NULL;
CREATE INDEX movies_popularity ON movies(rating_count DESC);

CREATE TABLE movie_genres (
  genre TEXT NOT NULL,
  movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
  PRIMARY KEY (genre, movie_id)
) WITHOUT ROWID;
CREATE INDEX movie_genres_movie ON movie_genres(movie_id);

CREATE VIRTUAL TABLE movie_search USING fts5(
  title, content='movies', content_rowid='id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE TRIGGER bulk_movie_search_insert AFTER INSERT ON movies BEGIN
  INSERT INTO movie_search(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER bulk_movie_search_delete AFTER DELETE ON movies BEGIN
  INSERT INTO movie_search(movie_search, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER bulk_movie_search_update AFTER UPDATE OF title ON movies BEGIN
  INSERT INTO movie_search(movie_search, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO movie_search(rowid, title) VALUES (new.id, new.title);
END;

-- Per release and movie: how many ratings and their sum in half-stars; movies.rating_count and
-- rating_sum_half are the totals over releases, refreshed after every import.
CREATE TABLE release_movie_stats (
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  movie_id INTEGER NOT NULL,
  count INTEGER NOT NULL,
  sum_half INTEGER NOT NULL,
  PRIMARY KEY (release_id, movie_id)
) WITHOUT ROWID;

-- A release's own item ids where they are not MovieLens movieIds (ml-100k).
CREATE TABLE release_items (
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  item_key INTEGER NOT NULL,
  movie_id INTEGER NOT NULL,
  PRIMARY KEY (release_id, item_key)
) WITHOUT ROWID;

CREATE TABLE dataset_users (
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  user_key INTEGER NOT NULL,
  age INTEGER,
  gender TEXT,
  occupation TEXT,
  PRIMARY KEY (release_id, user_key)
) WITHOUT ROWID;

-- No foreign keys here on purpose: checking them per row would halve bulk load speed; rows are
-- removed with their release by the importers.
CREATE TABLE dataset_ratings (
  release_id INTEGER NOT NULL,
  user_key INTEGER NOT NULL,
  movie_id INTEGER NOT NULL,
  rating_half INTEGER NOT NULL,
  rated_at INTEGER NOT NULL,
  PRIMARY KEY (release_id, user_key, movie_id)
) WITHOUT ROWID;

-- Who loved what (4.5 stars and up), keyed by movie: "people who loved this" without scanning
-- the ratings. Written by the importers in key order, which is much cheaper than an index.
CREATE TABLE dataset_loved (
  release_id INTEGER NOT NULL,
  movie_id INTEGER NOT NULL,
  user_key INTEGER NOT NULL,
  PRIMARY KEY (release_id, movie_id, user_key)
) WITHOUT ROWID;

CREATE TABLE tags (
  release_id INTEGER NOT NULL,
  user_key INTEGER NOT NULL,
  movie_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  tagged_at INTEGER NOT NULL
);
CREATE INDEX bulk_tags_movie ON tags(movie_id);
CREATE INDEX bulk_tags_release ON tags(release_id);

CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  lock_hash TEXT
);

CREATE TABLE profile_ratings (
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  movie_id INTEGER NOT NULL REFERENCES movies(id),
  rating_half INTEGER NOT NULL CHECK (rating_half BETWEEN 1 AND 10),
  rated_at INTEGER NOT NULL,
  PRIMARY KEY (profile_id, movie_id)
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  dataset_fingerprint TEXT NOT NULL,
  metrics TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  profile_id INTEGER REFERENCES profiles(id) ON DELETE CASCADE
);
CREATE INDEX models_lookup ON models(name, profile_id, created_at);
`;
