import type { CliContext } from '../context';
import { outOnlyWithExport, writeCsv } from '../csv-out';
import { localDate, movieLine, table } from '../format';
import { changeMark } from './mark-action';

/**
 * seen --profile NAME [add|remove <movie id or title> | export [--out FILE]]: movies watched but
 * not rated.
 */
export async function seenCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, {
    profile: { type: 'string' },
    out: { type: 'string' },
  });
  outOnlyWithExport(values.out, positionals[0], 'seen');
  const profileId = await cli.profileId(values.profile);
  if (positionals[0] === 'export') {
    const { csv } = await cli.call('marks.export', { profileId, mark: 'seen' });
    return writeCsv(cli, csv, values.out, 'movie', 'watched.csv');
  }
  const marks = await cli.call('marks.list', { profileId });
  if (positionals.length === 0) {
    const seen = marks.filter((m) => m.mark === 'seen');
    return cli.print(seen, () =>
      table(
        seen.map((m) => `${localDate(m.markedAt)}  ${movieLine(m.movie)}`),
        'No movie is marked seen (movie-assistant seen --profile NAME add <movie>)',
      ),
    );
  }
  return changeMark(cli, profileId, marks, positionals, {
    mark: 'seen',
    command: 'seen',
    has: 'is marked seen',
    put: ['Marked', 'seen: your lists leave it out'],
    took: ['', 'is no longer marked seen'],
    refuse: async (movieId) => {
      const rating = (await cli.call('ratings.list', { profileId })).find(
        (r) => r.movieId === movieId,
      );
      return rating ? `you rated it ${rating.rating}★, which says you have seen it` : null;
    },
  });
}
