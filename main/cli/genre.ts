import type { CliContext } from './context';
import { UsageError } from './errors';

const looseKey = (genre: string) => genre.toLocaleLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * A genre as a person types it (`scifi`, `film noir`, `westerns`) in the catalogue's own spelling
 * (`Sci-Fi`, `Film-Noir`); one the catalogue does not have is a usage error naming those it has.
 */
export async function resolveGenre(
  cli: CliContext,
  typed: string | undefined,
): Promise<string | undefined> {
  if (typed === undefined) return undefined;
  const genres = await cli.call('movies.genres', {});
  const key = looseKey(typed);
  const found =
    genres.find((g) => looseKey(g) === key) ?? genres.find((g) => `${looseKey(g)}s` === key);
  if (found === undefined)
    throw new UsageError(`there is no genre "${typed}" (genres: ${genres.join(', ')})`);
  return found;
}
