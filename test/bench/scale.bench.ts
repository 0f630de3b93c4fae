import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliBundle } from '../../main/bin/cli-bundle.mjs';
import { buildMain } from '../../main/build/build-main.mjs';
import { openCatalogue } from '../../main/catalogue/db';
import { getMovieSummaries } from '../../main/catalogue/movies';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import { forYou } from '../../main/engine/lists/for-you';
import { buildListData } from '../../main/engine/lists/list-data';
import { peopleLikeYou } from '../../main/engine/lists/people-like-you';
import { makePerson, type MovieLookup, type Person } from '../../main/engine/lists/person';
import { similarMovies } from '../../main/engine/lists/similar-movies';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import { userHistories } from '../../main/engine/models/user-histories';
import { currentBackend } from '../../main/engine/runtime/backend';
import { loadModel } from '../../main/engine/runtime/model-store';
import { Rng } from '../../main/engine/numeric/rng';
import type { EvaluationRow } from '../../shared/domain';
import { importRelease } from '../../main/importers/import-release';
import { repoRoot, sharedDir } from '../helpers/repo-paths';
import { numberArg, writeResult } from './bench-helpers';
import { generateRelease } from './generate-release';
import { currentCommit, machineDescription, modelVersionOf } from './result-provenance';

/**
 * The default model on a release of MovieLens's largest size, end to end: a generated release in
 * the ml-25m layout (25,000,000 ratings, 62,000 movies, 162,000 users by default; `--ratings N`
 * keeps 154 ratings a user) is imported into a fresh data folder the way the app imports, the
 * default model (recency-hybrid) is pretrained on it in a process of its own (peak RSS of that
 * process; `--interrupt-after S` stops it after S seconds once and resumes it from its
 * checkpoint), then: for-you, similar movies and people like you p95 over a few profiles with
 * the trained model, a 500-rating fine-tune, a fresh `movie-assistant recommend` process from
 * start to its first for-you, and protocol C on the release (the `eval --protocol C` path, every
 * n-th new person, `--eval-people`) for the default model and the popularity baseline. Writes
 * test/bench/results/scale.json.
 * Targets: pretrain ≤ 30 min, peak RSS ≤ 4 GB, lists p95 ≤ 30 ms, fine-tune at 500 ratings
 * < 1 s, start to first list < 2 s, and the default beating popularity on protocol C.
 *
 *   npm run bench -- scale [--ratings 25000000] [--movies 62000] [--runs 30] [--eval-people 1000]
 *                          [--interrupt-after S] [--skip-eval] [--dir DIR]
 *
 * `--dir DIR` keeps the data folder there, and a rerun with it reuses the import, the
 * pretraining and protocol C of the earlier run (their figures too) and measures the rest again.
 */
const model = 'recency-hybrid';
const launcher = path.join(repoRoot, 'main', 'bin', 'movie-assistant.mjs');
const targets = {
  pretrainSeconds: 1800,
  peakRssMB: 4096,
  listsP95Ms: 30,
  finetune500Ms: 1000,
  startToFirstListSeconds: 2,
};

export default async function run(args: string[]): Promise<number> {
  const ratings = numberArg(args, '--ratings', 25_000_000);
  const movies = numberArg(args, '--movies', 62_000);
  const runs = numberArg(args, '--runs', 30);
  const evalPeople = numberArg(args, '--eval-people', 1000);
  const interruptAfter = numberArg(args, '--interrupt-after', 0);

  const generated = generateRelease({
    ratings,
    movies,
    titleSource: path.join(sharedDir, 'datasets', 'ml-latest-small', 'movies.csv'),
  });
  console.log(
    `release: ${generated.ratings.toLocaleString('en')} ratings, ${generated.movies.toLocaleString('en')} movies, ${generated.users.toLocaleString('en')} users (${generated.cached ? 'cached' : `written in ${generated.seconds.toFixed(0)} s`}): ${generated.dir}`,
  );
  const keep = stringArg(args, '--dir');
  const dir = keep ?? path.join(os.tmpdir(), `movie-assistant-scale-${process.pid}`);
  if (!keep) rmSync(dir, { recursive: true, force: true });
  const dbFile = path.join(dir, 'catalogue.db');
  const modelsDir = path.join(dir, 'models');
  mkdirSync(modelsDir, { recursive: true });
  try {
    const { importSeconds } = await once(dir, 'imported', async () => {
      rmSync(dbFile, { force: true });
      const db = openCatalogue(dbFile);
      const started = performance.now();
      await importRelease(db, generated.dir);
      db.close();
      return { importSeconds: seconds(started) };
    });
    console.log(`imported in ${importSeconds.toFixed(1)} s`);

    let interrupted: { afterSeconds: number; exitCode: number | null } | null = null;
    if (interruptAfter > 0 && !existsSync(path.join(dir, 'pretrained.json'))) {
      const stopped = await node(
        [
          'test/bench/scale-pretrain.ts',
          dbFile,
          modelsDir,
          '--stop-after-seconds',
          String(interruptAfter),
        ],
        true,
      );
      interrupted = { afterSeconds: interruptAfter, exitCode: stopped.code };
      console.log(`pretraining stopped after ${interruptAfter} s; resuming from its checkpoint`);
    }
    const trained = (await once(dir, 'pretrained', async () =>
      JSON.parse(
        lastLine((await node(['test/bench/scale-pretrain.ts', dbFile, modelsDir])).stdout),
      ),
    )) as {
      loadSeconds: number;
      pretrainSeconds: number;
      peakRssMb: number;
      version: string;
      settings: Record<string, number | string | boolean>;
    };
    console.log(
      `pretrained ${model} in ${trained.pretrainSeconds.toFixed(0)} s, peak RSS ${trained.peakRssMb} MB`,
    );

    const lists = await measureLists(dbFile, modelsDir, runs);
    const start = await startToFirstList(dbFile, modelsDir, lists.profileMovies);
    const protocolC = args.includes('--skip-eval')
      ? null
      : await once(dir, 'protocol-c', () =>
          protocolCOf(generated.dir, Math.max(1, Math.round(generated.users / 10 / evalPeople))),
        );

    const figures = {
      pretrainSeconds: round(trained.pretrainSeconds, 1),
      peakRssMB: trained.peakRssMb,
      listsP95Ms: round(Math.max(...lists.rows.map((r) => r.p95Ms)), 2),
      finetune500Ms: round(lists.finetune500Ms, 1),
      startToFirstListSeconds: round(start.medianSeconds, 2),
    };
    const result = {
      benchmark: 'scale',
      ratings: generated.ratings,
      movies: generated.movies,
      users: generated.users,
      model,
      release: path.basename(generated.dir),
      importSeconds: round(importSeconds, 1),
      datasetReadSeconds: round(trained.loadSeconds, 1),
      ...figures,
      interrupted,
      reused,
      lists: lists.rows,
      listDataSeconds: lists.listDataSeconds,
      ratingsIndexSeconds: lists.ratingsIndexSeconds,
      startToFirstList: start,
      protocolC,
      targets,
      met: {
        pretrainSeconds: figures.pretrainSeconds <= targets.pretrainSeconds,
        peakRssMB: figures.peakRssMB <= targets.peakRssMB,
        listsP95Ms: figures.listsP95Ms <= targets.listsP95Ms,
        finetune500Ms: figures.finetune500Ms < targets.finetune500Ms,
        startToFirstListSeconds: figures.startToFirstListSeconds < targets.startToFirstListSeconds,
        beatsPopularity: protocolC ? protocolC.default.ndcg20 > protocolC.popularity.ndcg20 : null,
      },
      commit: currentCommit(),
      modelVersion: modelVersionOf(trained.settings),
      date: new Date().toISOString(),
      machine: machineDescription(currentBackend()?.backend ?? null),
      loadAverage: os.loadavg(),
    };
    console.log(JSON.stringify(result.met));
    console.log(`results: ${writeResult('scale', result)}`);
    return 0;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** The steps this run took from an earlier run's data folder (`--dir`), and when they ran. */
const reused: { step: string; measuredAt: string }[] = [];

/**
 * A step's result, from `<dir>/<name>.json` when a run with `--dir` saved it, else run and saved
 * there (a rerun measures the later steps again without importing and pretraining again).
 */
async function once<T>(dir: string, name: string, step: () => Promise<T>): Promise<T> {
  const file = path.join(dir, `${name}.json`);
  if (existsSync(file)) {
    reused.push({ step: name, measuredAt: statSync(file).mtime.toISOString() });
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  }
  const result = await step();
  writeFileSync(file, JSON.stringify(result));
  return result;
}

interface ListRow {
  list: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** CPU time of the list (process.cpuUsage): far less disturbed by other work on the machine. */
  cpuP50Ms: number;
  cpuP95Ms: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** The lists with the trained model over the imported catalogue, as the service computes them. */
async function measureLists(dbFile: string, modelsDir: string, runs: number) {
  const db = openCatalogue(dbFile);
  try {
    const dataset = loadEngineDataset(db);
    const loaded = await loadModel(modelsDir, model);
    let started = performance.now();
    const data = buildListData(loaded.model, dataset);
    const listDataSeconds = round(seconds(started), 2);
    started = performance.now();
    void data.byUser; // the ratings by user and by item, built on first use
    const ratingsIndexSeconds = round(seconds(started), 2);
    const lookup: MovieLookup = (ids) => new Map(getMovieSummaries(db, ids).map((m) => [m.id, m]));
    // Profiles: the first 20, 100 and 500 ratings of three heavy dataset users.
    const h = userHistories(dataset);
    const heavy = h.histories
      .map((x, u) => ({ u, n: x.items.length }))
      .filter((x) => x.n >= 500)
      .slice(0, 3)
      .map((x) => x.u);
    const toModel = (x: PersonHistory, n: number): PersonHistory => {
      const items = Int32Array.from(x.items.subarray(0, n), (i) =>
        data.itemOf.get(dataset.movieIds[i])!,
      );
      return { items, ratings: x.ratings.slice(0, n), times: x.times.slice(0, n) };
    };
    const sizes = [20, 100, 500];
    const people: { size: number; person: Person; history: PersonHistory }[] = sizes.map((n, k) => {
      const history = toModel(h.histories[heavy[k % heavy.length]], n);
      return { size: n, history, person: makePerson(data, history, loaded.model.foldIn(history)) };
    });
    const rng = new Rng(7);
    const byPopularity = Array.from(data.itemPopularity.keys()).sort(
      (a, b) => data.itemPopularity[b] - data.itemPopularity[a],
    );
    const rated = byPopularity.filter((i) => data.itemPopularity[i] > 0);
    const seed = () =>
      loaded.model.movieIds[
        rng.next() < 0.5
          ? byPopularity[rng.int(Math.min(8000, rated.length))]
          : rated[rng.int(rated.length)]
      ];
    const cases: [string, (p: Person) => unknown][] = [
      ['for-you (top 20)', (p) => forYou(data, p, lookup, { limit: 20 })],
      ['similar-movies (top 20)', () => similarMovies(data, seed(), lookup, 20)],
      ['people-like-you (8 people)', (p) => peopleLikeYou(data, p, lookup, { limit: 8 })],
    ];
    const rows: ListRow[] = [];
    for (const [name, fn] of cases) {
      const times: number[] = [];
      const cpu: number[] = [];
      for (const { person } of people) {
        for (let w = 0; w < 3; w++) fn(person);
        for (let r = 0; r < runs; r++) {
          const c = process.cpuUsage();
          const t = performance.now();
          fn(person);
          times.push(performance.now() - t);
          const used = process.cpuUsage(c);
          cpu.push((used.user + used.system) / 1000);
        }
      }
      rows.push({
        list: name,
        runs: times.length,
        p50Ms: round(percentile(times, 0.5), 2),
        p95Ms: round(percentile(times, 0.95), 2),
        maxMs: round(percentile(times, 1), 2),
        cpuP50Ms: round(percentile(cpu, 0.5), 2),
        cpuP95Ms: round(percentile(cpu, 0.95), 2),
      });
      const row = rows[rows.length - 1];
      console.log(
        `  ${name}: p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms (CPU p50 ${row.cpuP50Ms}, p95 ${row.cpuP95Ms} ms)`,
      );
    }
    const big = people[people.length - 1];
    const tunes: number[] = [];
    for (let r = 0; r < 5; r++) {
      const start = loaded.model.foldIn(big.history);
      const t = performance.now();
      await loaded.model.fineTune!(big.history, start);
      tunes.push(performance.now() - t);
    }
    tunes.sort((a, b) => a - b);
    const profileMovies = Array.from(people[1].history.items.subarray(0, 20), (i, k) => ({
      movieId: loaded.model.movieIds[i],
      rating: people[1].history.ratings[k],
    }));
    return {
      rows,
      listDataSeconds,
      ratingsIndexSeconds,
      finetune500Ms: tunes[tunes.length >> 1],
      profileMovies,
    };
  } finally {
    db.close();
  }
}

/**
 * A fresh `movie-assistant recommend --list for-you` process on the catalogue and model, from
 * spawn to exit (the first run also fills the engine's cache of typical scores).
 */
async function startToFirstList(
  dbFile: string,
  modelsDir: string,
  profile: { movieId: number; rating: number }[],
) {
  const common = ['--db', dbFile, '--models', modelsDir];
  // The bundle as the installed command runs it (built now: the sources change often here).
  let script = cliBundle;
  try {
    await buildMain({ quiet: true });
  } catch (error) {
    console.log(`  (the CLI bundle did not build; the sources run through tsx: ${String(error)})`);
    script = launcher;
  }
  const name = `Bench ${process.pid}`;
  cli(script, ['profile', 'create', name, ...common]);
  for (const { movieId, rating } of profile)
    cli(script, ['rate', '--profile', name, String(movieId), String(rating), ...common]);
  const runsSeconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    const { cpu } = cli(script, [
      'recommend',
      '--profile',
      name,
      '--list',
      'for-you',
      '-n',
      '10',
      ...common,
    ]);
    runsSeconds.push(round(seconds(t), 2));
    cpuSeconds.push(round(cpu, 2));
  }
  console.log(
    `  start to first for-you: ${runsSeconds.join(', ')} s (CPU ${cpuSeconds.join(', ')} s; the first run fills a cache)`,
  );
  return {
    runsSeconds,
    cpuSeconds,
    medianSeconds: percentile(runsSeconds.slice(1), 0.5),
    cpuMedianSeconds: percentile(cpuSeconds.slice(1), 0.5),
    bundle: script === cliBundle,
  };
}

async function protocolCOf(release: string, stride: number) {
  const of = async (name: string) => {
    const out = JSON.parse(
      lastLine((await node(['test/bench/scale-eval.ts', release, name, String(stride)])).stdout),
    ) as { rows: EvaluationRow[]; wallSeconds: number; peakRssMb: number };
    const metric = (m: string) => out.rows.find((r) => r.metric === m)?.value ?? NaN;
    const summary = {
      ndcg20: metric('NDCG@20'),
      recall20: metric('Recall@20'),
      trainSeconds: round(out.rows[0]?.seconds ?? NaN, 1),
      seconds: round(out.wallSeconds, 1),
      peakRssMb: out.peakRssMb,
    };
    console.log(`  protocol C ${name}: ${JSON.stringify(summary)}`);
    return summary;
  };
  return { userStride: stride, default: await of(model), popularity: await of('popularity') };
}

/** Runs a TypeScript file of the repository in a fresh node; its output is passed through. */
function node(argv: string[], mayFail = false): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...argv], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 || mayFail
        ? resolve({ code, stdout })
        : reject(new Error(`${argv[0]} exited ${code}`)),
    );
  });
}

const timeCommand = '/usr/bin/time';

/** Runs the command's script; its CPU seconds (user + system) where /usr/bin/time can say. */
function cli(script: string, argv: string[]): { stdout: string; cpu: number } {
  const command = existsSync(timeCommand)
    ? [timeCommand, '-f', 'cpu %U %S', process.execPath]
    : [process.execPath];
  const result = spawnSync(command[0], [...command.slice(1), script, ...argv], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(
      `movie-assistant ${argv.join(' ')} exited ${result.status}: ${result.stderr.trim()}`,
    );
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { stdout: result.stdout, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1];
}

function stringArg(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
