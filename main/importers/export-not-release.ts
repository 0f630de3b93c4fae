import { exportFormatNames } from '../../shared/domain';
import { EXPORT_LAYOUTS } from './export-formats';
import { isListHeader, listMarkOf } from './export-lists';
import { csvSeparatorOf, headerIndex, splitCsvLine } from './fields';
import { peekLines } from './read-file';
import type { ImportSource } from './sources';

/** How many of a source's CSV files are looked at, the shortest paths first. */
const FILES_LOOKED_AT = 8;

/**
 * What a source that is no MovieLens release is instead, when one of its CSV files is a
 * person's export ("an export from Letterboxd"), so that the refusal can say where it goes; null when
 * none is. A file with a userId column holds many people's ratings and is no person's export.
 */
export async function personalExportIn(source: ImportSource): Promise<string | null> {
  const csvs = source.files
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort((a, b) => a.length - b.length)
    .slice(0, FILES_LOOKED_AT);
  for (const file of csvs) {
    const header = await firstLine(source, file);
    if (header === null) continue;
    const columns = headerIndex(splitCsvLine(header, csvSeparatorOf(header)));
    if (columns.has('userid')) continue;
    const layout = EXPORT_LAYOUTS.find((l) => l.recognise(columns));
    if (layout) return `an export from ${exportFormatNames[layout.format]}`;
    if (listMarkOf(file) !== null && isListHeader(columns))
      return listMarkOf(file) === 'watchlist' ? 'a watchlist' : 'a list of films watched';
  }
  return null;
}

/** The file's first line that is not blank; null when it has none or cannot be read. */
async function firstLine(source: ImportSource, file: string): Promise<string | null> {
  let line: string | null = null;
  await peekLines(source, file, (text) => {
    line = text.trim() === '' ? null : text;
    return line !== null;
  });
  return line;
}
