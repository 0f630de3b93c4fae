import { required } from '../args';
import type { CliContext } from '../context';
import { outOnlyWithExport, writeCsv } from '../csv-out';
import { UsageError } from '../errors';
import { count, localDate, movieLine, profileLine, table } from '../format';
import { resolveMovie } from '../movie-ref';

/** profile create|list|rename|delete|lock|unlock; delete asks for --yes when ratings would go. */
export async function profileCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, { yes: { type: 'boolean' } });
  const [action, name, newName] = positionals;
  switch (action) {
    case 'list': {
      const profiles = await cli.call('profiles.list', {});
      return cli.print(profiles, () => table(profiles.map(profileLine), 'No profiles yet'));
    }
    case 'create': {
      const profile = await cli.call('profiles.create', {
        name: required(name, 'the profile name'),
        passphrase: cli.values.passphrase,
      });
      return cli.print(
        profile,
        () =>
          `Created profile ${profile.name} (id ${profile.id})${profile.locked ? ', locked' : ''}`,
      );
    }
    case 'rename': {
      const profileId = await cli.profileId(required(name, 'the profile name'));
      const profile = await cli.call('profiles.rename', {
        profileId,
        name: required(newName, 'the new name'),
      });
      return cli.print(profile, () => `Renamed to ${profile.name}`);
    }
    case 'delete': {
      const profileId = await cli.profileId(required(name, 'the profile name'));
      const rated = (await cli.call('ratings.list', { profileId })).length;
      if (rated > 0 && !values.yes)
        throw new UsageError(
          `profile "${name}" has ${count(rated)} ${rated === 1 ? 'rating' : 'ratings'}, which deleting it loses for good: ` +
            'add --yes to delete it (movie-assistant backup keeps a copy first)',
        );
      const result = await cli.call('profiles.delete', { profileId });
      return cli.print(result, () => `Deleted profile ${name} and its ratings`);
    }
    case 'lock': {
      const passphrase = required(cli.values.passphrase, '--passphrase (the new passphrase)');
      const profiles = await cli.call('profiles.list', {});
      const target = profiles.find(
        (p) =>
          p.name.toLocaleLowerCase() === required(name, 'the profile name').toLocaleLowerCase(),
      );
      if (target?.locked)
        throw new UsageError(
          `profile "${target.name}" is already locked; unlock it first to change its passphrase`,
        );
      const profileId = await cli.profileId(name);
      const profile = await cli.call('profiles.lock', { profileId, passphrase });
      return cli.print(profile, () => `Locked profile ${profile.name}`);
    }
    case 'unlock': {
      // A CLI run has no session to keep open: unlocking here removes the lock for good.
      const passphrase = required(cli.values.passphrase, '--passphrase');
      const profileId = await cli.profileId(required(name, 'the profile name'));
      const profile = await cli.call('profiles.removeLock', { profileId, passphrase });
      return cli.print(profile, () => `Removed the lock of profile ${profile.name}`);
    }
    default:
      throw new UsageError(
        action
          ? `unknown profile action "${action}" (create, list, rename, delete, lock, unlock)`
          : 'profile needs an action: create, list, rename, delete, lock, unlock',
      );
  }
}

/** rate --profile NAME <movieId> <rating|clear> */
export async function rateCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, { profile: { type: 'string' } });
  const named = required(positionals[0], 'the movie (its id or title)');
  const given = required(positionals[1], 'the rating (0.5 to 5, or "clear")');
  const rating = given === 'clear' ? null : Number(given);
  if (rating !== null && (!Number.isInteger(rating * 2) || rating < 0.5 || rating > 5))
    throw new UsageError(
      `the rating goes in half stars from 0.5 to 5 (or "clear"), not "${given}"`,
    );
  const profileId = await cli.profileId(values.profile);
  const movie = await resolveMovie(cli, named, 'movie id');
  if (rating === null) {
    const result = await cli.call('ratings.clear', { profileId, movieId: movie.id });
    return cli.print(result, () => `Cleared your rating of ${movie.label}`);
  }
  const result = await cli.call('ratings.set', { profileId, movieId: movie.id, rating });
  cli.print(result, () => `Rated ${movie.label}: ${rating}`);
}

/** ratings list|export --profile NAME [--out FILE] */
export async function ratingsCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, {
    profile: { type: 'string' },
    out: { type: 'string' },
  });
  const action = positionals[0];
  if (action !== 'list' && action !== 'export')
    throw new UsageError('ratings needs an action: list or export');
  outOnlyWithExport(values.out, action, 'ratings');
  const profileId = await cli.profileId(values.profile);
  if (action === 'list') {
    const ratings = await cli.call('ratings.list', { profileId });
    return cli.print(ratings, () =>
      table(
        ratings.map(
          (r) =>
            `${localDate(r.ratedAt)}  ${r.rating.toFixed(1).padStart(3)}  ${movieLine(r.movie).trim()}`,
        ),
        'No ratings yet',
      ),
    );
  }
  const { csv } = await cli.call('ratings.export', { profileId });
  await writeCsv(cli, csv, values.out, 'rating', 'ratings.csv');
}
