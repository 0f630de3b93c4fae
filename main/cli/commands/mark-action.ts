import type { MarkedMovie } from '../../../shared/domain';
import { required } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { resolveMovie } from '../movie-ref';

/** How a command that keeps one mark names it: "on your watchlist", "marked seen". */
export interface MarkWords {
  mark: 'watchlist' | 'seen';
  command: string;
  /** The movie has the mark: "is on your watchlist". */
  has: string;
  /** "Put … on your watchlist": the label goes between. */
  put: [string, string];
  /** "Took … off your watchlist". */
  took: [string, string];
  /** Why the movie may not have the mark, if it may not. */
  refuse?: (movieId: number) => Promise<string | null>;
}

const markNames: Record<MarkedMovie['mark'], string> = {
  watchlist: 'on your watchlist',
  seen: 'marked seen',
  'not-interested': 'marked not interested',
};

/** `add` or `remove` one movie's mark; a mark of another kind is replaced, and the line says so. */
export async function changeMark(
  cli: CliContext,
  profileId: number,
  marks: MarkedMovie[],
  [action, ...named]: string[],
  words: MarkWords,
): Promise<void> {
  if (action !== 'add' && action !== 'remove')
    throw new UsageError(
      `unknown ${words.command} action "${action}" (add, remove, export; none to list)`,
    );
  const movie = await resolveMovie(
    cli,
    required(named.join(' ') || undefined, 'the movie (its id or title)'),
    'movie id',
  );
  const mark = marks.find((m) => m.movieId === movie.id)?.mark ?? null;
  if (action === 'add') {
    if (mark === words.mark)
      return cli.print({ ok: true }, () => `${movie.label} ${words.has} already`);
    const refused = await words.refuse?.(movie.id);
    if (refused) throw new UsageError(`${movie.label}: ${refused}`);
    const result = await cli.call('marks.set', { profileId, movieId: movie.id, mark: words.mark });
    return cli.print(
      result,
      () =>
        `${words.put[0]} ${movie.label} ${words.put[1]}`.trim() +
        (mark === null ? '' : ` (it was ${markNames[mark]}: no longer)`),
    );
  }
  if (mark !== words.mark) throw new UsageError(`${movie.label} is not ${markNames[words.mark]}`);
  const result = await cli.call('marks.clear', { profileId, movieId: movie.id });
  cli.print(result, () => `${words.took[0]} ${movie.label} ${words.took[1]}`.trim());
}
