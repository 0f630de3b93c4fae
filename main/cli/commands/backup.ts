import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { CatalogueDamagedError } from '../../catalogue/damage';
import { putCatalogueBack, setCatalogueAside } from '../../catalogue/set-aside';
import { required } from '../args';
import type { CliContext } from '../context';
import { countOf } from '../format';

/** backup [FILE]: the catalogue and the personal models in one checksummed file. */
export async function backupCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { positionals } = cli.parse(argv, {});
  const file = positionals[0] === undefined ? undefined : path.resolve(positionals[0]);
  const summary = await cli.call('catalogue.backup', { file });
  cli.print(
    summary,
    () =>
      `Backed up the catalogue and ${countOf(summary.personalModels, 'personal model')} to ${summary.file} ` +
      `(${(summary.bytes / 1024 / 1024).toFixed(1)} MiB, sha256 ${summary.sha256})`,
  );
}

/**
 * restore FILE [--passphrase P]: checks the backup, keeps a backup of what is there, then replaces
 * the catalogue and the personal models with it. Every locked profile must open with --passphrase
 * (restoring replaces them). A catalogue too damaged to open is moved aside instead (kept, and put
 * back if the restore fails), and the backup restored into a new one.
 */
export async function restoreCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { positionals } = cli.parse(argv, {});
  const source = path.resolve(required(positionals[0], 'the backup file to restore'));
  let aside: string | null = null;
  try {
    const summary = await restoreFrom(cli, source).catch(async (error: unknown) => {
      if (!isDamage(error)) throw error;
      await cli.close();
      aside = setCatalogueAside(cli.dbFile);
      cli.note(
        `The catalogue ${cli.dbFile} is too damaged to restore over; it is kept as ${aside}, and the backup goes into a new catalogue.`,
      );
      return restoreFrom(cli, source);
    });
    cli.print(
      { ...summary, damagedCatalogue: aside },
      () =>
        `Restored the backup of ${new Date(summary.createdAt).toISOString()} from ${summary.file}: ` +
        `${countOf(summary.profileIds.length, 'profile')}, ${countOf(summary.personalModels, 'personal model')}.\n` +
        (aside
          ? `The damaged catalogue is kept as ${aside}.`
          : `What it replaced is kept in ${summary.previous} (restore that file to go back).`),
    );
  } catch (error) {
    if (aside) {
      await cli.close();
      putCatalogueBack(aside, cli.dbFile);
    }
    throw error;
  }
}

/** The catalogue could not be opened or read for its damage (at the start, or by the service). */
function isDamage(error: unknown): boolean {
  return (
    error instanceof CatalogueDamagedError ||
    (error instanceof ApiError && error.code === 'damaged')
  );
}

async function restoreFrom(cli: CliContext, source: string) {
  const locked = (await cli.call('profiles.list', {})).filter((p) => p.locked);
  if (locked.length > 0 && cli.values.passphrase === undefined) {
    throw new ApiError(
      'locked',
      `restoring replaces every profile: pass --passphrase to open ${locked.map((p) => `"${p.name}"`).join(', ')}`,
    );
  }
  for (const profile of locked) {
    await cli.call('profiles.unlock', {
      profileId: profile.id,
      passphrase: cli.values.passphrase ?? '',
    });
  }
  return cli.call('catalogue.restore', { source });
}
