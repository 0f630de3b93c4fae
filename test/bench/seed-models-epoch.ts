/**
 * Seconds per training epoch of the seeds' models on a dataset, wall clock and CPU time of this
 * process (CPU time stays meaningful when other jobs share the cores). Writes
 * test/bench/results/models-epoch-seconds.json.
 *
 *   nice -n 10 npx tsx test/bench/seed-models-epoch.ts [--dataset ml-latest-small] [--epochs 2]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../../main/engine/runtime/backend';
import { getModelDefinition } from '../../main/engine/models';
import { loadDatasetByName } from '../helpers/movielens-csv';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  await runEpochSeconds(arg('dataset', 'ml-latest-small'), Number(arg('epochs', '2')));
}

/** Measures and writes results/models-epoch-seconds.json; returns the file. */
export async function runEpochSeconds(datasetName: string, epochs: number): Promise<string> {
  const { backend } = await initBackend();
  const dataset = loadDatasetByName(datasetName);
  const results = [];
  for (const name of ['ncf', 'feature-cnn', 'itemcf-seq']) {
    const def = await getModelDefinition(name);
    const wall: number[] = [];
    const cpu: number[] = [];
    let lastWall = performance.now();
    let lastCpu = process.cpuUsage();
    const settings = {
      epochs,
      ...('validationShare' in def.defaults ? { validationShare: 0 } : {}),
    };
    await def.train(dataset, settings, {
      seed: 1,
      onProgress: () => {
        const nowCpu = process.cpuUsage();
        wall.push((performance.now() - lastWall) / 1000);
        cpu.push((nowCpu.user - lastCpu.user + nowCpu.system - lastCpu.system) / 1e6);
        lastWall = performance.now();
        lastCpu = process.cpuUsage();
      },
    });
    // The first epoch of item-CF + LSTM includes the item-CF similarity; report the last one.
    const row = {
      model: name,
      dataset: datasetName,
      backend,
      wallSecondsPerEpoch: wall.at(-1)!,
      cpuSecondsPerEpoch: cpu.at(-1)!,
      wall,
      cpu,
    };
    console.log(
      `${name}\t${datasetName}\t${backend}\twall ${row.wallSecondsPerEpoch.toFixed(2)} s/epoch\tcpu ${row.cpuSecondsPerEpoch.toFixed(2)} s/epoch`,
    );
    results.push(row);
  }
  const out = path.resolve(import.meta.dirname, 'results', 'models-epoch-seconds.json');
  writeFileSync(out, JSON.stringify({ results }, null, 1) + '\n');
  return out;
}

// As a script (npx tsx test/bench/seed-models-epoch.ts …); imported by the quality bench, it only exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
