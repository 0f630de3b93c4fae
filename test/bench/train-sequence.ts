/**
 * The sequence half of `npm run bench -- train`: seconds per epoch of the engine's SASRec
 * (main/engine/models/sasrec.ts, its default settings: 2 blocks, 64-d, length 200, batch 128)
 * next to PyTorch on the same ratings, run through torch-epoch-times.py (one thread, wall and
 * CPU time at the script's own epoch marks): with the paper's BCE loss against the anchor
 * <shared>/anchors/torch_sasrec_epoch.py, with the softmax loss the default's network trains with
 * against test/bench/torch_sasrec_softmax_epoch.py (the same network, that loss).
 * Rounds interleave the two so both see the same machine load; each side's first epoch is a
 * warm-up and not counted; the ratio is the median of the per-round ratios of medians.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { EngineDataset } from '../../main/core/engine-dataset';
import { sasrec } from '../../main/engine/models/sasrec';
import { benchDir } from './bench-helpers';

export interface EpochSeconds {
  wall: number[];
  cpu: number[];
}

export interface SequenceRound {
  loadAverage: number;
  engine: { wall: number; cpu: number };
  torch: { wall: number; cpu: number } | null;
}

export interface SequenceComparison {
  epochsPerRound: number;
  rounds: SequenceRound[];
  engine: { sPerEpochMedian: number; cpuSPerEpochMedian: number; trainLossLast: number };
  torch: {
    threads: number;
    sPerEpochMedian: number;
    cpuSPerEpochMedian: number;
    trainLossLast: number;
  } | null;
  torchNote: string;
  /** Median over rounds of engine / PyTorch seconds per epoch (wall, then CPU); null without PyTorch. */
  ratio: number | null;
  ratioCpu: number | null;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Engine epochs timed at its progress reports (the first, with the setup, is dropped). */
async function engineEpochs(
  data: EngineDataset,
  epochs: number,
  seed: number,
  loss: SequenceLoss,
): Promise<{ t: EpochSeconds; loss: number }> {
  const t: EpochSeconds = { wall: [], cpu: [] };
  let last = 0;
  let wall = performance.now();
  let cpu = process.cpuUsage();
  await sasrec.train(
    data,
    { epochs: epochs + 1, loss },
    {
      seed,
      onProgress: (p) => {
        const now = performance.now();
        const used = process.cpuUsage(cpu);
        if (p.epoch > 1) {
          t.wall.push((now - wall) / 1000);
          t.cpu.push((used.user + used.system) / 1e6);
        }
        last = p.loss;
        wall = performance.now();
        cpu = process.cpuUsage();
      },
    },
  );
  return { t, loss: last };
}

export type SequenceLoss = 'bce' | 'softmax';

function torchEpochs(
  script: string,
  ratingsCsv: string,
  epochs: number,
): { t: EpochSeconds; loss: number; threads: number } | { error: string } {
  const out = spawnSync(
    '/usr/bin/python3',
    [path.join(benchDir, 'torch-epoch-times.py'), script, ratingsCsv, String(epochs + 1)],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) return { error: `torch run failed: ${out.stderr.slice(-300)}` };
  const lines = out.stdout.trim().split('\n');
  const anchor = JSON.parse(lines[lines.length - 2]);
  const timed = JSON.parse(lines[lines.length - 1]);
  return {
    t: { wall: timed.wall.slice(1), cpu: timed.cpu.slice(1) },
    loss: anchor.train_loss_last,
    threads: timed.threads,
  };
}

export async function compareSequenceEpochs(
  data: EngineDataset,
  options: {
    sharedDir: string;
    ratingsCsv: string;
    epochs: number;
    rounds: number;
    torch: boolean;
    loss: SequenceLoss;
  },
): Promise<SequenceComparison> {
  const script =
    options.loss === 'bce'
      ? path.join(options.sharedDir, 'anchors', 'torch_sasrec_epoch.py')
      : path.join(benchDir, 'torch_sasrec_softmax_epoch.py');
  let torchNote = 'skipped (--no-torch)';
  let torchOk = false;
  if (options.torch) {
    torchOk =
      spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
    torchNote = torchOk
      ? 'torch, 1 thread'
      : 'python3-torch is not installed (apt-get install -y python3-torch)';
  }
  const engineAll: EpochSeconds = { wall: [], cpu: [] };
  const torchAll: EpochSeconds = { wall: [], cpu: [] };
  const rounds: SequenceRound[] = [];
  let engineLoss = 0;
  let torchLoss = 0;
  let threads = 0;
  for (let round = 0; round < options.rounds; round++) {
    const loadAverage = os.loadavg()[0];
    const e = await engineEpochs(data, options.epochs, round + 1, options.loss);
    engineAll.wall.push(...e.t.wall);
    engineAll.cpu.push(...e.t.cpu);
    engineLoss = e.loss;
    let torch: SequenceRound['torch'] = null;
    if (torchOk) {
      const r = torchEpochs(script, options.ratingsCsv, options.epochs);
      if ('error' in r) {
        torchNote = r.error;
        torchOk = false;
      } else {
        torchAll.wall.push(...r.t.wall);
        torchAll.cpu.push(...r.t.cpu);
        torchLoss = r.loss;
        threads = r.threads;
        torch = { wall: median(r.t.wall), cpu: median(r.t.cpu) };
      }
    }
    rounds.push({ loadAverage, engine: { wall: median(e.t.wall), cpu: median(e.t.cpu) }, torch });
  }
  const paired = rounds.filter((r) => r.torch);
  return {
    epochsPerRound: options.epochs,
    rounds,
    engine: {
      sPerEpochMedian: median(engineAll.wall),
      cpuSPerEpochMedian: median(engineAll.cpu),
      trainLossLast: engineLoss,
    },
    torch: paired.length
      ? {
          threads,
          sPerEpochMedian: median(torchAll.wall),
          cpuSPerEpochMedian: median(torchAll.cpu),
          trainLossLast: torchLoss,
        }
      : null,
    torchNote,
    ratio: paired.length ? median(paired.map((r) => r.engine.wall / r.torch!.wall)) : null,
    ratioCpu: paired.length ? median(paired.map((r) => r.engine.cpu / r.torch!.cpu)) : null,
  };
}
