import { FirstLines } from './first-lines';
import type { ReleaseReader } from './layouts';
import { readRatingFile } from './rating-file';
import { readCsvRows } from './text-rows';

/** ml-20m, ml-25m, ml-32m, ml-latest, ml-latest-small: ratings/movies/links/tags CSV files. */
export const mlCsvReader: ReleaseReader = {
  realMovieIds: true,
  scale: { min: 0.5, max: 5 },
  async read(ctx, file, writer) {
    const movies = file('movies.csv');
    const seen = new FirstLines('movieId');
    await readCsvRows(ctx, movies, [['movieid'], ['title'], ['genres']], (get, row) => {
      const id = seen.check(row.id(get(0), 'movieId'), row);
      writer.upsertMovie({
        id,
        rawTitle: row.textField(get(1), 'title'),
        genres: (get(2) ?? '').split('|'),
      });
    });
    const links = file('links.csv', true);
    if (links) {
      await readCsvRows(ctx, links, [['movieid'], ['imdbid'], ['tmdbid']], (get, row) => {
        const id = row.id(get(0), 'movieId');
        if (!writer.movieIds.has(id)) {
          writer.leftOut.links++;
          return;
        }
        const imdb = get(1)?.trim();
        writer.setLinks(id, imdb ? imdbId(imdb) : null, row.optionalInt(get(2), 'tmdbId'));
      });
    }
    const ratings = file('ratings.csv');
    await readRatingFile(
      ctx,
      {
        file: ratings,
        separator: ',',
        hasHeader: true,
        scale: this.scale,
        wholeStars: false,
        movies: writer.movieIds,
      },
      writer,
    );
    const tags = file('tags.csv', true);
    if (tags) {
      await readCsvRows(
        ctx,
        tags,
        [['userid'], ['movieid'], ['tag'], ['timestamp']],
        (get, row) => {
          const movie = row.id(get(1), 'movieId');
          if (!writer.movieIds.has(movie)) {
            writer.leftOut.tags++;
            return;
          }
          writer.addTag(
            row.id(get(0), 'userId'),
            movie,
            row.textField(get(2), 'tag'),
            row.timestamp(get(3), 'timestamp'),
          );
        },
      );
    }
  },
};

/** "0114709" or "114709" or "tt0114709" -> "tt0114709". */
export function imdbId(value: string): string {
  const digits = value.replace(/^tt/i, '');
  return `tt${digits.padStart(7, '0')}`;
}
