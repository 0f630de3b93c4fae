/**
 * Training speed (issue 3): seconds per epoch of biased MF (k=32, batch 4096, Adam lr 0.01, MSE)
 * on ml-latest-small on the engine's CPU paths — the fused typed-array kernel, and the tfjs
 * gathered-rows + tf.valueAndGrads + sparse Adam path on wasm and cpu — next to PyTorch CPU
 * (../shared/anchors/torch_mf_epoch.py, run here when python3-torch is importable), plus the
 * pretraining wall time of the default model. Writes test/bench/results/train.json.
 *
 *   npm run bench -- train [--epochs 5] [--rounds 3] [--tf-epochs 3] [--no-torch] [--no-pretrain]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../../main/engine/tf';
import { initBackend } from '../../main/engine/backend';
import { FusedBiasedMf } from '../../main/engine/fused-mf';
import { resolveDefaultModel } from '../../main/engine/model-store';
import { fallbackModelName } from '../../main/engine/models';
import { pretrain } from '../../main/engine/pretrain';
import { Rng } from '../../main/engine/rng';
import { tfMfBatch } from '../../main/engine/tf-mf-step';
import { loadMlLatestSmall } from '../helpers/movielens-csv';
import { repoRoot, sharedDir, writeResult } from './bench-helpers';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export default async function run(args: string[]): Promise<number> {
  const epochs = arg(args, 'epochs', 5);
  const tfEpochs = arg(args, 'tf-epochs', 3);
  const rounds = arg(args, 'rounds', 3);
  const data = loadMlLatestSmall(path.join(sharedDir, 'datasets', 'ml-latest-small'));
  const { user, item, rating } = data.ratings;
  let mean = 0;
  for (const r of rating) mean += r;
  mean /= rating.length;
  const makeMf = () =>
    new FusedBiasedMf({
      nUsers: data.nUsers,
      nItems: data.nItems,
      dim: 32,
      globalMean: mean,
      l2: 0,
      adam: { learningRate: 0.01 },
      initStd: 0.1,
      seed: 0,
    });
  const rows: { path: string; epochs: number; sPerEpochMedian: number; trainMseLast: number }[] =
    [];

  // 1 + 3. the fused kernel and PyTorch, interleaved in rounds so that both see the same load
  // (this machine is shared); the ratio is the median of the per-round ratios.
  const script = path.join(sharedDir, 'anchors', 'torch_mf_epoch.py');
  const ratingsCsv = path.join(sharedDir, 'datasets', 'ml-latest-small', 'ratings.csv');
  let torchNote = 'skipped (--no-torch)';
  let torchAvailable = false;
  if (!args.includes('--no-torch')) {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
    torchAvailable = probe.status === 0;
    torchNote = torchAvailable
      ? 'torch, 1 thread'
      : 'python3-torch is not installed (apt-get install -y python3-torch)';
  }
  const fusedTimes: number[] = [];
  const torchRounds: { s_per_epoch_median: number; threads: number; train_mse_last: number }[] = [];
  const ratios: number[] = [];
  let fusedLoss = 0;
  {
    const mf = makeMf();
    const rng = new Rng(0);
    mf.trainEpoch(user, item, rating, 4096, rng); // warm-up (JIT), not timed
    for (let round = 0; round < rounds; round++) {
      const times: number[] = [];
      for (let e = 0; e < epochs; e++) {
        const t = performance.now();
        fusedLoss = mf.trainEpoch(user, item, rating, 4096, rng);
        times.push((performance.now() - t) / 1000);
      }
      fusedTimes.push(...times);
      if (!torchAvailable) continue;
      const out = spawnSync('/usr/bin/python3', [script, ratingsCsv, String(epochs + 1)], {
        encoding: 'utf8',
      });
      if (out.status !== 0) {
        torchNote = `torch run failed: ${out.stderr.slice(-300)}`;
        torchAvailable = false;
        continue;
      }
      const torchRun = JSON.parse(out.stdout.trim().split('\n').pop()!);
      torchRounds.push(torchRun);
      ratios.push(median(times) / torchRun.s_per_epoch_median);
    }
  }
  rows.push({
    path: 'fused typed-array kernel (engine default)',
    epochs: fusedTimes.length,
    sPerEpochMedian: median(fusedTimes),
    trainMseLast: fusedLoss,
  });
  const torch = torchRounds.length
    ? {
        threads: torchRounds[0].threads,
        rounds: torchRounds.length,
        s_per_epoch_median: median(torchRounds.map((t) => t.s_per_epoch_median)),
        train_mse_last: torchRounds[torchRounds.length - 1].train_mse_last,
      }
    : null;
  const ratio = ratios.length ? median(ratios) : null;

  // 2. tfjs: gathered rows -> tf.valueAndGrads -> sparse Adam, per backend
  const choice = await initBackend();
  for (const backend of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(backend))) continue;
    const mf = makeMf();
    const rng = new Rng(0);
    const times: number[] = [];
    let loss = 0;
    for (let e = 0; e < tfEpochs; e++) {
      const t = performance.now();
      const perm = rng.permutation(rating.length);
      let sse = 0;
      for (let s = 0; s < perm.length; s += 4096)
        sse += tfMfBatch(mf, user, item, rating, perm, s, Math.min(s + 4096, perm.length), 0);
      loss = sse / rating.length;
      times.push((performance.now() - t) / 1000);
    }
    rows.push({
      path: `tfjs ${backend}: gathered rows + tf.valueAndGrads + sparse Adam`,
      epochs: tfEpochs,
      sPerEpochMedian: median(times.slice(1)),
      trainMseLast: loss,
    });
  }
  await tf.setBackend(choice.backend === 'tensorflow-gpu' ? 'tensorflow' : choice.backend);

  // 4. pretraining wall time of the default model on ml-latest-small
  let pretrainResult: { model: string; seconds: number; epochs: number } | null = null;
  if (!args.includes('--no-pretrain')) {
    const resolved = await resolveDefaultModel(path.join(repoRoot, 'models'));
    const name = resolved?.name ?? fallbackModelName;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'train-bench-'));
    try {
      const t = performance.now();
      const r = await pretrain({ dataset: data, model: name, modelsDir: dir });
      pretrainResult = {
        model: name,
        seconds: (performance.now() - t) / 1000,
        epochs: r.manifest.epochs.length,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  console.log(
    '\nBiased MF, k=32, batch 4096, Adam lr 0.01, MSE, ml-latest-small (100,836 ratings)',
  );
  console.log('| path | epochs | s/epoch (median) | train MSE (last) |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${r.path} | ${r.epochs} | ${r.sPerEpochMedian.toFixed(4)} | ${r.trainMseLast.toFixed(4)} |`,
    );
  if (torch)
    console.log(
      `| PyTorch CPU (anchors/torch_mf_epoch.py, 1 thread) | ${epochs * torch.rounds} | ${torch.s_per_epoch_median.toFixed(4)} | ${torch.train_mse_last.toFixed(4)} |`,
    );
  console.log(
    `\nratio fused / PyTorch (median of ${ratios.length} interleaved rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}): ${ratio === null ? `n/a (${torchNote})` : ratio.toFixed(2)} (target <= 1.0); load average ${os.loadavg()[0].toFixed(1)}`,
  );
  if (pretrainResult)
    console.log(
      `pretraining wall time of the default model (${pretrainResult.model}, ${pretrainResult.epochs} epochs): ${pretrainResult.seconds.toFixed(2)} s`,
    );
  const file = writeResult('train', {
    dataset: 'ml-latest-small',
    setup: { k: 32, batch: 4096, optimizer: 'adam', learningRate: 0.01, loss: 'mse' },
    backend: choice.backend,
    rows,
    torch,
    torchNote,
    ratiosPerRound: ratios,
    ratioFusedToTorch: ratio,
    pretrain: pretrainResult,
    loadAverage: os.loadavg(),
    measuredAt: new Date().toISOString(),
  });
  console.log(`wrote ${file}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
