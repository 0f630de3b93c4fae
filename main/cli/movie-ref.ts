import type { MovieSummary } from '../../shared/domain';
import { positiveInt } from './args';
import type { CliContext } from './context';
import { UsageError } from './errors';

export interface NamedMovie {
  id: number;
  /** "The Matrix (1999)", whether named by title or by id. */
  label: string;
}

/** "The Matrix (1999)". */
export const titleYear = (m: Pick<MovieSummary, 'title' | 'year'>) =>
  m.year === null ? m.title : `${m.title} (${m.year})`;

const lower = (title: string) => title.trim().toLocaleLowerCase();
/** A title in lower case without a leading article: "matrix" names "The Matrix". */
const bareTitle = (title: string) => lower(title).replace(/^(the|a|an) /, '');

/** The movies whose title, with or without its year, is `typed` under `form`. */
const titled = (movies: MovieSummary[], typed: string, form: (title: string) => string) =>
  movies.filter((m) => form(m.title) === form(typed) || form(titleYear(m)) === form(typed));

/**
 * The movie a person names on the command line: its id, or its title as they would type it
 * ("the matrix", "matrix", "Heat (1995)"), or a series' film by its place ("harry potter 3").
 * A title must name one movie: the one whose title (with or without its year, in any case) it
 * is, else the one it is without a leading article ("heat" is Heat, not The Heat), else the
 * series' film it names by place, else the search's only result; otherwise a usage error lists
 * the candidates with their ids.
 */
export async function resolveMovie(
  cli: CliContext,
  typed: string,
  what: string,
): Promise<NamedMovie> {
  if (/^\d+$/.test(typed.trim())) {
    const id = positiveInt(typed.trim(), what) as number;
    // an unknown id fails here, with the catalogue's own error
    const movie = await cli.call('movies.get', { movieId: id });
    return { id, label: titleYear(movie) };
  }
  // "Heat (1995)" searches "Heat 1995": the search reads a trailing year as the year.
  const query = typed.replace(/\((\d{4})\)\s*$/, ' $1').trim();
  const { movies, seriesPlace } = await cli.call('search.movies', { query, limit: 10 });
  const asTyped = titled(movies, typed, lower);
  const exact = asTyped.length > 0 ? asTyped : titled(movies, typed, bareTitle);
  const placed = movies.find((m) => m.id === seriesPlace?.movieId);
  const chosen =
    exact.length === 1 ? exact[0] : (placed ?? (movies.length === 1 ? movies[0] : null));
  if (chosen) return { id: chosen.id, label: titleYear(chosen) };
  if (movies.length === 0) throw new UsageError(`no movie matches "${typed}"`);
  const candidates = (exact.length > 1 ? exact : movies).slice(0, 5);
  // Two entries under one title and year ("Emma (1996)": the film and the TV film): only the
  // id tells them apart, so each is told by what else the catalogue knows of it.
  const labels = candidates.map(titleYear);
  const alike = new Set(labels).size < labels.length;
  const named = candidates.map((m, k) => `${m.id} ${labels[k]}${alike ? ` ${facts(m)}` : ''}`);
  throw new UsageError(
    `"${typed}" could be ${named.join(', ')}${movies.length > candidates.length ? ', …' : ''}: ` +
      (alike ? 'name it by id' : 'name it by id, or by title and year'),
  );
}

/** "[Comedy, Romance; 30 ratings]". */
function facts(m: MovieSummary): string {
  const ratings = `${m.ratingCount.toLocaleString('en-US')} rating${m.ratingCount === 1 ? '' : 's'}`;
  return `[${[m.genres.join(', '), ratings].filter(Boolean).join('; ')}]`;
}
