import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import type { Db } from '../../main/catalogue/db';
import { createProfile } from '../../main/catalogue/profiles';
import { ImportError } from '../../main/importers/errors';
import { importPersonalExport } from '../../main/importers/import-export';
import { importRelease } from '../../main/importers/import-release';
import {
  fixtureCatalogue,
  fixtures,
  makeTempDir,
  removeTempDirs,
  snapshot,
  writeFiles,
} from '../fixtures/catalogue-helpers';
import { writeZip } from '../fixtures/zip-writer';
import { loadBases, makeVariant, type Variant } from './importer-variants';

afterAll(removeTempDirs);

/** How many seeded variants run; FUZZ_VARIANTS raises it for a longer local run. */
const VARIANTS = Number(process.env.FUZZ_VARIANTS ?? 300);
/** Set FUZZ_CORPUS_DIR to keep every variant's files there for inspection. */
const corpusDir = process.env.FUZZ_CORPUS_DIR;

function placeVariant(variant: Variant): string {
  const root = corpusDir ? path.join(corpusDir, String(variant.seed)) : makeTempDir('fuzz-');
  const dir = writeFiles(path.join(root, variant.folder), variant.files);
  if (variant.zipped) {
    const zip = path.join(root, `${variant.folder}.zip`);
    writeZip(
      zip,
      Object.entries(variant.files).map(([name, data]) => ({ name, data })),
    );
    return zip;
  }
  if (variant.kind === 'export' && variant.file && variant.files[variant.file])
    return path.join(dir, variant.file);
  return dir;
}

async function importVariant(db: Db, profileId: number, variant: Variant, source: string) {
  if (variant.kind === 'release') return importRelease(db, source);
  return importPersonalExport(db, profileId, source);
}

describe('fuzzed importer inputs', () => {
  it(`${VARIANTS} damaged releases and exports: each is imported or refused cleanly`, async () => {
    const db = await fixtureCatalogue();
    const profileId = createProfile(db, 'Fuzz').id;
    const bases = loadBases(fixtures);
    const outcomes = { imported: 0, refused: 0 };
    for (let seed = 0; seed < VARIANTS; seed++) {
      const variant = makeVariant(bases, seed);
      const where = `seed ${seed} (${variant.kind} ${variant.folder}${variant.zipped ? '.zip' : ''}: ${variant.edits.join('; ')})`;
      const source = placeVariant(variant);
      const before = snapshot(db);
      let error: unknown;
      let summary: Awaited<ReturnType<typeof importVariant>> | undefined;
      try {
        summary = await importVariant(db, profileId, variant, source);
      } catch (err) {
        error = err;
      }
      if (summary) {
        // An import that succeeds never empties what it replaces.
        if ('ratings' in summary) {
          expect(summary.ratings, where).toBeGreaterThan(0);
          expect(summary.movies, where).toBeGreaterThan(0);
        } else expect(summary.rows, where).toBeGreaterThan(0);
        outcomes.imported++;
        continue;
      }
      outcomes.refused++;
      if (!(error instanceof ImportError) && !(error instanceof ApiError))
        throw new Error(
          `${where}: not an import error: ${String((error as Error)?.stack ?? error)}`,
        );
      expect(error.message.length, where).toBeGreaterThan(0);
      expect(error.message, where).not.toMatch(
        /datatype mismatch|SQLITE_|constraint failed|Cannot read prop/,
      );
      expect(snapshot(db), `${where}: the catalogue changed on a refused import`).toEqual(before);
      expect(db.inTransaction, where).toBe(false);
    }
    // The corpus must exercise both outcomes, or it tests nothing.
    expect(outcomes.refused).toBeGreaterThan(VARIANTS / 4);
    expect(outcomes.imported).toBeGreaterThan(0);
    if (corpusDir) writeFileSync(path.join(corpusDir, 'outcomes.json'), JSON.stringify(outcomes));
  });
});
