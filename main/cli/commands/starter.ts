import path from 'node:path';
import { defaultModelsDir } from '../../service/create-service';
import { starterDirOf } from '../../service/starter-catalogue';
import type { StarterWritten } from '../../service/starter-writer';
import { required } from '../args';
import type { CliContext } from '../context';
import { count } from '../format';

/** The release whose starter catalogue `pretrain` writes beside the shipped weights. */
export const STARTER_RELEASE = 'ml-latest-small';

/**
 * starter --dataset PATH [--out DIR]: writes the starter catalogue of a MovieLens release folder
 * (default: models/starter/), with the release's licence terms beside it.
 */
export async function starterCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, { dataset: { type: 'string' }, out: { type: 'string' } });
  const dataset = path.resolve(required(values.dataset, '--dataset PATH'));
  const dir = values.out === undefined ? shippedStarterDir(cli) : path.resolve(values.out);
  const { writeStarterFromRelease } = await import('../../service/starter-writer');
  const written = (await writeStarterFromRelease(dataset, dir))!;
  cli.print(written, () => describe(written));
}

/** After `pretrain --dataset ml-latest-small` into the shipped models: its starter catalogue too. */
export async function writeStarterAfterPretrain(cli: CliContext, dataset: string): Promise<void> {
  const { writeStarterFromRelease } = await import('../../service/starter-writer');
  const written = await writeStarterFromRelease(dataset, shippedStarterDir(cli), {
    onlyRelease: STARTER_RELEASE,
  });
  if (written) cli.note(describe(written));
}

function shippedStarterDir(cli: CliContext): string {
  return starterDirOf(cli.values.models ? path.resolve(cli.values.models) : defaultModelsDir);
}

function describe(written: StarterWritten): string {
  return [
    `Wrote the ${written.release} starter catalogue: ${written.file}`,
    `  ${count(written.movies)} movies, ${count(written.ratings)} ratings, ${(written.bytes / 1024).toFixed(0)} KiB`,
    `  licence terms: ${written.licence}`,
  ].join('\n');
}
