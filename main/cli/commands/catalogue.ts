import path from 'node:path';
import type { ExportImportSummary } from '../../../shared/domain';
import { positiveInt, required } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { movieLine, table } from '../format';

const exportFormats = ['auto', 'movielens', 'imdb', 'letterboxd'] as const;

/** import <folder-or-zip> [--profile NAME [--format F] [--user-id N]] */
export async function importCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, {
    profile: { type: 'string' },
    format: { type: 'string' },
    'user-id': { type: 'string' },
  });
  const source = path.resolve(required(positionals[0], 'the folder or zip to import'));
  if (values.profile === undefined) {
    if (values.format !== undefined || values['user-id'] !== undefined)
      throw new UsageError('--format and --user-id apply to personal exports (with --profile)');
    const summary = await cli.job('catalogue.import', { source });
    cli.print(
      summary,
      () =>
        `Imported ${summary.format} from ${summary.source}: ${summary.movies} movies, ${summary.ratings} ratings, ` +
        `${summary.users} users, ${summary.tags} tags, ${summary.links} links in ${summary.seconds.toFixed(1)} s`,
    );
    return;
  }
  const format = (values.format ?? 'auto') as (typeof exportFormats)[number];
  if (!exportFormats.includes(format))
    throw new UsageError(`--format must be one of ${exportFormats.join(', ')}`);
  const userId = positiveInt(values['user-id'], '--user-id');
  const profileId = await cli.profileId(values.profile);
  const summary = await cli.job('catalogue.importExport', { profileId, source, format, userId });
  cli.print(summary, () => exportSummaryText(summary));
}

/** The human form of a personal-export import: counts, then every row not matched or skipped. */
function exportSummaryText(summary: ExportImportSummary): string {
  const lines = [
    `Imported a ${summary.format} export: ${summary.matched} of ${summary.rows} rows matched`,
  ];
  if (summary.unmatched.length) {
    lines.push(`${summary.unmatched.length} not matched:`);
    for (const u of summary.unmatched)
      lines.push(`  line ${u.line}: ${u.title}${u.year === null ? '' : ` (${u.year})`}`);
  }
  if (summary.skipped.length) {
    lines.push(`${summary.skipped.length} skipped:`);
    for (const s of summary.skipped)
      lines.push(`  ${path.basename(s.file)} line ${s.line}: ${s.reason}`);
  }
  return lines.join('\n');
}

/** search <query> [--genre G] [-n N] */
export async function searchCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, {
    genre: { type: 'string' },
    n: { type: 'string', short: 'n' },
  });
  const query = positionals.join(' ');
  const { movies } = await cli.call('search.movies', {
    query,
    genre: values.genre,
    limit: positiveInt(values.n, '-n') ?? 20,
  });
  cli.print(movies, () => table(movies.map(movieLine), `No movies match "${query}"`));
}

/** info: the catalogue and the engine at a glance (starts the engine to name its backend). */
export async function infoCommand(cli: CliContext, argv: string[]): Promise<void> {
  cli.parse(argv, {});
  const info = await cli.call('app.info', {});
  const engine = await cli.call('engine.status', {});
  cli.print({ ...info, backend: engine.backend, engine }, () =>
    [
      `Movie Assistant ${info.version}`,
      `catalogue: ${info.dbPath}`,
      `  ${info.catalogue.movies} movies, ${info.catalogue.ratings} ratings, ${info.catalogue.users} users`,
      ...info.catalogue.releases.map((r) => `  release ${r.format} from ${r.source}`),
      `backend: ${engine.backend} (tried ${engine.backendsTried.map((b) => `${b.name}${b.ok ? '' : ` (${b.error ?? 'failed'})`}`).join(', ')})`,
      engine.model
        ? `model: ${engine.model.name} ${engine.model.version}, trained on ${engine.model.dataset} at ${engine.model.trainedAt}`
        : 'model: none yet (movie-assistant pretrain --dataset PATH)',
    ].join('\n'),
  );
}
