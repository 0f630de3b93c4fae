import path from 'node:path';
import {
  ConflictPolicy,
  exportFormatNames,
  type ExportImportSummary,
  type ListImportSummary,
  type MovieSummary,
  type ReleaseSummary,
} from '../../../shared/domain';
import { ordinal, spokenList } from '../../../shared/counts';
import { namedTags } from '../../../shared/tag-names';
import { exportContents, exportHasRatings, notReadText } from '../../../shared/export-contents';
import { conflictsReplaced, exportRatingWins } from '../../../shared/import-conflicts';
import { leftOutText } from '../../../shared/release-left-out';
import { standingText } from '../../../shared/movie-standing';
import { filteredMovies } from '../../../shared/why-empty';
import { positiveInt, required } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { count, countOf, movieLine, shellWord, table } from '../format';
import { resolveGenre } from '../genre';
import { importHistoryCommand, importUndoCommand } from './import-journal';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const exportFormats = ['auto', 'movielens', 'imdb', 'letterboxd'] as const;

const conflictPolicies = ConflictPolicy.options;

/**
 * import <folder-or-zip> [--profile NAME [--format F] [--user-id N] [--preview]
 * [--conflicts keep-mine|take-theirs|newest-wins]]; import undo|history --profile NAME
 */
export async function importCommand(cli: CliContext, argv: string[]): Promise<void> {
  if (argv[0] === 'undo') return importUndoCommand(cli, argv.slice(1));
  if (argv[0] === 'history') return importHistoryCommand(cli, argv.slice(1));
  const { values, positionals } = cli.parse(argv, {
    profile: { type: 'string' },
    format: { type: 'string' },
    'user-id': { type: 'string' },
    preview: { type: 'boolean' },
    conflicts: { type: 'string' },
  });
  const source = path.resolve(required(positionals[0], 'the folder or zip to import'));
  if (values.profile === undefined) {
    if (
      values.format !== undefined ||
      values['user-id'] !== undefined ||
      values.preview !== undefined ||
      values.conflicts !== undefined
    )
      throw new UsageError(
        '--format, --preview, --conflicts and --user-id apply to personal exports (with --profile)',
      );
    const summary = await cli.job('catalogue.import', { source });
    const { relinked, unmatched } = summary.profileRatings;
    const leftOut = leftOutText(summary.leftOut);
    cli.print(
      summary,
      () =>
        `Imported ${summary.format} from ${summary.source}: ${count(summary.movies)} movies, ${count(summary.ratings)} ratings, ` +
        `${count(summary.users)} users, ${count(summary.tags)} tags, ${count(summary.links)} links in ${summary.seconds.toFixed(1)} s` +
        (leftOut ? `\n${leftOut}` : '') +
        (relinked > 0
          ? `\nProfiles' ratings moved to this release's movie of the same film: ${relinked}`
          : '') +
        (unmatched > 0
          ? `\nProfiles' ratings of movies this release lacks, kept and matched again on later imports: ${unmatched}`
          : ''),
    );
    return;
  }
  const format = (values.format ?? 'auto') as (typeof exportFormats)[number];
  if (!exportFormats.includes(format))
    throw new UsageError(`--format must be one of ${exportFormats.join(', ')}`);
  const conflicts = (values.conflicts ?? 'newest-wins') as ConflictPolicy;
  if (!conflictPolicies.includes(conflicts))
    throw new UsageError(`--conflicts must be one of ${conflictPolicies.join(', ')}`);
  const userId = positiveInt(values['user-id'], '--user-id');
  const profile = values.profile;
  const profileId = await cli.profileId(profile);
  const summary = await cli.job('catalogue.importExport', {
    profileId,
    source,
    format,
    userId,
    dryRun: values.preview ?? false,
    conflicts,
  });
  cli.print(summary, () => exportSummaryText(summary, profile));
}

/** The human form of a personal-export import: counts, then every row not matched or skipped. */
function exportSummaryText(summary: ExportImportSummary, profile: string): string {
  const { counts, watchlist, seen } = summary;
  const rated = exportHasRatings(summary);
  const what = `${summary.dryRun ? 'Preview of' : 'Imported'} the ${exportFormatNames[summary.format]} export`;
  const lines = rated
    ? [
        `${what}: ${summary.matched} of ${summary.rows} rows matched`,
        `  ${counts.new} new, ${counts.same} same, ${counts.conflicting} conflicting (${summary.conflictPolicy}), ` +
          `${counts.unmatched} unmatched, ${counts.skipped} skipped`,
      ]
    : [`${what}'s ${exportContents(summary)}`];
  if (watchlist) lines.push(listLine(watchlist, 'watchlist', summary.dryRun));
  if (seen) lines.push(listLine(seen, 'seen', summary.dryRun));
  const notRead = notReadText(summary.notRead);
  if (notRead) lines.push(`  ${notRead}`);
  lines.push(
    summary.dryRun
      ? '  Nothing was written: run it again without --preview to import.'
      : `  ${[
          ...(rated ? [`${countOf(summary.written, 'rating')} written`] : []),
          ...(watchlist ? [`${countOf(watchlist.added, 'movie')} put on the watchlist`] : []),
          ...(seen ? [`${countOf(seen.added, 'movie')} marked seen`] : []),
        ].join(', ')}` +
          (summary.importId === null
            ? ''
            : ` (undo: movie-assistant import undo --profile ${shellWord(profile)} ${summary.importId})`),
  );
  lines.push(...conflictLines(summary));
  lines.push(...unmatchedLines(summary.unmatched, `${summary.unmatched.length} not matched`));
  if (watchlist) lines.push(...listUnmatchedLines(watchlist, 'watchlist row'));
  if (seen) lines.push(...listUnmatchedLines(seen, 'watched row'));
  if (summary.skipped.length) {
    lines.push(`${summary.skipped.length} skipped:`);
    for (const s of summary.skipped)
      lines.push(`  ${path.basename(s.file)} line ${s.line}: ${s.reason}`);
  }
  return lines.join('\n');
}

/**
 * "watchlist.csv: 5 movies, 1 put on your watchlist; 1 on it already, …";
 * "watched.csv: 400 movies, 312 marked seen (watched, not rated); 80 already rated, …".
 */
function listLine(list: ListImportSummary, mark: 'watchlist' | 'seen', dryRun: boolean): string {
  const onWatchlist = mark === 'watchlist';
  const left = [
    list.alreadyOn && `${list.alreadyOn} ${onWatchlist ? 'on it already' : 'on your watchlist'}`,
    list.notInterested && `${list.notInterested} you marked not interested (the mark stays)`,
    list.alreadySeen &&
      `${list.alreadySeen} ${onWatchlist ? 'you marked seen (the mark stays)' : 'marked seen already'}`,
    list.rated && `${list.rated} ${onWatchlist ? 'you rated' : 'already rated'}`,
    list.unmatched.length && `${list.unmatched.length} not matched`,
  ].filter(Boolean);
  const added = onWatchlist
    ? `${dryRun ? 'would be put' : 'put'} on your watchlist`
    : `${dryRun ? 'would be marked' : 'marked'} seen (watched, not rated)`;
  return (
    `  ${path.basename(list.file)}: ${countOf(list.rows, 'movie')}, ${list.added} ${added}` +
    (left.length ? `; ${left.join(', ')}` : '')
  );
}

/** A list's rows that matched no movie: "1 watched row not matched:", then each with its line. */
function listUnmatchedLines(list: ListImportSummary, noun: string): string[] {
  return unmatchedLines(list.unmatched, `${countOf(list.unmatched.length, noun)} not matched`);
}

function unmatchedLines(rows: ExportImportSummary['unmatched'], heading: string): string[] {
  if (!rows.length) return [];
  return [
    `${heading}:`,
    ...rows.map(
      (u) =>
        `  line ${u.line}: ${u.title}${u.year === null ? '' : ` (${u.year})`}${u.kind ? `, a ${u.kind}` : ''}`,
    ),
  ];
}

/** The conflicting movies listed, each saying whose rating the policy keeps. */
function conflictLines(summary: ExportImportSummary): string[] {
  const { conflicts, counts, conflictPolicy: policy } = summary;
  if (!conflicts.length) return [];
  const replaced = conflictsReplaced(policy, counts);
  const listed =
    conflicts.length < counts.conflicting ? `; the first ${conflicts.length} listed` : '';
  return [
    `Conflicts (${policy}: ${replaced} of yours ${summary.dryRun ? 'would be' : 'were'} replaced, ` +
      `${counts.conflicting - replaced} kept${listed}):`,
    ...conflicts.map((c) => {
      const stays = exportRatingWins(policy, c.mineAt, c.theirsAt) ? "the export's" : 'yours';
      return (
        `  ${c.title}${c.year === null ? '' : ` (${c.year})`}: yours ${c.mine.toFixed(1)} on ${day(c.mineAt)}, ` +
        `the export's ${c.theirs.toFixed(1)} ${c.theirsAt === null ? '(undated)' : `on ${day(c.theirsAt)}`}: ${stays} stays`
      );
    }),
  ];
}

/** One release of the releases list: its id, name, counts and source; `*` marks the active one. */
function releaseLine(r: ReleaseSummary): string {
  const from = r.starter ? 'the starter catalogue' : `${r.source}, imported ${day(r.importedAt)}`;
  return (
    `${r.active ? '*' : ' '} ${String(r.id).padStart(4)}  ${r.format}  ` +
    `${count(r.ratings)} ratings, ${count(r.users)} users, ${count(r.movies)} movies  (${from})` +
    (r.active ? '  ← learning from this one' : '')
  );
}

/**
 * releases [--use ID|NAME]: the catalogue's releases, the one the app learns from marked; with
 * --use, makes that one the release the app learns from (an id, or a name such as ml-latest-small).
 */
export async function releasesCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, { use: { type: 'string' } });
  if (positionals.length > 0)
    throw new UsageError(`unexpected "${positionals[0]}" (releases [--use ID|NAME])`);
  const { releases } = await cli.call('app.about', {});
  if (values.use === undefined) {
    cli.print(releases, () =>
      table(releases.map(releaseLine), 'No releases yet: movie-assistant import <folder-or-zip>'),
    );
    return;
  }
  const wanted = values.use.trim();
  const named = releases.find((r) => r.format.toLowerCase() === wanted.toLowerCase());
  if (!named && !/^\d+$/.test(wanted)) {
    throw new UsageError(
      `no release named "${wanted}" in the catalogue` +
        (releases.length
          ? ` (the releases: ${releases.map((r) => `${r.id} ${r.format}`).join(', ')})`
          : ''),
    );
  }
  const releaseId = named?.id ?? Number(wanted);
  const chosen = await cli.call('catalogue.setActiveRelease', { releaseId });
  const { relinked, unmatched } = chosen.profileRatings;
  cli.print(chosen, () =>
    [
      `Learning from ${chosen.format} (release ${chosen.id}, ${chosen.ratings} ratings) from now on`,
      ...(relinked > 0
        ? [`Profiles' ratings moved to this release's movie of the same film: ${relinked}`]
        : []),
      ...(unmatched > 0
        ? [
            `Profiles' ratings of movies this release lacks, kept and matched again later: ${unmatched}`,
          ]
        : []),
      'Personal models refit on it as the app runs; `movie-assistant info` says whether the model needs a pretrain.',
    ].join('\n'),
  );
}

const sorts = ['relevance', 'year', 'rating', 'popularity'] as const;

/**
 * search <query> [--genre G] [--from YEAR] [--to YEAR] [--sort relevance|year|rating|popularity]
 * [-n N] [--profile NAME]: the search page's filters and orders; with a profile, each result it
 * has not rated says what its For you card would (match and predicted stars).
 */
export async function searchCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, {
    genre: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    sort: { type: 'string' },
    n: { type: 'string', short: 'n' },
    profile: { type: 'string' },
  });
  const query = positionals.join(' ');
  const genre = await resolveGenre(cli, values.genre);
  const yearFrom = positiveInt(values.from, '--from');
  const yearTo = positiveInt(values.to, '--to');
  const sort = (values.sort ?? 'relevance') as (typeof sorts)[number];
  if (!sorts.includes(sort)) throw new UsageError(`--sort must be one of ${sorts.join(', ')}`);
  const { movies, withoutFilters, seriesPlace, tagged, newestYear, readAs, lookAlikes } =
    await cli.call('search.movies', {
      query,
      genre,
      yearFrom,
      yearTo,
      sort,
      limit: positiveInt(values.n, '-n') ?? 20,
    });
  const flags = [
    genre === undefined ? null : '--genre',
    yearFrom === undefined ? null : '--from',
    yearTo === undefined ? null : '--to',
  ].filter((f) => f !== null);
  const none = withoutFilters
    ? `No ${filteredMovies(genre, yearFrom, yearTo)} match "${query}"; ${withoutFilters} without ${spokenList(flags)}`
    : `No movies match "${query}"` +
      (newestYear === undefined ? '' : ` (the catalogue's films run up to ${newestYear})`);
  const profileId = values.profile === undefined ? null : await cli.profileId(values.profile);
  const shown = [...movies, ...(tagged?.movies ?? [])];
  const standings =
    profileId === null || shown.length === 0
      ? null
      : await cli.call('recommend.forMovies', { profileId, movieIds: shown.map((m) => m.id) });
  const standingOf = new Map(standings?.movies.map((s) => [s.movieId, s]));
  const forYou = (movie: MovieSummary) => {
    const standing = standingOf.get(movie.id);
    return standing && !standing.rated && standing.match !== null
      ? `  ${standingText(standing)}`
      : '';
  };
  const line = (movie: MovieSummary) =>
    (movie.id === seriesPlace?.movieId && !seriesPlace.inTitle
      ? `${movieLine(movie)}  (the ${ordinal(seriesPlace.place)} film of the series)`
      : movieLine(movie)) + forYou(movie);
  const taggedLines = tagged
    ? [
        `${movies.length > 0 ? 'Also tagged' : `No title matches "${query}"; tagged`} ${namedTags(tagged.tags, tagged.otherTags, 'straight')} by viewers:`,
        ...tagged.movies.map((movie) => `  ${movieLine(movie)}${forYou(movie)}`),
      ]
    : [];
  const json = standings ? { movies, standings: standings.movies } : movies;
  cli.print(
    tagged ? { movies, tagged, ...(standings ? { standings: standings.movies } : {}) } : json,
    () =>
      [
        ...(readAs === undefined ? [] : [`(read as "${readAs}")`]),
        ...(lookAlikes ? [`(no title is spelled "${query}"; these are close to it)`] : []),
        ...(movies.length > 0 || !tagged ? [table(movies.map(line), none)] : []),
        ...taggedLines,
      ].join('\n'),
  );
}

/** info: the catalogue and the engine at a glance (starts the engine to name its backend). */
export async function infoCommand(cli: CliContext, argv: string[]): Promise<void> {
  cli.parse(argv, {});
  const info = await cli.call('app.info', {});
  const engine = await cli.call('engine.status', {});
  const backups = await cli.call('catalogue.backups', {});
  cli.print({ ...info, backend: engine.backend, engine, backups }, () =>
    [
      `Movie Assistant ${info.version}`,
      `catalogue: ${info.dbPath}`,
      `  ${count(info.catalogue.movies)} movies, ${count(info.catalogue.ratings)} ratings, ${count(info.catalogue.users)} users`,
      ...info.catalogue.releases.map(
        (r) =>
          `  release ${r.format} from ${r.source}${r.active ? ' (learning from this one)' : ''}`,
      ),
      backups.newest
        ? `backups: ${count(backups.count)} in ${backups.folder} (${(backups.bytes / 1024 / 1024).toFixed(1)} MiB, the app keeps the newest ${backups.keep}), newest ${backups.newest.file}`
        : `backups: none yet in ${backups.folder} (the app makes one a day)`,
      `backend: ${engine.backend} (tried ${engine.backendsTried.map((b) => `${b.name}${b.ok ? '' : ` (${b.error ?? 'failed'})`}`).join(', ')})`,
      engine.model
        ? `model: ${engine.model.name} ${engine.model.version}, trained on ${engine.model.dataset} at ${engine.model.trainedAt}`
        : 'model: none yet (movie-assistant pretrain --dataset PATH)',
      ...(engine.pretrainNeeded
        ? [
            `pretrain needed: the model was trained on other data than ${info.catalogue.releases.find((r) => r.active)?.format ?? 'the release'}, the release the app learns from (movie-assistant pretrain learns it)`,
          ]
        : []),
    ].join('\n'),
  );
}
