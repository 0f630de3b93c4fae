import type { Db } from '../catalogue/db';
import { parseMovieLensTitle, titleKey } from '../catalogue/titles';
import { FirstLines } from './first-lines';
import { MovieMatcher } from './movie-matcher';
import { MOVIELENS_GENRES } from './movielens-genres';
import type { ReleaseReader } from './layouts';
import { readRatingFile } from './rating-file';
import { readTextLines } from './read-file';
import { LOCAL_MOVIE_ID_BASE } from './release-writer';
import { RowReader } from './text-rows';

/** Local movie ids (LOCAL_MOVIE_ID_BASE + item id) must stay 32-bit integers. */
const MAX_ITEM_ID = 2 ** 31 - 1 - LOCAL_MOVIE_ID_BASE;

/**
 * u.item names one item "unknown", with no date: a film the release could not name (item 267).
 * As a title it reads as the films called Unknown (2006, 2011), so it is said for what it is.
 */
function placeholderTitle(title: string, date: string, item: number): string {
  return title.trim().toLowerCase() === 'unknown' && date.trim() === ''
    ? `Unnamed film, ml-100k item ${item}`
    : title;
}

/** u.item's genre flag columns, in file order. */
const GENRES = ['unknown', ...MOVIELENS_GENRES];

/**
 * ml-100k: its item ids are not MovieLens movieIds. Where the catalogue already holds a
 * release with real movieIds, each item is mapped onto a catalogue movie by normalised title
 * and year; items that match nothing (or a movie another item already took) become movies
 * local to this release, numbered LOCAL_MOVIE_ID_BASE + item id. release_items keeps item -> movie.
 */
export const ml100kReader: ReleaseReader = {
  realMovieIds: false,
  scale: { min: 1, max: 5 },
  async read(ctx, file, writer, db) {
    const matcher = hasRealRelease(db) ? new MovieMatcher(db) : null;
    const itemToMovie = new Map<number, number>();
    const taken = new Set<number>();
    const items = file('u.item');
    const seen = new FirstLines('movie id');
    await readTextLines(
      ctx,
      items,
      (text, lineNo) => {
        if (text === '') return;
        const row = new RowReader(items, lineNo, text);
        const f = text.split('|');
        // One more (a "|" in a title) would move every genre flag along by one.
        const expected = 5 + GENRES.length;
        if (f.length < expected || f.slice(expected).some((extra) => extra.trim() !== ''))
          row.fail(`expected ${expected} fields separated by "|", found ${f.length}`);
        const item = seen.check(row.id(f[0], 'movie id', MAX_ITEM_ID), row);
        const rawTitle = placeholderTitle(row.textField(f[1], 'title'), f[2], item);
        const genres = GENRES.filter((_, i) => f[5 + i] === '1');
        const parsed = parseMovieLensTitle(rawTitle);
        const year = parsed.year ?? releaseYear(f[2]);
        const match = matcher?.match({ key: titleKey(rawTitle), year, title: parsed.title });
        let movieId: number;
        if (match !== undefined && !taken.has(match)) {
          movieId = match;
          writer.addReleaseMovie(movieId);
        } else {
          movieId = LOCAL_MOVIE_ID_BASE + item;
          const withYear =
            parsed.year === null && year !== null ? `${rawTitle} (${year})` : rawTitle;
          writer.upsertMovie({ id: movieId, rawTitle: withYear, genres }, true);
        }
        taken.add(movieId);
        itemToMovie.set(item, movieId);
        writer.mapItem(item, movieId);
      },
      'latin1',
    );
    const users = file('u.user');
    await readTextLines(ctx, users, (text, lineNo) => {
      if (text === '') return;
      const row = new RowReader(users, lineNo, text);
      const f = text.split('|');
      if (f.length < 4) row.fail('expected user id|age|gender|occupation|zip code');
      const gender = f[2] === 'M' || f[2] === 'F' ? f[2] : row.fail('gender must be M or F');
      writer.addUser(row.id(f[0], 'user id'), row.int(f[1], 'age'), gender, f[3] || null);
    });
    const ratings = file('u.data');
    await readRatingFile(
      ctx,
      {
        file: ratings,
        separator: '\t',
        hasHeader: false,
        scale: this.scale,
        wholeStars: true,
        movies: itemToMovie,
      },
      writer,
    );
  },
};

function hasRealRelease(db: Db): boolean {
  return (
    db.prepare('SELECT 1 FROM releases WHERE real_movie_ids = 1 AND ratings > 0 LIMIT 1').get() !==
    undefined
  );
}

/** "01-Jan-1995" -> 1995. */
function releaseYear(date: string | undefined): number | null {
  const m = /(\d{4})$/.exec(date?.trim() ?? '');
  return m ? Number(m[1]) : null;
}
