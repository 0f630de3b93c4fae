import { ImportError } from './errors';
import { FirstLines } from './first-lines';
import type { LineHandler } from './line-reader';
import type { FileResolver, ReleaseReader } from './layouts';
import { readRatingFile } from './rating-file';
import { readFileLines, type ReadContext } from './read-file';
import type { ReleaseWriter } from './release-writer';
import { RowReader } from './text-rows';

/** ml-1m ages are codes for bands; stored as a representative age in years. */
const ML1M_AGES: Record<number, number> = { 1: 16, 18: 21, 25: 30, 35: 40, 45: 47, 50: 53, 56: 60 };
const ML1M_OCCUPATIONS = [
  'other',
  'academic/educator',
  'artist',
  'clerical/admin',
  'college/grad student',
  'customer service',
  'doctor/health care',
  'executive/managerial',
  'farmer',
  'homemaker',
  'K-12 student',
  'lawyer',
  'programmer',
  'retired',
  'sales/marketing',
  'scientist',
  'self-employed',
  'technician/engineer',
  'tradesman/craftsman',
  'unemployed',
  'writer',
];

/** One "::"-separated text line, decoded as UTF-8, or Latin-1 where it is not valid UTF-8 (ml-1m). */
function datLines(file: string, onRow: (fields: string[], row: RowReader) => void): LineHandler {
  return (buf, start, end, lineNo) => {
    if (end === start) return;
    if (buf.indexOf(0, start) !== -1 && buf.indexOf(0, start) < end)
      throw new ImportError('the line holds a NUL byte (binary data, not text)', file, lineNo);
    let text = buf.toString('utf8', start, end);
    if (text.includes('\uFFFD')) text = buf.toString('latin1', start, end);
    const row = new RowReader(file, lineNo, text);
    const fields = text.split('::');
    if (fields.length < 3) row.fail('expected fields separated by "::"');
    onRow(fields, row);
  };
}

/**
 * The text from field `first` up to the last field, whole: a title or tag holding "::" (the
 * files do not quote) stays one, and the field after it (genres, a timestamp) stays the last.
 */
function between(fields: string[], first: number): string {
  return fields.slice(first, -1).join('::');
}

async function readDat(
  ctx: ReadContext,
  file: FileResolver,
  writer: ReleaseWriter,
  scale: { min: number; max: number },
  wholeStars: boolean,
): Promise<void> {
  const movies = file('movies.dat');
  const seen = new FirstLines('MovieID');
  await readFileLines(
    ctx,
    movies,
    datLines(movies, (f, row) =>
      writer.upsertMovie({
        id: seen.check(row.id(f[0], 'MovieID'), row),
        rawTitle: row.textField(between(f, 1), 'title'),
        genres: f[f.length - 1].split('|'),
      }),
    ),
  );
  const users = file('users.dat', true);
  if (users) {
    await readFileLines(
      ctx,
      users,
      datLines(users, (f, row) => {
        const gender = f[1] === 'M' || f[1] === 'F' ? f[1] : row.fail('gender must be M or F');
        const ageCode = row.int(f[2], 'age');
        const occupation = ML1M_OCCUPATIONS[row.int(f[3], 'occupation')] ?? null;
        writer.addUser(row.id(f[0], 'UserID'), ML1M_AGES[ageCode] ?? ageCode, gender, occupation);
      }),
    );
  }
  const ratings = file('ratings.dat');
  await readRatingFile(
    ctx,
    {
      file: ratings,
      separator: '::',
      hasHeader: false,
      scale,
      wholeStars,
      movies: writer.movieIds,
    },
    writer,
  );
  const tags = file('tags.dat', true);
  if (tags) {
    await readFileLines(
      ctx,
      tags,
      datLines(tags, (f, row) => {
        const movie = row.id(f[1], 'MovieID');
        if (!writer.movieIds.has(movie)) {
          writer.leftOut.tags++;
          return;
        }
        writer.addTag(
          row.id(f[0], 'UserID'),
          movie,
          row.textField(between(f, 2), 'tag'),
          row.timestamp(f[f.length - 1], 'Timestamp'),
        );
      }),
    );
  }
}

export const ml1mReader: ReleaseReader = {
  realMovieIds: true,
  scale: { min: 1, max: 5 },
  read: (ctx, file, writer) => readDat(ctx, file, writer, { min: 1, max: 5 }, true),
};

export const ml10mReader: ReleaseReader = {
  realMovieIds: true,
  scale: { min: 0.5, max: 5 },
  read: (ctx, file, writer) => readDat(ctx, file, writer, { min: 0.5, max: 5 }, false),
};
