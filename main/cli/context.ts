import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApiError, type Channel, type Request, type Response } from '../../shared/api';
import type { Session } from '../api/session';
import { defaultDbPath } from '../catalogue/db';
import { callService, OUTSIDE_CHANGES_MS, type Service } from '../service/create-service';
import { createService } from '../service';
import { defaultRollingBackups } from '../service/rolling-backups';
import { parseCommand, type CommonValues } from './args';
import { ProgressPrinter } from './progress';
import { UsageError } from './errors';
import { count } from './format';

type JobChannel = {
  [C in Channel]: Request<C> extends { jobId: string } ? C : never;
}[Channel];

/**
 * What a command works with: the service behind the one dispatch (opened on first use), a
 * session for this run, output that honours --json, and long calls with progress and Ctrl-C.
 */
export class CliContext {
  private opened: { service: Service; session: Session } | null = null;
  values: CommonValues = {};

  /**
   * `autoPretrain`: whether the engine may train a first model in the background when there is
   * none. Only worth it for commands that keep running (serve, start); a one-shot command would
   * exit under it. `rollingBackups`: the daily automatic backup, likewise for serve and start.
   * `starterCatalogue`: load the shipped starter catalogue into an empty catalogue, saying so on
   * stderr (every command but those that write or read a catalogue wholesale).
   * `watchOutsideChanges`: notice releases another process changes, likewise for serve and start.
   * `readRatingsAhead`: read the release's every rating once the engine starts, likewise.
   */
  constructor(
    private readonly options: {
      autoPretrain?: boolean;
      rollingBackups?: boolean;
      starterCatalogue?: boolean;
      watchOutsideChanges?: boolean;
      readRatingsAhead?: boolean;
    } = {},
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Parses the command's arguments (its own options plus the common ones) strictly. */
  parse<O extends Parameters<typeof parseCommand>[1]>(argv: string[], options: O) {
    const parsed = parseCommand(argv, options);
    this.values = parsed.values as CommonValues;
    return parsed;
  }

  get dbFile(): string {
    return this.values.db ? path.resolve(this.values.db) : defaultDbPath();
  }

  async open(): Promise<{ service: Service; session: Session }> {
    if (!this.opened) {
      const service = createService({
        dbFile: this.dbFile,
        backend: this.values.backend,
        modelsDir: this.values.models ? path.resolve(this.values.models) : undefined,
        autoPretrain: this.options.autoPretrain ?? true,
        rollingBackups: this.options.rollingBackups ? defaultRollingBackups : undefined,
        watchOutsideChangesMs: this.options.watchOutsideChanges ? OUTSIDE_CHANGES_MS : undefined,
        readRatingsAhead: this.options.readRatingsAhead,
        starterCatalogue: this.options.starterCatalogue ?? false,
        onStarterLoaded: (load) =>
          this.note(
            `The catalogue ${this.dbFile} was empty: it now holds the starter catalogue ` +
              `(${load.release}: ${count(load.movies)} movies, ${count(load.ratings)} ratings); ` +
              'importing a MovieLens release replaces it.',
          ),
      });
      this.opened = { service, session: service.newSession() };
    }
    return this.opened;
  }

  async call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
    const { service, session } = await this.open();
    return callService(service, session, channel, request);
  }

  /** A long call: progress on stderr, Ctrl-C cancels it through `jobs.cancel`. */
  async job<C extends JobChannel>(
    channel: C,
    request: Omit<Request<C>, 'jobId'>,
  ): Promise<Response<C>> {
    const { service } = await this.open();
    const jobId = `cli-${randomUUID()}`;
    const printer = new ProgressPrinter(this.stderr);
    const stop = service.onEvent((event, payload) => {
      if (event === 'job.progress' && (payload as { jobId: string }).jobId === jobId) {
        printer.update(payload as Parameters<ProgressPrinter['update']>[0]);
      }
    });
    const cancel = () => {
      this.stderr.write('\nCancelling…\n');
      void this.call('jobs.cancel', { jobId });
    };
    process.once('SIGINT', cancel);
    try {
      return await this.call(channel, { ...request, jobId } as unknown as Request<C>);
    } finally {
      process.off('SIGINT', cancel);
      stop();
      printer.done();
    }
  }

  /** A profile's id from its name (or id), opening it with --passphrase when it is locked. */
  async profileId(nameOrId: string | undefined): Promise<number> {
    if (!nameOrId) throw new UsageError('missing --profile NAME');
    const profiles = await this.call('profiles.list', {});
    const wanted = nameOrId.trim().toLocaleLowerCase();
    const profile =
      profiles.find((p) => p.name.toLocaleLowerCase() === wanted) ??
      profiles.find((p) => String(p.id) === wanted);
    if (!profile) {
      const names = profiles.map((p) => p.name).join(', ');
      throw new ApiError(
        'not-found',
        `No profile named "${nameOrId}"${names ? ` (profiles: ${names})` : ''}`,
      );
    }
    if (profile.locked) {
      if (this.values.passphrase === undefined) {
        throw new ApiError('locked', `Profile "${profile.name}" is locked: pass --passphrase`);
      }
      await this.call('profiles.unlock', {
        profileId: profile.id,
        passphrase: this.values.passphrase,
      });
    }
    return profile.id;
  }

  /** Data: JSON with --json, else the human form. */
  print(data: unknown, human: () => string): void {
    this.out(this.values.json ? JSON.stringify(data, null, 2) : human());
  }

  out(text: string): void {
    if (text) this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  async close(): Promise<void> {
    await this.opened?.service.close();
    this.opened = null;
  }
}
