import { ProtocolName } from '../../../shared/domain';
import path from 'node:path';
import { integer, positiveInt, required, share } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { countOf, localDate, movieLine, recommendedLine, table } from '../format';
import { resolveGenre } from '../genre';
import { fewRatersText } from '../../../shared/few-raters';
import { formatCount } from '../../../shared/counts';
import { namedTags } from '../../../shared/tag-names';
import { memberFacts } from '../../../shared/member-facts';
import { membersScaleText, starScaleText } from '../../../shared/star-scale';
import { resolveMovie, titleYear } from '../movie-ref';
import { filteredMoviesText, whyNoPeopleLikeYou } from '../../../shared/why-empty';
import { writeStarterAfterPretrain } from './starter';

/** pretrain --dataset PATH [--model NAME] [--out DIR] [--seed N] [--epochs N] [--set KEY=VALUE …] */
export async function pretrainCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, {
    dataset: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    epochs: { type: 'string' },
    set: { type: 'string', multiple: true },
  });
  // Without --dataset, the release the app learns from, as the Model page's "Pretrain from the
  // catalogue".
  const dataset = values.dataset === undefined ? undefined : path.resolve(values.dataset);
  const result = await cli.job('engine.pretrain', {
    dataset,
    model: values.model,
    outDir: values.out === undefined ? undefined : path.resolve(values.out),
    seed: integer(values.seed, '--seed'),
    epochs: positiveInt(values.epochs, '--epochs'),
    settings: values.set && settingPairs(values.set),
  });
  cli.print(result, () =>
    [
      `Trained ${result.model} in ${result.seconds.toFixed(1)} s`,
      ...result.metrics.map(
        (m) => `  ${m.dataset} protocol ${m.protocol} ${m.metric}: ${m.value.toFixed(4)}`,
      ),
    ].join('\n'),
  );
  // What the shipped model was trained on ships beside it, as the first launch's catalogue.
  if (values.out === undefined && dataset !== undefined)
    await writeStarterAfterPretrain(cli, dataset);
}

/** `--set KEY=VALUE` pairs as settings: numbers and true/false as such, anything else a string. */
function settingPairs(pairs: string[]): Record<string, number | boolean | string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`--set ${pair}: expected KEY=VALUE`);
      const raw = pair.slice(at + 1);
      const value =
        raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : raw !== '' && Number.isFinite(Number(raw))
              ? Number(raw)
              : raw;
      return [pair.slice(0, at), value];
    }),
  );
}

/** train --profile NAME: fine-tunes the profile's model now. */
export async function trainCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, { profile: { type: 'string' } });
  const profileId = await cli.profileId(values.profile);
  const result = await cli.job('engine.finetune', { profileId });
  cli.print(
    result,
    () =>
      `Fine-tuned on ${countOf(result.ratings, 'rating')} in ${result.seconds.toFixed(2)} s (final loss ${result.finalLoss.toFixed(4)})`,
  );
}

const lists = ['for-you', 'similar-movies', 'also-loved', 'people-like-you'] as const;

/** A movie's card on the profile's For you list and its place there, as the movie page shows. */
async function forYouOfMovie(cli: CliContext, profileId: number, ref: string): Promise<void> {
  const movie = await resolveMovie(cli, ref, '--movie');
  const result = await cli.call('recommend.forMovie', { profileId, movieId: movie.id });
  const notListed = result.rank === null ? await whyNotListed(cli, profileId, movie.id) : '';
  cli.print(result, () => {
    const { item, rank, of } = result;
    if (rank === null) return `${movie.label}: ${notListed}`;
    const place = `#${formatCount(rank)} of ${formatCount(of)} on your For you list`;
    return item === null
      ? `${movie.label}: ${place}; rate a few movies to hear how much you would like it`
      : `${recommendedLine(item, rank)}\n  ${place}`;
  });
}

/** Why a movie is on no For you list of the profile: its rating, or its mark. */
async function whyNotListed(cli: CliContext, profileId: number, movieId: number): Promise<string> {
  const rating = (await cli.call('ratings.list', { profileId })).find((r) => r.movieId === movieId);
  if (rating)
    return `you rated it ${rating.rating}★ on ${localDate(rating.ratedAt)}, so your For you list leaves it out`;
  const mark = (await cli.call('marks.list', { profileId })).find((m) => m.movieId === movieId);
  if (mark?.mark === 'not-interested')
    return `you marked it not interested on ${localDate(mark.markedAt)}, so your lists leave it out`;
  if (mark?.mark === 'seen')
    return `you marked it seen on ${localDate(mark.markedAt)}, so your For you list leaves it out (rate it to say what you thought)`;
  return 'your For you list leaves it out';
}

/** The movie a movie-page list is about (--movie) and, if named, the profile asking (--profile). */
async function seedAndProfile(
  cli: CliContext,
  values: { movie?: string; profile?: string },
): Promise<{ movieId: number; profileId: number | undefined }> {
  const movie = await resolveMovie(cli, required(values.movie, '--movie ID|TITLE'), '--movie');
  const profileId = values.profile === undefined ? undefined : await cli.profileId(values.profile);
  return { movieId: movie.id, profileId };
}

/**
 * recommend --profile NAME --list for-you|similar-movies|also-loved|people-like-you [--movie ID|TITLE] [-n N]
 *   (for-you with --movie: that movie's card on the profile's For you list and its place there;
 *   for-you also [--genre G] [--decade 1990] [--min-ratings N] [--tag WORDS] [--variety 0-1])
 * recommend --together NAME,NAME[,…] [--genre G] [--decade 1980] [--min-ratings N] [--tag WORDS]
 *   [-n N]: one list for the group (watch together).
 */
export async function recommendCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, {
    together: { type: 'string' },
    profile: { type: 'string' },
    list: { type: 'string' },
    movie: { type: 'string' },
    genre: { type: 'string' },
    decade: { type: 'string' },
    'min-ratings': { type: 'string' },
    variety: { type: 'string' },
    tag: { type: 'string' },
    n: { type: 'string', short: 'n' },
  });
  const list = (values.list ?? 'for-you') as (typeof lists)[number];
  if (!lists.includes(list)) throw new UsageError(`--list must be one of ${lists.join(', ')}`);
  const limit = positiveInt(values.n, '-n');
  const minPopularity = positiveInt(values['min-ratings'], '--min-ratings');
  if (values.together !== undefined)
    return recommendTogether(cli, values.together, {
      limit,
      genre: await resolveGenre(cli, values.genre),
      decade: decadeOption(values.decade),
      minPopularity,
      tag: values.tag?.trim() || undefined,
    });
  if (list === 'similar-movies') {
    const { movieId, profileId } = await seedAndProfile(cli, values);
    const result = await cli.call('recommend.similarMovies', { movieId, profileId, limit });
    const { ratingCount } = await cli.call('movies.get', { movieId });
    const note = result.items.length > 0 ? fewRatersText(ratingCount) : null;
    return cli.print(
      result,
      () =>
        (note === null ? '' : `${note}\n`) +
        table(
          result.items.map((item, i) => recommendedLine(item, i + 1, 'similar')),
          'No similar movies',
        ),
    );
  }
  if (list === 'also-loved') {
    const { movieId, profileId } = await seedAndProfile(cli, values);
    const result = await cli.call('recommend.alsoLoved', { movieId, profileId, limit });
    return cli.print(result, () =>
      table(
        result.items.map((item, i) => recommendedLine(item, i + 1)),
        'Nobody in the catalogue loved this one enough yet',
      ),
    );
  }
  const profileId = await cli.profileId(values.profile);
  if (list === 'for-you' && values.movie !== undefined)
    return forYouOfMovie(cli, profileId, values.movie);
  if (list === 'for-you') {
    const decade = decadeOption(values.decade);
    const genre = await resolveGenre(cli, values.genre);
    const tag = values.tag?.trim() || undefined;
    const diversity = share(values.variety, '--variety');
    const result = await cli.call('recommend.forYou', {
      profileId,
      limit,
      genre,
      decade,
      minPopularity,
      diversity,
      tag,
    });
    const scaleNote = starScaleText(result.starScale);
    const filtered = genre !== undefined || decade !== undefined || minPopularity !== undefined;
    const tagged =
      result.tags && result.tags.length > 0
        ? `Only movies viewers tagged ${namedTags(result.tags, result.otherTags, 'straight')}, best match first:\n`
        : '';
    const watchlist = new Set(
      (await cli.call('marks.list', { profileId }))
        .filter((m) => m.mark === 'watchlist')
        .map((m) => m.movieId),
    );
    return cli.print(
      result,
      () =>
        `${result.items.length > 0 ? tagged : ''}${table(
          result.items.map((item, i) =>
            recommendedLine(
              item,
              i + 1,
              'match',
              watchlist.has(item.movie.id) ? 'on your watchlist' : '',
            ),
          ),
          result.tags?.length === 0
            ? `No movie is tagged "${tag}"`
            : filtered || tagged
              ? `No ${filteredMoviesText({ genre, decade, minPopularity, tag }, 'straight')} to recommend that you have not rated`
              : 'Nothing to recommend yet: rate a few movies',
        )}\n` +
        `(model ${result.freshness.modelName}, personal model ${result.freshness.personalModel})` +
        trainedElsewhereLine(result.freshness.trainedOn) +
        (scaleNote && result.items.some((item) => item.predictedRating !== null)
          ? `\n${scaleNote}`
          : ''),
    );
  }
  const result = await cli.call('recommend.peopleLikeYou', { profileId, limit });
  const rated =
    result.people.length > 0 ? 0 : (await cli.call('ratings.list', { profileId })).length;
  cli.print(result, () =>
    table(
      result.people.map((person) =>
        [
          `${person.label}: taste match ${Math.round(Math.max(0, person.similarity) * 100)}%, ` +
            `${person.commonRated} movies you both rated` +
            (person.agreement === null
              ? ''
              : `, within a star on ${person.agreeing} of ${person.commonRated}`),
          ...(person.sharedFavourites.length > 0
            ? [`    you both loved ${person.sharedFavourites.map(titleYear).join(', ')}`]
            : []),
          ...person.loved
            .slice(0, 5)
            .map((item) => `    they also loved ${movieLine(item.movie).trim()}`),
        ].join('\n'),
      ),
      whyNoPeopleLikeYou(rated, result.inCommonNeeded ?? null),
    ),
  );
}

/** --decade 1990: a decade's first year. */
function decadeOption(value: string | undefined): number | undefined {
  const decade = integer(value, '--decade');
  if (decade !== undefined && (decade % 10 !== 0 || decade < 1000))
    throw new UsageError(
      `--decade is a decade's first year, such as ${decade >= 1000 ? decade - (decade % 10) : 1990}`,
    );
  return decade;
}

/**
 * recommend --together A,B [--genre G] [--decade 1980] [--min-ratings N] [--tag WORDS]: each
 * profile by name or id; locked ones open with --passphrase.
 */
async function recommendTogether(
  cli: CliContext,
  names: string,
  filters: {
    limit: number | undefined;
    genre: string | undefined;
    decade: number | undefined;
    minPopularity: number | undefined;
    tag: string | undefined;
  },
): Promise<void> {
  const wanted = names
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (wanted.length < 2) throw new UsageError('--together needs two or more profiles: A,B');
  const profileIds: number[] = [];
  for (const name of wanted) {
    const id = await cli.profileId(name);
    if (profileIds.includes(id))
      throw new UsageError(`--together names the profile "${name}" twice`);
    profileIds.push(id);
  }
  const { tag, genre, decade, minPopularity } = filters;
  const result = await cli.call('recommend.together', { profileIds, ...filters });
  const nameOf = new Map(result.members.map((m) => [m.profileId, m.name]));
  const scaleNote = membersScaleText(result.members);
  const tagged =
    result.tags && result.tags.length > 0 && result.items.length > 0
      ? `Only movies viewers tagged ${namedTags(result.tags, result.otherTags, 'straight')}:\n`
      : '';
  return cli.print(
    result,
    () =>
      `${tagged}${table(
        result.items.map((item, i) => {
          const stars = item.members
            .map((m) => memberFacts(nameOf.get(m.profileId) ?? `profile ${m.profileId}`, m))
            .join(', ');
          return `${String(i + 1).padStart(3)}. ${movieLine(item.movie).trim()}
      ${stars}
      ${item.reason.text}`;
        }),
        result.tags?.length === 0
          ? `No movie is tagged "${tag}"`
          : genre !== undefined ||
              decade !== undefined ||
              minPopularity !== undefined ||
              tag !== undefined
            ? `No ${filteredMoviesText({ genre, decade, minPopularity, tag }, 'straight')} suits everyone in this group`
            : 'Nothing to recommend for this group yet',
      )}
(for ${result.members.map((m) => m.name).join(', ')}; model ${result.modelName})` +
      trainedElsewhereLine(result.trainedOn) +
      (scaleNote && result.items.length > 0 ? `\n${scaleNote}` : ''),
  );
}

/** eval --dataset PATH --protocol A|B|C|D|E|F|F5 [--model NAME]: prints EvaluationRow[] as JSON. */
export async function evalCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, {
    dataset: { type: 'string' },
    protocol: { type: 'string' },
    model: { type: 'string' },
  });
  const named = required(values.protocol, '--protocol A|B|C|D|E|F|F5').toUpperCase();
  const parsed = ProtocolName.safeParse(named);
  if (!parsed.success) throw new UsageError('--protocol must be A, B, C, D, E, F or F5');
  const protocol = parsed.data;
  const rows = await cli.job('eval.run', {
    dataset: path.resolve(required(values.dataset, '--dataset PATH')),
    protocol,
    model: values.model,
  });
  cli.out(JSON.stringify(rows, null, 2));
}

/** Under a list whose model learnt from other data than the release the app learns from. */
function trainedElsewhereLine(trainedOn: string | undefined): string {
  return trainedOn
    ? `\n(the model was trained on ${trainedOn}, not on the release the app learns from: movie-assistant pretrain learns it)`
    : '';
}
