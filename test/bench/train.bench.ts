/**
 * Training speed (issue 3): seconds per epoch of biased MF (k=32, batch 4096, Adam lr 0.01, MSE)
 * on ml-latest-small on the engine's CPU paths — the fused typed-array kernel, and the tfjs
 * gathered-rows + tf.valueAndGrads + sparse Adam path on wasm and cpu — next to PyTorch CPU
 * (../shared/anchors/torch_mf_epoch.py, run here when python3-torch is importable), plus the
 * pretraining wall time of the default model; and one epoch of the SASRec sequence model next to
 * the PyTorch anchor ../shared/anchors/torch_sasrec_epoch.py (train-sequence.ts). Wall and CPU
 * seconds per epoch are reported for
 * every path (CPU time is far less disturbed by other jobs on a shared machine; measure it under
 * `nice -n 10`, wall time without), with the load average of each round. Writes
 * test/bench/results/train.json.
 *
 *   npm run bench -- train [--epochs 5] [--rounds 5] [--tf-epochs 3] [--no-torch] [--no-pretrain]
 *     [--seq-epochs 3] [--seq-rounds 3] [--no-seq] [--shared DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '../../main/engine/runtime/tf';
import { initBackend } from '../../main/engine/runtime/backend';
import { FusedBiasedMf } from '../../main/engine/numeric/fused-mf';
import { resolveDefaultModel } from '../../main/engine/runtime/model-store';
import { fallbackModelName } from '../../main/engine/models';
import { pretrain } from '../../main/engine/runtime/pretrain';
import { Rng } from '../../main/engine/numeric/rng';
import { tfMfBatch } from '../../main/engine/nn/tf-mf-step';
import { loadMlLatestSmall } from '../helpers/movielens-csv';
import { repoRoot, sharedDir } from '../helpers/repo-paths';
import { benchDir, writeResult } from './bench-helpers';
import { compareSequenceEpochs, type SequenceComparison } from './train-sequence';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function stringArg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per-epoch wall and CPU seconds (process.cpuUsage: less disturbed by other jobs on the machine). */
interface EpochTimes {
  wall: number[];
  cpu: number[];
}

function timeEpochs(times: EpochTimes, epochs: number, epoch: () => number): number {
  let loss = 0;
  for (let e = 0; e < epochs; e++) {
    const c = process.cpuUsage();
    const t = performance.now();
    loss = epoch();
    times.wall.push((performance.now() - t) / 1000);
    const d = process.cpuUsage(c);
    times.cpu.push((d.user + d.system) / 1e6);
  }
  return loss;
}

interface Row {
  path: string;
  epochs: number;
  sPerEpochMedian: number;
  cpuSPerEpochMedian: number;
  trainMseLast: number;
}

const row = (path: string, t: EpochTimes, trainMseLast: number): Row => ({
  path,
  epochs: t.wall.length,
  sPerEpochMedian: median(t.wall),
  cpuSPerEpochMedian: median(t.cpu),
  trainMseLast,
});

export default async function run(args: string[]): Promise<number> {
  const epochs = arg(args, 'epochs', 5);
  const tfEpochs = arg(args, 'tf-epochs', 3);
  const rounds = arg(args, 'rounds', 5);
  const shared = path.resolve(stringArg(args, 'shared', sharedDir));
  const data = loadMlLatestSmall(path.join(shared, 'datasets', 'ml-latest-small'));
  const { user, item, rating } = data.ratings;
  let mean = 0;
  for (const r of rating) mean += r;
  mean /= rating.length;
  const makeMf = (kernel?: 'simd' | 'js') =>
    new FusedBiasedMf({
      nUsers: data.nUsers,
      nItems: data.nItems,
      dim: 32,
      globalMean: mean,
      l2: 0,
      adam: { learningRate: 0.01 },
      initStd: 0.1,
      seed: 0,
      kernel,
    });
  const rows: Row[] = [];

  // 1 + 3. the fused kernel (engine default, and its TypeScript reference loops) and PyTorch,
  // interleaved in rounds so that all see the same load (this machine is shared); each ratio is
  // the median of the per-round ratios of medians, by wall time and by CPU time.
  const script = path.join(shared, 'anchors', 'torch_mf_epoch.py');
  const torchTimer = path.join(benchDir, 'torch-epoch-times.py');
  const ratingsCsv = path.join(shared, 'datasets', 'ml-latest-small', 'ratings.csv');
  let torchNote = 'skipped (--no-torch)';
  let torchAvailable = false;
  if (!args.includes('--no-torch')) {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
    torchAvailable = probe.status === 0;
    torchNote = torchAvailable
      ? 'torch, 1 thread'
      : 'python3-torch is not installed (apt-get install -y python3-torch)';
  }
  const fast = makeMf();
  const reference = makeMf('js');
  const fastRng = new Rng(0);
  const referenceRng = new Rng(0);
  const fastTimes: EpochTimes = { wall: [], cpu: [] };
  const referenceTimes: EpochTimes = { wall: [], cpu: [] };
  const torchTimes: EpochTimes = { wall: [], cpu: [] };
  const perRound: {
    loadAverage: number;
    fused: { wall: number; cpu: number };
    torch: { wall: number; cpu: number } | null;
  }[] = [];
  let fastLoss = 0;
  let referenceLoss = 0;
  let torchLoss = 0;
  let torchThreads = 0;
  fast.trainEpoch(user, item, rating, 4096, fastRng); // warm-up (JIT), not timed
  reference.trainEpoch(user, item, rating, 4096, referenceRng);
  for (let round = 0; round < rounds; round++) {
    const loadAverage = os.loadavg()[0];
    const t: EpochTimes = { wall: [], cpu: [] };
    fastLoss = timeEpochs(t, epochs, () => fast.trainEpoch(user, item, rating, 4096, fastRng));
    fastTimes.wall.push(...t.wall);
    fastTimes.cpu.push(...t.cpu);
    referenceLoss = timeEpochs(referenceTimes, epochs, () =>
      reference.trainEpoch(user, item, rating, 4096, referenceRng),
    );
    let torchRound: { wall: number; cpu: number } | null = null;
    if (torchAvailable) {
      const out = spawnSync(
        '/usr/bin/python3',
        [torchTimer, script, ratingsCsv, String(epochs + 1)],
        { encoding: 'utf8' },
      );
      if (out.status !== 0) {
        torchNote = `torch run failed: ${out.stderr.slice(-300)}`;
        torchAvailable = false;
      } else {
        const lines = out.stdout.trim().split('\n');
        const anchor = JSON.parse(lines[lines.length - 2]);
        const timed = JSON.parse(lines[lines.length - 1]);
        // the first epoch is the anchor's warm-up, as in its own median
        const wall: number[] = timed.wall.slice(1);
        const cpu: number[] = timed.cpu.slice(1);
        torchTimes.wall.push(...wall);
        torchTimes.cpu.push(...cpu);
        torchLoss = anchor.train_mse_last;
        torchThreads = timed.threads;
        torchRound = { wall: median(wall), cpu: median(cpu) };
      }
    }
    perRound.push({
      loadAverage,
      fused: { wall: median(t.wall), cpu: median(t.cpu) },
      torch: torchRound,
    });
  }
  rows.push(
    row(
      `fused kernel, ${fast.kernel === 'simd' ? 'wasm SIMD' : 'TypeScript'} (engine default)`,
      fastTimes,
      fastLoss,
    ),
  );
  rows.push(row('fused kernel, TypeScript reference loops', referenceTimes, referenceLoss));
  const torchRounds = perRound.filter((r) => r.torch);
  const torch = torchRounds.length
    ? {
        threads: torchThreads,
        rounds: torchRounds.length,
        s_per_epoch_median: median(torchTimes.wall),
        cpu_s_per_epoch_median: median(torchTimes.cpu),
        train_mse_last: torchLoss,
      }
    : null;
  const ratiosWall = torchRounds.map((r) => r.fused.wall / r.torch!.wall);
  const ratiosCpu = torchRounds.map((r) => r.fused.cpu / r.torch!.cpu);
  const ratio = ratiosWall.length ? median(ratiosWall) : null;
  const ratioCpu = ratiosCpu.length ? median(ratiosCpu) : null;

  // 2. tfjs: gathered rows -> tf.valueAndGrads -> sparse Adam, per backend
  const choice = await initBackend();
  for (const backend of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(backend))) continue;
    const mf = makeMf();
    const rng = new Rng(0);
    const times: EpochTimes = { wall: [], cpu: [] };
    const loss = timeEpochs(times, tfEpochs, () => {
      const perm = rng.permutation(rating.length);
      let sse = 0;
      for (let s = 0; s < perm.length; s += 4096)
        sse += tfMfBatch(mf, user, item, rating, perm, s, Math.min(s + 4096, perm.length), 0);
      return sse / rating.length;
    });
    // the first epoch includes kernel compilation
    const steady = { wall: times.wall.slice(1), cpu: times.cpu.slice(1) };
    rows.push(row(`tfjs ${backend}: gathered rows + tf.valueAndGrads + sparse Adam`, steady, loss));
  }
  await tf.setBackend(choice.backend === 'tensorflow-gpu' ? 'tensorflow' : choice.backend);

  // 4. one SASRec epoch, engine and PyTorch interleaved the same way
  let sequence: SequenceComparison | null = null;
  let sequenceSoftmax: SequenceComparison | null = null;
  if (!args.includes('--no-seq')) {
    const options = {
      sharedDir: shared,
      ratingsCsv,
      epochs: arg(args, 'seq-epochs', 3),
      rounds: arg(args, 'seq-rounds', 3),
      torch: !args.includes('--no-torch'),
    };
    sequence = await compareSequenceEpochs(data, { ...options, loss: 'bce' });
    sequenceSoftmax = await compareSequenceEpochs(data, { ...options, loss: 'softmax' });
  }

  // 5. pretraining wall time of the default model on ml-latest-small
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
  console.log(
    '| path | epochs | wall s/epoch (median) | CPU s/epoch (median) | train MSE (last) |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  const line = (p: string, n: number, wall: number, cpu: number, mse: number) =>
    console.log(`| ${p} | ${n} | ${wall.toFixed(4)} | ${cpu.toFixed(4)} | ${mse.toFixed(4)} |`);
  for (const r of rows)
    line(r.path, r.epochs, r.sPerEpochMedian, r.cpuSPerEpochMedian, r.trainMseLast);
  if (torch)
    line(
      `PyTorch CPU (anchors/torch_mf_epoch.py, ${torch.threads} thread)`,
      torchTimes.wall.length,
      torch.s_per_epoch_median,
      torch.cpu_s_per_epoch_median,
      torch.train_mse_last,
    );
  const fmt = (xs: number[]) => xs.map((r) => r.toFixed(2)).join(', ');
  if (ratio === null || ratioCpu === null)
    console.log(`\nratio fused / PyTorch: n/a (${torchNote})`);
  else
    console.log(
      `\nratio fused / PyTorch, median of ${ratiosWall.length} interleaved rounds (target <= 1.0):\n` +
        `  wall ${ratio.toFixed(2)} (rounds ${fmt(ratiosWall)})\n` +
        `  CPU  ${ratioCpu.toFixed(2)} (rounds ${fmt(ratiosCpu)})`,
    );
  console.log(
    `load average at each round ${fmt(perRound.map((r) => r.loadAverage))}; now ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  const printSequence = (c: SequenceComparison, loss: string, script: string, label: string) => {
    console.log(`\nSASRec (2 blocks, 64-d, length 200, batch 128 users, ${loss}), ml-latest-small`);
    console.log('| path | wall s/epoch (median) | CPU s/epoch (median) | train loss (last) |');
    console.log('| --- | --- | --- | --- |');
    const e = c.engine;
    console.log(
      `| engine (typed arrays + wasm SIMD) | ${e.sPerEpochMedian.toFixed(3)} | ${e.cpuSPerEpochMedian.toFixed(3)} | ${e.trainLossLast.toFixed(4)} |`,
    );
    const t = c.torch;
    if (t)
      console.log(
        `| PyTorch CPU (${script}, ${t.threads} thread) | ${t.sPerEpochMedian.toFixed(3)} | ${t.cpuSPerEpochMedian.toFixed(3)} | ${t.trainLossLast.toFixed(4)} |`,
      );
    const paired = c.rounds.filter((r) => r.torch);
    console.log(
      c.ratio === null
        ? `${label} engine/PyTorch: n/a (${c.torchNote})`
        : `${label} engine/PyTorch: ${c.ratio.toFixed(2)} (CPU ${c.ratioCpu!.toFixed(2)}; rounds ${fmt(paired.map((r) => r.engine.wall / r.torch!.wall))}; target <= 1.0)`,
    );
  };
  if (sequence)
    printSequence(sequence, 'BCE, 1 negative', 'anchors/torch_sasrec_epoch.py', 'sequence ratio');
  if (sequenceSoftmax)
    printSequence(
      sequenceSoftmax,
      "softmax over 256 sampled movies: the default's network",
      'test/bench/torch_sasrec_softmax_epoch.py',
      'sequence softmax ratio',
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
    kernel: fast.kernel,
    rounds: perRound,
    ratioFusedToTorch: ratio,
    ratioFusedToTorchCpu: ratioCpu,
    pretrain: pretrainResult,
    sequence,
    sequenceRatio: sequence?.ratio ?? null,
    sequenceRatioCpu: sequence?.ratioCpu ?? null,
    sequenceEngineSPerEpoch: sequence?.engine.sPerEpochMedian ?? null,
    sequenceTorchSPerEpoch: sequence?.torch?.sPerEpochMedian ?? null,
    sequenceSoftmax,
    sequenceSoftmaxRatio: sequenceSoftmax?.ratio ?? null,
    sequenceSoftmaxRatioCpu: sequenceSoftmax?.ratioCpu ?? null,
    loadAverage: os.loadavg(),
    /** The process's nice value: 10 when run under `nice -n 10` (for CPU time). */
    niceness: os.getPriority(),
    measuredAt: new Date().toISOString(),
  });
  console.log(`wrote ${file}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv.slice(2));
