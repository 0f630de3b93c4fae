import { exportFormatName, type ImportHistoryEntry } from '../../../shared/domain';
import { positiveInt } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { countOf, table } from '../format';

/**
 * import undo --profile NAME [ID]: puts back the ratings of an import (the newest by default) and
 * takes off the marks it set.
 */
export async function importUndoCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = cli.parse(argv, { profile: { type: 'string' } });
  if (values.profile === undefined) throw new UsageError('import undo needs --profile NAME');
  const profileId = await cli.profileId(values.profile);
  let importId = positiveInt(positionals[0], 'the import id');
  if (importId === undefined) {
    const newest = (await cli.call('catalogue.importHistory', { profileId })).find(
      (entry) => entry.undoneAt === null,
    );
    if (!newest) throw new UsageError('this profile has no import left to undo');
    importId = newest.importId;
  }
  const summary = await cli.call('catalogue.undoImport', { profileId, importId });
  cli.print(
    summary,
    () =>
      `Undid import ${summary.importId}: ` +
      [
        ...(summary.restored || (!summary.watchlistRemoved && !summary.seenRemoved)
          ? [`${countOf(summary.restored, 'rating')} put back`]
          : []),
        ...(summary.watchlistRemoved
          ? [`${countOf(summary.watchlistRemoved, 'movie')} taken off the watchlist`]
          : []),
        ...(summary.seenRemoved
          ? [`${countOf(summary.seenRemoved, 'movie')} no longer marked seen`]
          : []),
      ].join(', ') +
      (summary.changedSince
        ? `, ${summary.changedSince} left as they are (changed since the import)`
        : ''),
  );
}

/** import history --profile NAME: the imports that can be undone, newest first. */
export async function importHistoryCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, { profile: { type: 'string' } });
  if (values.profile === undefined) throw new UsageError('import history needs --profile NAME');
  const profileId = await cli.profileId(values.profile);
  const history = await cli.call('catalogue.importHistory', { profileId });
  cli.print(history, () => table(history.map(historyLine), 'No imports into this profile'));
}

function historyLine(entry: ImportHistoryEntry): string {
  const when = new Date(entry.importedAt).toISOString().slice(0, 16).replace('T', ' ');
  const undone = entry.undoneAt === null ? '' : ' (undone)';
  const wrote = [
    `${countOf(entry.written, 'rating')} written`,
    ...(entry.watchlisted ? [`${countOf(entry.watchlisted, 'movie')} put on the watchlist`] : []),
    ...(entry.markedSeen ? [`${countOf(entry.markedSeen, 'movie')} marked seen`] : []),
  ];
  return `${String(entry.importId).padStart(4)}  ${when}  ${exportFormatName(entry.format)}, ${wrote.join(', ')}${undone}  ${entry.source}`;
}
