import path from 'node:path';
import { ApiError } from '../../../shared/api';
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
 * (restoring replaces them).
 */
export async function restoreCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { positionals } = cli.parse(argv, {});
  const source = path.resolve(required(positionals[0], 'the backup file to restore'));
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
  const summary = await cli.call('catalogue.restore', { source });
  cli.print(
    summary,
    () =>
      `Restored the backup of ${new Date(summary.createdAt).toISOString()} from ${summary.file}: ` +
      `${countOf(summary.profileIds.length, 'profile')}, ${countOf(summary.personalModels, 'personal model')}.\n` +
      `What it replaced is kept in ${summary.previous} (restore that file to go back).`,
  );
}
