import { ImportError } from './errors';
import { parseNumericFields } from './fields';
import { IdSet } from './id-tables';
import type { LineHandler } from './line-reader';
import { offScaleProblem } from './rating-scale';

export interface RatingFileSpec {
  file: string;
  /** Field separator as written in the file: "\t", ",", "::". */
  separator: string;
  hasHeader: boolean;
  /** Allowed ratings, in stars; whole stars only when `wholeStars`. */
  scale: { min: number; max: number };
  wholeStars: boolean;
  /**
   * The file's movie ids: a set of known ids (used as they are) or a map from the file's item
   * ids to catalogue movie ids. Plain data, so the spec can be handed to a parsing thread.
   */
  movies: IdSet | Map<number, number>;
}

/** Receives each valid rating with its line; ratings are in half-stars (1..10). */
export type RatingSink = (
  userKey: number,
  movieId: number,
  half: number,
  ratedAt: number,
  lineNo: number,
) => void;

/** Dataset user ids must stay below 2^22 (MovieLens releases have under 400,000 users). */
const MAX_USER_KEY = 2 ** 22;
/** Timestamps are seconds since 1970; anything from 2100 on is not a rating's time. */
export const MAX_TIMESTAMP = 4_102_444_800;

const SEPARATOR_NAMES: Record<string, string> = {
  '\t': 'tabs',
  ',': 'commas',
  '::': '"::"',
  '|': '"|"',
  ';': 'semicolons',
  ' ': 'spaces',
};

/**
 * The hot loop of every release import: userId, movieId, rating, timestamp, parsed straight
 * from bytes, validated, and handed on as half-stars with the catalogue's movie id.
 */
export function ratingLineHandler(spec: RatingFileSpec, onRating: RatingSink): LineHandler {
  const movieOf = movieLookup(spec.movies);
  const sep = spec.separator.charCodeAt(0);
  const sepLength = spec.separator.length;
  const fields = new Float64Array(4);
  const minHalf = spec.scale.min * 2;
  const maxHalf = spec.scale.max * 2;
  let lastTime = 0;
  return (buf, start, end, lineNo, unterminated) => {
    if (end === start) return;
    if (lineNo === 1 && spec.hasHeader) {
      if (buf[start] >= 48 && buf[start] <= 57)
        failAt(spec.file, lineNo, 'expected a header line (userId,movieId,rating,timestamp)');
      return;
    }
    const n = parseNumericFields(buf, start, end, sep, sepLength, fields);
    if (n !== 4)
      failAt(
        spec.file,
        lineNo,
        describeBadFields(spec.separator, buf.toString('utf8', start, end), n) +
          (unterminated ? CUT_SHORT : ''),
      );
    const user = fields[0];
    const item = fields[1];
    const rating = fields[2];
    const time = fields[3];
    if (
      !Number.isInteger(user) ||
      user <= 0 ||
      user >= MAX_USER_KEY ||
      !Number.isInteger(item) ||
      item <= 0
    ) {
      failAt(
        spec.file,
        lineNo,
        `user and movie ids must be positive whole numbers (user ids below 4,194,304)`,
      );
    }
    const half = Math.round(rating * 2);
    if (
      half < minHalf ||
      half > maxHalf ||
      Math.abs(half - rating * 2) > 1e-6 ||
      (spec.wholeStars && half % 2 !== 0)
    ) {
      const steps = spec.wholeStars ? 'whole stars' : 'half stars';
      failAt(spec.file, lineNo, offScaleProblem(rating, rating, { ...spec.scale, steps }));
    }
    if (!Number.isInteger(time) || time < 0 || time >= MAX_TIMESTAMP) {
      failAt(
        spec.file,
        lineNo,
        `timestamp ${time} is not a time (whole seconds since 1970, before 2100)`,
      );
    }
    if (unterminated && digitCount(time) < digitCount(lastTime)) {
      failAt(
        spec.file,
        lineNo,
        `timestamp ${time} is shorter than the line before's (${lastTime})${CUT_SHORT}`,
      );
    }
    lastTime = time;
    const movie = movieOf(item);
    if (movie === undefined)
      failAt(
        spec.file,
        lineNo,
        `rating for movie ${item}, which the release's movie list does not have`,
      );
    onRating(user, movie!, half, time, lineNo);
  };
}

const CUT_SHORT =
  '; this last line has no line end, so the file looks cut short (an interrupted download?)';

function digitCount(n: number): number {
  return n < 1 ? 1 : Math.floor(Math.log10(n)) + 1;
}

function movieLookup(movies: RatingFileSpec['movies']): (item: number) => number | undefined {
  if (movies instanceof Map) return (item) => movies.get(item);
  // A set that crossed a thread arrives as a plain copy.
  const known = movies instanceof IdSet ? movies : IdSet.revive(movies);
  return (item) => (known.has(item) ? item : undefined);
}

function describeBadFields(separator: string, text: string, count: number): string {
  const expected = SEPARATOR_NAMES[separator] ?? JSON.stringify(separator);
  for (const [other, name] of Object.entries(SEPARATOR_NAMES)) {
    if (other !== separator && text.includes(other) && !text.includes(separator)) {
      return `expected 4 fields (user, movie, rating, timestamp) separated by ${expected}, but this line uses ${name}`;
    }
  }
  if (count === 5 && separator === ',')
    return 'expected 4 fields (user, movie, rating, timestamp), found 5: a rating with a decimal comma? It is written 4.5, not 4,5';
  if (count >= 0) return `expected 4 fields (user, movie, rating, timestamp), found ${count}`;
  return `field ${-count} is not a number (expected user, movie, rating, timestamp separated by ${expected})`;
}

export function failAt(file: string, lineNo: number, message: string): never {
  throw new ImportError(message, file, lineNo);
}
