import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleIsCurrent, cliBundle } from '../../main/bin/cli-bundle.mjs';
import { buildMain } from '../../main/build/build-main.mjs';
import { openCatalogue } from '../../main/catalogue/db';
import { importRelease } from '../../main/importers/import-release';
import { repoRoot, sharedDir } from '../helpers/repo-paths';
import { cliLauncher } from '../helpers/run-cli';
import { writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

/**
 * CLI start-up benchmark: wall time of `movie-assistant search` and `movie-assistant recommend`,
 * each a fresh process, against `node -e 0` in the same run. Measures the command as installed
 * (main/bin/movie-assistant.mjs, which runs the bundle dist/main/cli.js when it is current), the
 * bundle itself, and the sources through tsx (MOVIE_ASSISTANT_FROM_SOURCE=1). Builds dist/main
 * first when it is missing or older than the sources. Catalogue: ml-latest-small; models: a copy
 * of the repository's models/ (its default model, else the first one there). Writes
 * test/bench/results/cli.json.
 * Targets: search < 300 ms, recommend < 1 s (the installed command, median).
 *
 *   npm run bench -- cli [--runs 5]
 */
const targetsMs = { search: 300, recommend: 1000 };

type Timing = { medianMs: number; minMs: number; runsMs: number[] };

export default async function run(args: string[]): Promise<number> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const commit = currentCommit(); // before this run writes its results file
  if (!bundleIsCurrent()) {
    console.log('dist/main is missing or older than the sources: building it');
    await buildMain({ quiet: true });
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'movie-assistant-cli-bench-'));
  try {
    const db = path.join(dir, 'catalogue.db');
    const catalogue = openCatalogue(db);
    await importRelease(catalogue, path.join(sharedDir, 'datasets', 'ml-latest-small'));
    catalogue.close();
    const common = ['--db', db, '--models', copyModels(path.join(dir, 'models'))];
    cli(cliLauncher, ['profile', 'create', 'Bench', ...common]);
    for (const [movie, rating] of [
      [1, '5'],
      [260, '4.5'],
      [2571, '5'],
      [318, '4'],
    ] as const)
      cli(cliLauncher, ['rate', '--profile', 'Bench', String(movie), rating, ...common]);

    const commands = {
      search: ['search', 'alien', '-n', '10', ...common],
      recommend: ['recommend', '--profile', 'Bench', '--list', 'for-you', '-n', '10', ...common],
    };
    const baseline = time(runs, () => spawnNode(['-e', '0']));
    const measured = Object.entries(commands).map(([name, argv]) => {
      const installed = time(runs, () => cli(cliLauncher, argv));
      const bundle = time(runs, () => cli(cliBundle, argv));
      const source = time(runs, () => cli(cliLauncher, argv, { MOVIE_ASSISTANT_FROM_SOURCE: '1' }));
      const targetMs = targetsMs[name as keyof typeof targetsMs];
      return {
        command: name,
        installed,
        bundle,
        source,
        targetMs,
        met: installed.medianMs < targetMs,
      };
    });
    const stillCurrent = bundleIsCurrent();
    const model = modelOf(cli(cliLauncher, [...commands.recommend, '--json']));

    console.log(`model ${model}; cold processes, median (min) of ${runs} runs`);
    console.log(`node -e 0 ${show(baseline)}`);
    for (const m of measured) {
      console.log(
        `${m.command.padEnd(9)} installed ${show(m.installed)}, bundle ${show(m.bundle)}, ` +
          `sources through tsx ${show(m.source)}; over node -e 0: ` +
          `${Math.round(m.installed.medianMs - baseline.medianMs)} ms; ` +
          `target < ${m.targetMs} ms: ${m.met ? 'met' : 'NOT met'}`,
      );
    }
    if (!stillCurrent)
      console.log('note: a source changed during the run, so the installed figures may be tsx');
    const result = {
      benchmark: 'cli',
      commit,
      date: new Date().toISOString(),
      machine: {
        description: machineDescription(null),
        cpus: os.cpus().length,
        node: process.version,
        loadAverage: os.loadavg(),
      },
      runs,
      model,
      nodeBaseline: baseline,
      commands: measured,
      bundleCurrentThroughout: stillCurrent,
    };
    console.log(`results: ${writeResult('cli', result)}`);
    return measured.every((m) => m.met) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A snapshot of the repository's models/, so that models retrained during the run change
 * nothing; without its default model, the engine loads the first model there.
 */
function copyModels(to: string): string {
  cpSync(path.join(repoRoot, 'models'), to, { recursive: true });
  const choice = path.join(to, 'default.json');
  if (existsSync(choice)) {
    const { model } = JSON.parse(readFileSync(choice, 'utf8')) as { model: string };
    if (!existsSync(path.join(to, model, 'manifest.json'))) rmSync(choice);
  }
  return to;
}

function modelOf(recommendJson: string): string {
  const answer = JSON.parse(recommendJson) as { freshness?: { modelName?: string } };
  return answer.freshness?.modelName ?? 'unknown';
}

/** Runs a script of the command with `argv`; returns its stdout, throws with its stderr on failure. */
function cli(script: string, argv: string[], env: Record<string, string> = {}): string {
  return spawnNode([script, ...argv], env);
}

function spawnNode(argv: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(process.execPath, argv, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`node ${argv.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Wall time of `runs` calls after one unmeasured call (which warms the page cache). */
function time(runs: number, call: () => void): Timing {
  call();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    call();
    runsMs.push(Math.round(performance.now() - started));
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], runsMs };
}

const show = (t: Timing) => `${t.medianMs} ms (${t.minMs})`;
