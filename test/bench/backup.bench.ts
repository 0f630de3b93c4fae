import { mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ContainerEncoding } from '../../main/catalogue/backup-container';
import { openCatalogue } from '../../main/catalogue/db';
import { checkCatalogueFile } from '../../main/catalogue/integrity';
import { importRelease } from '../../main/importers/import-release';
import { createBackup, restoreBackup } from '../../main/service/backup';
import { refuseDamagedCopy } from '../../main/service/rolling-backups';
import { sharedDir } from '../helpers/repo-paths';
import { numberArg, writeResult } from './bench-helpers';
import { generateRelease } from './generate-release';
import { currentCommit, machineDescription } from './result-provenance';

/**
 * Backup benchmark: ml-latest-small, then a generated release in the ml-25m layout (25M ratings,
 * 62,000 movies; `--ratings N` / `--movies N` to change), each imported into a fresh catalogue.
 * For each, a backup as the app writes it (entries Brotli-compressed) and, as the yardstick in the
 * same run, one with the entries stored as they are (every backup before compression), in
 * `--rounds` interleaved rounds (default 2): bytes, seconds, and the longest the thread that
 * answers people waited meanwhile; then a restore of the shipped one into a fresh catalogue, and
 * SQLite's quick check of the catalogue (the automatic backup's check, in a worker). Writes
 * test/bench/results/backup.json. What the app keeps: the newest 7 daily backups.
 */
export default async function run(args: string[]): Promise<void> {
  const ratings = numberArg(args, '--ratings', 25_000_000);
  const movies = numberArg(args, '--movies', 62_000);
  const rounds = numberArg(args, '--rounds', 2);
  const moviesCsv = path.join(sharedDir, 'datasets', 'ml-latest-small', 'movies.csv');
  const generated = generateRelease({ ratings, movies, titleSource: moviesCsv });
  const scratch = path.join(os.tmpdir(), `movie-assistant-bench-backup-${process.pid}`);

  const releases = [];
  try {
    for (const source of [path.join(sharedDir, 'datasets', 'ml-latest-small'), generated.dir]) {
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch, { recursive: true });
      const dbFile = path.join(scratch, 'catalogue.db');
      const db = openCatalogue(dbFile);
      const imported = await importRelease(db, source, {});
      db.pragma('wal_checkpoint(TRUNCATE)');
      const catalogueBytes = statSync(dbFile).size;
      console.log(
        `${imported.format}: ${imported.ratings.toLocaleString('en')} ratings, catalogue ${mib(catalogueBytes)} MiB`,
      );

      const runs: Record<ContainerEncoding, BackupRun[]> = { br: [], none: [] };
      for (let round = 0; round < rounds; round++) {
        for (const encoding of ['none', 'br'] as const) {
          const out = path.join(scratch, `round-${round}-${encoding}.backup`);
          // both checked, as the app's backups are
          const checkSnapshot = refuseDamagedCopy(dbFile);
          const measured = await timed(() =>
            createBackup(dbFile, out, { encoding, checkSnapshot }),
          );
          runs[encoding].push({
            bytes: measured.value.bytes,
            seconds: measured.seconds,
            longestWaitMs: measured.longestWaitMs,
          });
          if (round < rounds - 1 || encoding === 'none') rmSync(out);
          const r = runs[encoding].at(-1)!;
          console.log(
            `  backup ${encoding === 'br' ? 'compressed (shipped)' : 'stored as is (yardstick)'}: ${mib(r.bytes)} MiB in ${r.seconds} s, longest wait of the answering thread ${r.longestWaitMs} ms`,
          );
        }
      }

      const shipped = path.join(scratch, `round-${rounds - 1}-br.backup`);
      const restoredFile = path.join(scratch, 'restored', 'catalogue.db');
      mkdirSync(path.dirname(restoredFile));
      const into = openCatalogue(restoredFile);
      const restore = await timed(() => restoreBackup(into, restoredFile, shipped));
      into.close();
      console.log(
        `  restore of the compressed backup into a fresh catalogue: ${restore.seconds} s, longest wait ${restore.longestWaitMs} ms`,
      );
      const check = await timed(() => checkCatalogueFile(dbFile));
      console.log(`  quick check (in a worker): ${check.seconds} s, found ${check.value ?? 'ok'}`);
      db.close();

      const median = (list: BackupRun[], key: keyof BackupRun) =>
        [...list.map((r) => r[key])].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
      releases.push({
        release: imported.format,
        ratings: imported.ratings,
        catalogueBytes,
        compressed: runs.br,
        yardstick: runs.none,
        bytesRatio: round3(runs.br[0].bytes / runs.none[0].bytes),
        medianSeconds: {
          compressed: median(runs.br, 'seconds'),
          yardstick: median(runs.none, 'seconds'),
        },
        sevenDailyBackupsBytes: {
          compressed: 7 * runs.br[0].bytes,
          yardstick: 7 * runs.none[0].bytes,
        },
        restoreSeconds: restore.seconds,
        restoreLongestWaitMs: restore.longestWaitMs,
        quickCheckSeconds: check.seconds,
      });
      const last = releases.at(-1)!;
      console.log(
        `  compressed / stored as is: ${last.bytesRatio} of the bytes; seven daily backups ${mib(last.sevenDailyBackupsBytes.compressed)} MiB against ${mib(last.sevenDailyBackupsBytes.yardstick)} MiB`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const file = writeResult('backup', {
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    loadAverage: os.loadavg()[0],
    releases,
  });
  console.log(`wrote ${file}`);
}

interface BackupRun {
  bytes: number;
  seconds: number;
  longestWaitMs: number;
}

/** `work`'s wall time, and the longest the event loop was held meanwhile. */
async function timed<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; longestWaitMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const value = await work();
  const seconds = round3((performance.now() - started) / 1000);
  delay.disable();
  return { value, seconds, longestWaitMs: Math.round(delay.max / 1e6) };
}

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
const round3 = (x: number) => Math.round(x * 1000) / 1000;
