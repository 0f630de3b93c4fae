import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogue } from '../../main/catalogue/db';
import { activeRelease } from '../../main/catalogue/releases';
import { loadEngineDataset, loadReleaseRatings } from '../../main/catalogue/training-data';
import { datasetRatings, ratingsBuffers } from '../../main/core/ratings-csr';
import { importRelease } from '../../main/importers/import-release';
import {
  mainThreadCpuSeconds,
  maxRssMb,
  RssSampler,
  ThreadCpuSampler,
  numberArg,
  writeResult,
} from './bench-helpers';
import { sharedDir } from '../helpers/repo-paths';
import { generateRelease } from './generate-release';
import { currentCommit } from './result-provenance';
import { measureResponsiveness, type ResponsivenessRow } from './import-responsiveness';

/**
 * Import benchmark: ml-latest-small, then a generated release in the ml-25m layout (25M ratings,
 * 62,000 movies by default; `--ratings N` / `--movies N` to change, written to
 * import-<N millions>m.json; `--with-dataset` also times loadEngineDataset and loadReleaseRatings, and the
 * lists' index of those ratings (seconds, MB held); `--single-thread`
 * parses the ratings on the writing thread as small files are), each into a fresh temporary
 * catalogue. Prints ratings/s, CPU time per thread and peak
 * RSS; then imports the big release again over ml-latest-small, in a worker thread as the app
 * does and then by the CLI in another process, while this thread sets ratings and searches (p95
 * of each, as the app would see them), and writes test/bench/results/import.json.
 * Targets: >= 1,000,000 ratings/s and peak RSS < 500 MB for the 25M import; ratings.set and
 * search p95 < 50 ms during it, and no rating lost.
 */
export default async function run(args: string[]): Promise<void> {
  const ratings = numberArg(args, '--ratings', 25_000_000);
  const movies = numberArg(args, '--movies', 62_000);
  const moviesCsv = path.join(sharedDir, 'datasets', 'ml-latest-small', 'movies.csv');

  console.log(
    `generating a release with ${ratings.toLocaleString('en')} ratings and ${movies.toLocaleString('en')} movies (cached)...`,
  );
  const generated = generateRelease({ ratings, movies, titleSource: moviesCsv });
  console.log(
    `  ${generated.cached ? 'cached' : `written in ${generated.seconds.toFixed(1)} s`}: ${generated.dir} (${mb(generated.bytes)} MB of ratings)`,
  );

  const ratingsThread = args.includes('--single-thread') ? false : undefined;
  const rss = new RssSampler();
  const runs = [];
  for (const source of [path.join(sharedDir, 'datasets', 'ml-latest-small'), generated.dir]) {
    const dir = path.join(os.tmpdir(), `movie-assistant-bench-db-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const db = openCatalogue(path.join(dir, 'catalogue.db'));
    rss.reset();
    const phases: Record<string, number> = {};
    const phasesMainThreadCpu: Record<string, number> = {};
    let phase = '';
    let phaseStart = performance.now();
    let phaseCpuStart = mainThreadCpuSeconds();
    const endPhase = () => {
      phases[phase] = round((performance.now() - phaseStart) / 1000, 2);
      phasesMainThreadCpu[phase] = round(mainThreadCpuSeconds() - phaseCpuStart, 2);
    };
    const loadBefore = os.loadavg()[0];
    const threads = new ThreadCpuSampler();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const summary = await importRelease(db, source, {
      ratingsThread,
      onProgress: (p) => {
        if (p.phase === phase) return;
        if (phase) endPhase();
        phase = p.phase;
        phaseStart = performance.now();
        phaseCpuStart = mainThreadCpuSeconds();
      },
    });
    endPhase();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const perThread = threads.stop();
    const row = {
      release: summary.format,
      ratings: summary.ratings,
      movies: summary.movies,
      users: summary.users,
      seconds: round(seconds, 2),
      ratingsPerSecond: Math.round(summary.ratings / seconds),
      // On a shared machine wall time includes waiting for the CPU; these are the process's own
      // (all threads) and per thread: the main thread writes SQLite, the busiest other thread
      // is the ratings parser. With a core per thread, wall time is about the main thread's.
      cpuSeconds: round(cpuSeconds, 2),
      ratingsPerCpuSecond: Math.round(summary.ratings / cpuSeconds),
      mainThreadCpuSeconds: round(perThread.mainSeconds, 2),
      ratingsPerMainThreadCpuSecond: Math.round(summary.ratings / perThread.mainSeconds),
      otherThreadsCpuSeconds: perThread.otherSeconds.slice(0, 4).map((s) => round(s, 2)),
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
      phases,
      phasesMainThreadCpu,
      peakRssMb: rss.peakMb(),
      maxRssMb: maxRssMb(),
    };
    let engineDataset:
      | {
          seconds: number;
          rssMb: number;
          listRatingsSeconds: number;
          listIndexSeconds: number;
          listIndexMb: number;
        }
      | undefined;
    if (args.includes('--with-dataset')) {
      // How long the engine waits for its training arrays, and what they cost in memory; then
      // the lists' read of every rating (no times, no movie features), in a worker in the app.
      let loadStarted = performance.now();
      const data = loadEngineDataset(db);
      const seconds = round((performance.now() - loadStarted) / 1000, 2);
      const rssMb = Math.round(process.memoryUsage().rss / 1048576);
      loadStarted = performance.now();
      const listRatings = loadReleaseRatings(db, activeRelease(db)!.id);
      const listRatingsSeconds = round((performance.now() - loadStarted) / 1000, 2);
      // what the app then holds for as long as it runs: the ratings by user and by movie
      loadStarted = performance.now();
      const index = datasetRatings(listRatings, listRatings);
      const listIndexSeconds = round((performance.now() - loadStarted) / 1000, 2);
      const listIndexMb = Math.round(
        ratingsBuffers(index).reduce((sum, b) => sum + b.byteLength, 0) / 1048576,
      );
      engineDataset = { seconds, rssMb, listRatingsSeconds, listIndexSeconds, listIndexMb };
      console.log(
        `  loadEngineDataset: ${data.ratings.rating.length.toLocaleString('en')} ratings in ${seconds} s, RSS ${rssMb} MB; loadReleaseRatings (the lists') ${listRatingsSeconds} s; their index by user and by movie ${listIndexSeconds} s, ${listIndexMb} MB held`,
      );
    }
    runs.push({ ...row, engineDataset });
    console.log(
      `${row.release}: ${row.ratings.toLocaleString('en')} ratings in ${row.seconds} s = ${row.ratingsPerSecond.toLocaleString('en')} ratings/s (${row.ratingsPerCpuSecond.toLocaleString('en')} per CPU second); peak RSS ${row.peakRssMb} MB (process max ${row.maxRssMb} MB)`,
    );
    console.log(
      `  CPU: ${row.cpuSeconds} s in all; main (SQLite) thread ${row.mainThreadCpuSeconds} s, busiest others ${row.otherThreadsCpuSeconds.join(', ')} s; load average ${row.loadAverage.before} -> ${row.loadAverage.after}`,
    );
    console.log(
      `  phases (wall s / main-thread CPU s): ${Object.entries(row.phases)
        .map(([k, v]) => `${k} ${v}/${row.phasesMainThreadCpu[k]}`)
        .join(', ')}`,
    );
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  rss.stop();
  const big = runs[runs.length - 1];
  // App responsiveness while the same big release imports in a worker, as in the app.
  const smallRelease = path.join(sharedDir, 'datasets', 'ml-latest-small');
  const responsiveness = await measureResponsiveness(smallRelease, generated.dir);
  printResponsiveness(responsiveness, 'in a worker');
  // and with the import in another process (the CLI beside the app), whose waits it cannot see
  const fromOtherProcess = await measureResponsiveness(smallRelease, generated.dir, 'process');
  printResponsiveness(fromOtherProcess, 'in another process');
  const result = {
    benchmark: 'import',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage: os.loadavg(),
    },
    runs,
    responsiveness,
    fromOtherProcess,
    targets: { ratingsPerSecond: 1_000_000, peakRssMb: 500, appP95Ms: 50 },
    met: {
      ratingsPerSecond: big.ratingsPerSecond >= 1_000_000,
      peakRss: big.maxRssMb < 500,
      appResponsive: [responsiveness, fromOtherProcess].every(
        (r) =>
          r.ratingSetP95Ms < 50 &&
          r.searchP95Ms < 50 &&
          r.ratingsLost === 0 &&
          r.errors.length === 0,
      ),
    },
  };
  // another size (ml-32m's: --ratings 32000000 --movies 87585) keeps its own results file
  const name =
    ratings === 25_000_000 && movies === 62_000 ? 'import' : `import-${Math.round(ratings / 1e6)}m`;
  console.log(`results: ${writeResult(name, result)}`);
}

function printResponsiveness(r: ResponsivenessRow, where: string): void {
  console.log(
    `while importing ${r.ratings.toLocaleString('en')} ratings (${r.importSeconds} s ${where}): ratings.set p95 ${r.ratingSetP95Ms} ms (max ${r.ratingSetMaxMs}, ${r.ratingSets} sets), search p95 ${r.searchP95Ms} ms (max ${r.searchMaxMs}, ${r.searches} searches); errors ${r.errors.length}, ratings lost ${r.ratingsLost}`,
  );
  const phases = Object.entries(r.phases);
  if (phases.length)
    console.log(`  phases (wall s): ${phases.map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

const mb = (bytes: number) => Math.round(bytes / 1048576);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
