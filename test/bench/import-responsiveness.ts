import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogue } from '../../main/catalogue/db';
import { createProfile } from '../../main/catalogue/profiles';
import { listProfileRatings } from '../../main/catalogue/profile-ratings';
import { importRelease } from '../../main/importers/import-release';
import { importInWorker } from '../../main/importers/run-import-job';
import { percentile, probeWhile } from '../helpers/app-responsiveness';
import { repoRoot } from '../helpers/repo-paths';

export interface ResponsivenessRow {
  release: string;
  ratings: number;
  importSeconds: number;
  ratingSets: number;
  ratingSetP95Ms: number;
  ratingSetMaxMs: number;
  searches: number;
  searchP95Ms: number;
  searchMaxMs: number;
  errors: string[];
  /** Ratings set during the import whose value was not there afterwards (must be 0). */
  ratingsLost: number;
  phases: Record<string, number>;
}

/**
 * App responsiveness during a big import, as the app sees it: a catalogue holding `base`, a
 * profile, and the release `source` imported in a worker thread (as the service does), or with
 * `from: 'process'` by the CLI in a process of its own (`movie-assistant import` beside the
 * app), while this thread sets a rating and runs a search every 20 ms on its own connection,
 * timing each.
 */
export async function measureResponsiveness(
  base: string,
  source: string,
  from: 'worker' | 'process' = 'worker',
): Promise<ResponsivenessRow> {
  const dir = path.join(os.tmpdir(), `movie-assistant-bench-responsive-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, 'catalogue.db');
  const db = openCatalogue(file);
  try {
    await importRelease(db, base);
    const profile = createProfile(db, 'Bench');
    const movieIds = db
      .prepare('SELECT id FROM movies ORDER BY rating_count DESC LIMIT 500')
      .pluck()
      .all() as number[];
    const phases: Record<string, number> = {};
    let phase = '';
    let phaseStart = performance.now();
    const started = performance.now();
    const job =
      from === 'worker'
        ? importInWorker(
            file,
            { kind: 'release', source },
            {
              onProgress: (p) => {
                if (p.phase === phase) return;
                if (phase) phases[phase] = round((performance.now() - phaseStart) / 1000);
                phase = p.phase;
                phaseStart = performance.now();
              },
            },
          )
        : importInProcess(file, source);
    const probe = await probeWhile(db, job, {
      profileId: profile.id,
      movieIds,
      queries: ['matrix', 'godfather 1972', 'toy', 'star wars', 'amelie', 'love'],
    });
    const summary = await job;
    const importSeconds = (performance.now() - started) / 1000;
    const stored = new Map(listProfileRatings(db, profile.id).map((r) => [r.movie.id, r.rating]));
    let ratingsLost = 0;
    for (const [id, stars] of probe.written) if (stored.get(id) !== stars) ratingsLost++;
    return {
      release: summary.format,
      ratings: summary.ratings,
      importSeconds: round(importSeconds),
      ratingSets: probe.ratingMs.length,
      ratingSetP95Ms: round(percentile(probe.ratingMs, 95)),
      ratingSetMaxMs: round(Math.max(...probe.ratingMs)),
      searches: probe.searchMs.length,
      searchP95Ms: round(percentile(probe.searchMs, 95)),
      searchMaxMs: round(Math.max(...probe.searchMs)),
      errors: [...new Set(probe.errors)],
      ratingsLost,
      phases,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `movie-assistant import` in a process of its own; resolves with what it imported. */
function importInProcess(
  file: string,
  source: string,
): Promise<{ format: string; ratings: number }> {
  const cli = path.join(repoRoot, 'main', 'bin', 'movie-assistant.mjs');
  const child = spawn(process.execPath, [cli, 'import', source, '--db', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`movie-assistant import exited with ${code}`));
      const db = openCatalogue(file, { readonly: true });
      try {
        const release = db
          .prepare('SELECT format, ratings FROM releases ORDER BY id DESC LIMIT 1')
          .get() as { format: string; ratings: number };
        resolve(release);
      } finally {
        db.close();
      }
    }),
  );
}

const round = (x: number) => Math.round(x * 100) / 100;
