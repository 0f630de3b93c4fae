import type { MovieDetails } from '../../../shared/domain';
import type { CliContext } from '../context';
import { required } from '../args';
import { countOf, shellWord } from '../format';
import { resolveMovie, titleYear } from '../movie-ref';
import { noRatingsText } from '../../../shared/why-empty';

/** The half stars a spread counts, ½★ … 5★. */
const halves = Array.from({ length: 10 }, (_, k) => (k + 1) / 2);
const BAR_WIDTH = 30;

function starsLabel(stars: number): string {
  const whole = Math.floor(stars);
  return `${whole > 0 ? whole : ''}${stars % 1 ? '½' : ''}★`;
}

/** How the ratings spread over the half stars, one bar a line, as the movie's page draws them. */
function spreadLines(spread: readonly number[]): string[] {
  const most = Math.max(1, ...spread);
  return halves.map(
    (stars, k) =>
      `  ${starsLabel(stars).padStart(3)} ${'█'.repeat(Math.round((spread[k] / most) * BAR_WIDTH)).padEnd(BAR_WIDTH)} ${spread[k]}`,
  );
}

/** `release`: the name of the release the app learns from, said when it does not rate the movie. */
function detailsText(movie: MovieDetails, release: string | undefined): string {
  const lines = [
    `${titleYear(movie)}  [${movie.genres.join(', ') || 'no genres'}]`,
    ...(movie.originalTitle ? [`  ${movie.originalTitle}`] : []),
    movie.averageRating === null
      ? noRatingsText(release)
      : `${movie.averageRating.toFixed(1)}★ average from ${countOf(movie.ratingCount, 'rating')}`,
    ...(movie.ratingCount > 0 ? spreadLines(movie.ratingSpread) : []),
    ...(movie.tags.length > 0 ? [`Tagged: ${movie.tags.join(' · ')}`] : []),
    ...(movie.imdbId ? [`IMDb ${movie.imdbId}`] : []),
  ];
  return lines.join('\n');
}

/**
 * movie <id or title> [--profile NAME]: what a movie's page says of it (its ratings' spread, its
 * tags), and with a profile, its rating there.
 */
export async function movieCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, { profile: { type: 'string' } });
  const named = await resolveMovie(
    cli,
    required(positionals.join(' '), 'the movie (its id or title)'),
    'movie id',
  );
  const profileId = values.profile === undefined ? undefined : await cli.profileId(values.profile);
  const movie = await cli.call('movies.get', { movieId: named.id, profileId });
  const release =
    movie.ratingCount === 0
      ? (await cli.call('app.info', {})).catalogue.releases.find((r) => r.active)?.format
      : undefined;
  cli.print(movie, () => {
    const text = detailsText(movie, release);
    if (profileId === undefined) return text;
    return `${text}\n${
      movie.yourRating === null
        ? `Not rated yet. How much you would like it: movie-assistant recommend --profile ${shellWord(values.profile!)} --movie ${movie.id}`
        : `Your rating: ${movie.yourRating.toFixed(1)}`
    }`;
  });
}
