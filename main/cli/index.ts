import { ApiError, badRequestReason } from '../../shared/api';
import { backupCommand, restoreCommand } from './commands/backup';
import { importCommand, infoCommand, releasesCommand, searchCommand } from './commands/catalogue';
import { evalCommand, pretrainCommand, recommendCommand, trainCommand } from './commands/engine';
import { movieCommand } from './commands/movie';
import { profileCommand, rateCommand, ratingsCommand } from './commands/profiles';
import { starterCommand } from './commands/starter';
import { seenCommand } from './commands/seen';
import { watchlistCommand } from './commands/watchlist';
import { CliContext } from './context';
import { UsageError } from './errors';
import { commandFirst } from './args';

type Command = (cli: CliContext, argv: string[]) => Promise<number | void>;

// serve and start load the local host (HTTP, WebSocket, static pages) only when they run, so
// quick commands such as search start without it; the engine loads on first use (main/service).
const serveCommand: Command = async (cli, argv) =>
  (await import('./commands/serve')).serveCommand(cli, argv);
const startCommand: Command = async (cli, argv) =>
  (await import('./commands/start')).startCommand(cli, argv);

const commands: Record<string, { run: Command; usage: string }> = {
  import: {
    run: importCommand,
    usage:
      'import <folder-or-zip> [--profile NAME [--format auto|movielens|imdb|letterboxd] [--user-id N] [--preview] [--conflicts keep-mine|take-theirs|newest-wins]]\n' +
      '  import undo --profile NAME [IMPORT-ID] | import history --profile NAME',
  },
  releases: {
    run: releasesCommand,
    usage: 'releases [--use ID|NAME]   (the active release marked *; --use makes one active)',
  },
  search: {
    run: searchCommand,
    usage:
      'search <query> [--genre G] [--from YEAR] [--to YEAR] [--sort relevance|year|rating|popularity] [-n N] [--profile NAME]',
  },
  movie: {
    run: movieCommand,
    usage: 'movie <movie id or title> [--profile NAME]   (its ratings, tags and your rating)',
  },
  profile: {
    run: profileCommand,
    usage:
      'profile create|list|rename|delete|lock|unlock [NAME] [NEW-NAME] [--passphrase P] [--yes]',
  },
  rate: {
    run: rateCommand,
    usage: 'rate --profile NAME <movie id or title> <rating 0.5-5|clear>',
  },
  ratings: { run: ratingsCommand, usage: 'ratings list|export --profile NAME [--out FILE]' },
  watchlist: {
    run: watchlistCommand,
    usage:
      'watchlist --profile NAME [add|remove <movie id or title> | export [--out FILE]]   (best match first)',
  },
  seen: {
    run: seenCommand,
    usage:
      'seen --profile NAME [add|remove <movie id or title> | export [--out FILE]]   (watched, not rated)',
  },
  info: { run: infoCommand, usage: 'info' },
  backup: { run: backupCommand, usage: 'backup [FILE]   (default: a new file in backups/)' },
  restore: { run: restoreCommand, usage: 'restore FILE [--passphrase P]' },
  serve: { run: serveCommand, usage: 'serve [--port N] [--dev]' },
  start: { run: startCommand, usage: 'start [--dataset <folder-or-zip>] [--port N]' },
  pretrain: {
    run: pretrainCommand,
    usage:
      'pretrain [--dataset PATH] [--model NAME] [--out DIR] [--seed N] [--epochs N]   (no --dataset: the release the app learns from)',
  },
  starter: { run: starterCommand, usage: 'starter --dataset PATH [--out DIR]' },
  train: { run: trainCommand, usage: 'train --profile NAME' },
  recommend: {
    run: recommendCommand,
    usage:
      'recommend --profile NAME --list for-you|similar-movies|also-loved|people-like-you [--movie ID|TITLE] [--genre G] [--decade 1990] [--min-ratings N] [--tag WORDS] [--variety 0-1] [-n N]  |  recommend --together NAME,NAME[,…] [--genre G] [--decade 1980] [--min-ratings N] [--tag WORDS] [-n N]',
  },
  eval: { run: evalCommand, usage: 'eval --dataset PATH --protocol A|B|C|D|E|F|F5 [--model NAME]' },
};

const usage = [
  'usage: movie-assistant <command> [options]',
  '',
  ...Object.values(commands).map((c) => `  ${c.usage}`),
  '  bench <name> [args]          (from a clone: npm run bench -- <name>)',
  '',
  'every command: --db FILE (or MOVIE_ASSISTANT_DB), --json, --backend NAME, --models DIR, --passphrase P',
].join('\n');

/**
 * Commands that fill, copy, replace or bypass the catalogue never load the starter catalogue
 * into an empty one: an import brings its own release (and one that fails leaves the catalogue
 * as it was), a backup of an empty catalogue stays one, restore replaces it anyway.
 */
const takesCatalogueAsItIs = new Set([
  'import',
  'backup',
  'restore',
  'pretrain',
  'starter',
  'eval',
]);

/** The benchmarks live with the tests (test/bench/), not in the shipped command. */
const benchElsewhere =
  'benchmarks are not part of the installed command: from a clone of the repository, run `npm run bench -- <name>`';

/**
 * `movie-assistant search … | head`: once the reader has gone, what is left to print is dropped
 * and the command finishes its work, instead of dying of an unhandled EPIPE with a stack trace.
 */
function dropOutputAfterReaderLeft(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** The `movie-assistant` command line. Returns the exit code; errors are one line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  dropOutputAfterReaderLeft(process.stdout);
  const [name, ...rest] = commandFirst(argv);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 2;
  }
  if (name === 'bench') return fail(new UsageError(benchElsewhere));
  const command = commands[name];
  if (!command) return fail(new UsageError(`unknown command "${name}" (try movie-assistant help)`));

  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: movie-assistant ${command.usage}\n`);
    return 0;
  }
  const longRunning = name === 'serve' || name === 'start';
  const cli = new CliContext({
    autoPretrain: longRunning,
    rollingBackups: longRunning,
    watchOutsideChanges: longRunning,
    readRatingsAhead: longRunning,
    starterCatalogue: !takesCatalogueAsItIs.has(name),
  });
  return runGuarded(
    () => command.run(cli, rest),
    () => cli.close(),
  );
}

async function runGuarded(
  work: () => Promise<number | void>,
  cleanup?: () => Promise<void> | undefined,
): Promise<number> {
  let code: number;
  try {
    code = (await work()) ?? 0;
  } catch (error) {
    code = fail(error);
  }
  try {
    await cleanup?.();
  } catch (error) {
    if (code === 0) code = fail(error);
  }
  return code;
}

function fail(error: unknown): number {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.code === 'bad-request')
    message = optionReason(badRequestReason(message));
  process.stderr.write(`movie-assistant: ${oneLine(message)}\n`);
  if (error instanceof UsageError) return 2;
  if (error instanceof ApiError && error.code === 'cancelled') return 130;
  return 1;
}

/** A refused request's reason in the command's own words: the API's `limit` is `-n` here. */
function optionReason(reason: string): string {
  return reason.replace(
    /^limit: Too big: expected number to be <=(\d+)$/,
    '-n takes at most $1 here',
  );
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
