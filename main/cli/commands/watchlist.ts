import type { MarkedMovie } from '../../../shared/domain';
import { standingText, type MovieStanding } from '../../../shared/movie-standing';
import type { CliContext } from '../context';
import { outOnlyWithExport, writeCsv } from '../csv-out';
import { movieLine, table } from '../format';
import { changeMark } from './mark-action';

/** watchlist --profile NAME [add|remove <movie id or title> | export [--out FILE]] */
export async function watchlistCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, {
    profile: { type: 'string' },
    out: { type: 'string' },
  });
  outOnlyWithExport(values.out, positionals[0], 'watchlist');
  const profileId = await cli.profileId(values.profile);
  if (positionals[0] === 'export') {
    const { csv } = await cli.call('marks.export', { profileId, mark: 'watchlist' });
    return writeCsv(cli, csv, values.out, 'movie', 'watchlist.csv');
  }
  const marks = await cli.call('marks.list', { profileId });
  if (positionals.length === 0) return listWatchlist(cli, profileId, marks);
  return changeMark(cli, profileId, marks, positionals, {
    mark: 'watchlist',
    command: 'watchlist',
    has: 'is on your watchlist',
    put: ['Put', 'on your watchlist'],
    took: ['Took', 'off your watchlist'],
  });
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
