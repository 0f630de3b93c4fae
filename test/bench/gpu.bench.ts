import os from 'node:os';
import { getModelDefinition } from '../../main/engine/models';
import { initBackend } from '../../main/engine/runtime/backend';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { writeResult } from './bench-helpers';
import {
  currentCommit,
  machineDescription,
  modelVersionOf,
  type RowProvenance,
} from './result-provenance';

/**
 * `npm run bench -- gpu [--epochs N] [--backend NAME]`: starts the engine's backend the way the
 * app does (tfjs-node-gpu, tfjs-node, WebGPU, wasm, cpu: the first that starts), says which ran
 * and why the others did not, and times NCF training epochs on ml-latest-small (its MLP runs on
 * the backend; biased MF's fused kernel would not touch it). The last epoch is reported: the
 * first includes the backend's warm-up. Writes results/gpu.json.
 */
const datasetName = 'ml-latest-small';
const modelName = 'ncf';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export default async function run(args: string[]): Promise<number> {
  const epochs = arg(args, 'epochs', 2);
  const choice = await initBackend();
  for (const t of choice.tried)
    console.log(`${t.name}\t${t.ok ? 'started' : `not available: ${t.error}`}`);
  const onGpu = choice.backend === 'tensorflow-gpu' || choice.backend === 'webgpu';
  console.log(`backend in use: ${choice.backend}${onGpu ? ' (GPU)' : ' (no GPU)'}`);

  const dataset = loadDatasetByName(datasetName);
  const definition = await getModelDefinition(modelName);
  const settings = definition.resolveSettings({ epochs });
  const wall: number[] = [];
  const cpu: number[] = [];
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  await definition.train(dataset, settings, {
    seed: 1,
    onProgress: (p) => {
      const nowCpu = process.cpuUsage(lastCpu);
      wall.push((performance.now() - lastWall) / 1000);
      cpu.push((nowCpu.user + nowCpu.system) / 1e6);
      console.log(
        `epoch ${p.epoch}/${p.totalEpochs}\t${wall.at(-1)!.toFixed(2)} s wall\t${cpu.at(-1)!.toFixed(2)} s CPU\tloss ${p.loss.toFixed(4)}`,
      );
      lastWall = performance.now();
      lastCpu = process.cpuUsage();
    },
  });

  const provenance: RowProvenance = {
    commit: currentCommit(),
    modelVersion: modelVersionOf(settings),
    date: new Date().toISOString(),
    machine: machineDescription(choice.backend),
  };
  const file = writeResult('gpu', {
    dataset: datasetName,
    model: modelName,
    backend: choice.backend,
    onGpu,
    backendsTried: choice.tried,
    epochs: wall.length,
    wallSecondsPerEpoch: wall.at(-1),
    cpuSecondsPerEpoch: cpu.at(-1),
    wallSecondsByEpoch: wall,
    cpuSecondsByEpoch: cpu,
    loadAverage: os.loadavg()[0],
    ...provenance,
  });
  console.log(
    `${modelName} epoch on ${datasetName}, ${choice.backend}: ${wall.at(-1)!.toFixed(2)} s wall, ${cpu.at(-1)!.toFixed(2)} s CPU → ${file}`,
  );
  return 0;
}
