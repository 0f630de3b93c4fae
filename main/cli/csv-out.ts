import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliContext } from './context';
import { UsageError } from './errors';
import { countOf } from './format';

/**
 * An export's CSV to standard output, or to the file `--out` names, saying how many rows (each
 * a `noun`) it wrote there; `example` names a file for the message when `--out` is a folder.
 */
export async function writeCsv(
  cli: CliContext,
  csv: string,
  out: string | undefined,
  noun: string,
  example: string,
): Promise<void> {
  if (out === undefined) return cli.out(csv);
  const file = path.resolve(out);
  await writeFile(file, csv).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new UsageError(`there is no folder ${path.dirname(file)} to write ${file} in`);
    if (error.code === 'EISDIR')
      throw new UsageError(`${file} is a folder: name a file, e.g. ${path.join(file, example)}`);
    throw error;
  });
  const rows = Math.max(0, csv.trim().split('\n').length - 1);
  cli.print({ file, rows }, () => `Wrote ${countOf(rows, noun)} to ${file}`);
}

/** `--out` given to anything but `export` would be ignored; it is refused, naming where it goes. */
export function outOnlyWithExport(
  out: string | undefined,
  action: string | undefined,
  command: string,
): void {
  if (out !== undefined && action !== 'export')
    throw new UsageError(`--out goes with export: ${command} export --profile NAME --out FILE`);
}
