import type { MarkedMovie } from '../../../shared/domain';
import { standingText, type MovieStanding } from '../../../shared/movie-standing';
import { required } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { movieLine, table } from '../format';
import { resolveMovie } from '../movie-ref';

/** watchlist --profile NAME [add|remove <movie id or title>] */
export async function watchlistCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, { profile: { type: 'string' } });
  const [action, ...named] = positionals;
  const profileId = await cli.profileId(values.profile);
  const marks = await cli.call('marks.list', { profileId });
  if (action === undefined) return listWatchlist(cli, profileId, marks);
  if (action !== 'add' && action !== 'remove')
    throw new UsageError(`unknown watchlist action "${action}" (add, remove; none to list it)`);
  const movie = await resolveMovie(
    cli,
    required(named.join(' ') || undefined, 'the movie (its id or title)'),
    'movie id',
  );
  const mark = marks.find((m) => m.movieId === movie.id)?.mark ?? null;
  if (action === 'add') {
    if (mark === 'watchlist')
      return cli.print({ ok: true }, () => `${movie.label} is on your watchlist already`);
    const result = await cli.call('marks.set', { profileId, movieId: movie.id, mark: 'watchlist' });
    return cli.print(
      result,
      () =>
        `Put ${movie.label} on your watchlist` +
        (mark === 'not-interested' ? ' (it was marked not interested: no longer)' : ''),
    );
  }
  if (mark !== 'watchlist') throw new UsageError(`${movie.label} is not on your watchlist`);
  const result = await cli.call('marks.clear', { profileId, movieId: movie.id });
  cli.print(result, () => `Took ${movie.label} off your watchlist`);
}

/** The watchlist best match first, each with the match and stars its For you card would show. */
async function listWatchlist(
  cli: CliContext,
  profileId: number,
  marks: MarkedMovie[],
): Promise<void> {
  const watchlist = marks.filter((m) => m.mark === 'watchlist');
  // Without a model the list still shows, newest first.
  const standings = new Map<number, MovieStanding>(
    watchlist.length === 0
      ? []
      : await cli
          .call('recommend.forMovies', { profileId, movieIds: watchlist.map((m) => m.movieId) })
          .then(
            (answer) => answer.movies.map((s): [number, MovieStanding] => [s.movieId, s]),
            () => [],
          ),
  );
  const rank = (m: MarkedMovie) => standings.get(m.movieId)?.rank ?? Infinity;
  const ordered = [...watchlist].sort((a, b) => rank(a) - rank(b));
  const rows = ordered.map((m) => ({ ...m, standing: standings.get(m.movieId) ?? null }));
  cli.print(rows, () =>
    table(
      rows.map((r) => `${standingText(r.standing).padEnd(16)}${movieLine(r.movie)}`),
      'Your watchlist is empty (movie-assistant watchlist --profile NAME add <movie>)',
    ),
  );
}
