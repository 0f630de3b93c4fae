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

/**
 * The movie a person names on the command line: its id, or its title as they would type it
 * ("the matrix", "Heat (1995)"). A title must name one movie: the one whose title (with or
 * without its year, in any case) it is, else the search's only result; otherwise a usage error
 * lists the candidates with their ids.
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
  const wanted = typed.trim().toLocaleLowerCase();
  const query = typed.replace(/\(\d{4}\)\s*$/, '').trim();
  const { movies } = await cli.call('search.movies', { query, limit: 10 });
  const exact = movies.filter(
    (m) => m.title.toLocaleLowerCase() === wanted || titleYear(m).toLocaleLowerCase() === wanted,
  );
  const chosen = exact.length === 1 ? exact[0] : movies.length === 1 ? movies[0] : null;
  if (chosen) return { id: chosen.id, label: titleYear(chosen) };
  if (movies.length === 0) throw new UsageError(`no movie matches "${typed}"`);
  const candidates = (exact.length > 1 ? exact : movies).slice(0, 5);
  throw new UsageError(
    `"${typed}" could be ${candidates.map((m) => `${m.id} ${titleYear(m)}`).join(', ')}` +
      `${movies.length > candidates.length ? ', …' : ''}: name it by id, or by title and year`,
  );
}
