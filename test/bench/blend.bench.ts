/**
 * The default model's sequence weight (recency-sequence.ts): how taste + w · f(n) · qc(network) +
 * first list ranks for a grid of w, on validation drawn from training users only (mode `val`) or
 * on the test people (mode `test`, for the ablation: w = 0 is the default without its network,
 * "network" the network alone).
 *
 * - B `val`: every user's last rating removed (it is B's test item); the one before is predicted.
 * - C `val`: protocol C's test people (userId % 10 == 0) removed; the pseudo-new people are the
 *   training users with userId % 10 == 5, first half visible as in C.
 * - C rows also give the scores with each new person's fine-tune (offsets and network) and not.
 *
 * The default is trained twice on the run's data, without its network (w = 0) and with it at
 * w = 1 (its network and fitted scale, as pretraining makes them). The blend is linear in w, so
 * the scores at w are s0 + w · (s1 − s0), and s1 − s0 (= f(n) · qc) ranks as the network alone.
 * Writes test/bench/results/blend.json.
 *
 *   npm run bench -- blend --dataset ml-100k --protocol B --mode val [--set KEY=VALUE,...]
 *   npm run bench -- blend --dataset ml-100k --protocol B --mode test --without-network
 *
 * --set: settings of the default (e.g. sequenceEpochs=100,sequenceLoss=bce);
 * --without-network: w = 0 only, no network trained (the ablation row in seconds).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ratingRows, type EngineDataset } from '../../main/core/engine-dataset';
import { trainSetToDataset } from '../../main/eval/engine-adapter';
import { leaveLastOutSplit, newPeopleSplit, parseLooFile } from '../../main/eval/splits';
import { fineTuneOrFoldIn } from '../../main/engine/models/fallbacks';
import type { PersonHistory, TrainedModel } from '../../main/engine/models/model-definition';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import { sequenceEpochsFor } from '../../main/engine/models/recency-sequence';
import { settingsHash } from '../../main/engine/models/settings-hash';
import {
  hitAtK,
  ndcgAtK,
  ndcgOfRank,
  rankOf,
  recallAtK,
  topK,
} from '../../main/engine/validation/metrics';
import { loadMl100k, loadMlLatestSmall } from '../helpers/movielens-csv';
import { sharedDir } from '../helpers/repo-paths';
import { benchDir, replaceRun, writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';
import { parseSettings } from './seed-models';

const weights = [0, 0.5, 1, 2, 3, 5, 8, 13] as const;
type Weight = (typeof weights)[number] | 'network';

interface BlendRun {
  dataset: string;
  protocol: 'B' | 'C';
  mode: 'val' | 'test';
  commit: string;
  modelVersion: string;
  /** The settings that differ from the shipped defaults (--set). */
  settings: Record<string, unknown>;
  date: string;
  machine: string;
  networkEpochs: number;
  trainSeconds: number;
  people: number;
  rows: Record<string, number | string>[];
}

function withRatings(d: EngineDataset, keep: (k: number) => boolean): EngineDataset {
  return { ...d, ratings: ratingRows(d.ratings, Array.from(d.ratings.user.keys()).filter(keep)) };
}

/** The dataset without each user's last rating (the one leaveLastOutSplit holds out). */
function withoutLast(d: EngineDataset): EngineDataset {
  const split = leaveLastOutSplit(d);
  const seen = new Set<number>();
  const { user, item } = d.ratings;
  // the held-out item is unique in a user's history (a movie is rated once)
  return withRatings(d, (k) => {
    const u = user[k];
    if (split.testItem[u] !== item[k] || seen.has(u)) return true;
    seen.add(u);
    return false;
  });
}

/** Scores of the blend for one person: both models' scores once, then each weight. */
class PersonScores {
  readonly without: Float32Array;
  readonly network: Float32Array;
  readonly out: Float32Array;
  constructor(n: number) {
    [this.without, this.network, this.out] = [0, 0, 0].map(() => new Float32Array(n));
  }
  /** The person's scores from the default without its network and with it at w = 1. */
  async fill(models: Models, history: PersonHistory, fineTune: boolean) {
    const scoresOf = async (model: TrainedModel, out: Float32Array) => {
      const folded = model.foldIn(history);
      const state = fineTune
        ? (await fineTuneOrFoldIn(model, history, folded, { seed: 1 })).state
        : folded;
      model.scoreAll(state, history, out);
    };
    await scoresOf(models.base, this.without);
    if (!models.withNetwork) return;
    await scoresOf(models.withNetwork, this.network);
    for (let i = 0; i < this.network.length; i++) this.network[i] -= this.without[i];
  }
  blend(w: Weight): Float32Array {
    if (w === 'network') return this.network;
    for (let i = 0; i < this.out.length; i++) this.out[i] = this.without[i] + w * this.network[i];
    return this.out;
  }
}

interface Models {
  base: TrainedModel;
  withNetwork: TrainedModel | null;
}

const round = (x: number) => Number(x.toFixed(4));

export default async function run(args: string[]): Promise<number> {
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const name = arg('dataset', 'ml-100k');
  const protocol = arg('protocol', 'B') as 'B' | 'C';
  const mode = arg('mode', 'val') as 'val' | 'test';
  const dir = path.join(sharedDir, 'datasets', name);
  const full = name === 'ml-100k' ? loadMl100k(dir) : loadMlLatestSmall(dir);
  // the default without its network (w = 0), and that network trained on its own
  const overrides = parseSettings(args.includes('--set') ? arg('set', '') : undefined);
  const settings = { ...recencyHybrid.defaults, ...overrides };
  const started = performance.now();
  const withoutNetwork = args.includes('--without-network');
  const grid: Weight[] = withoutNetwork ? [0] : [...weights, 'network'];
  const rows = grid.map((w) => ({ w: String(w), n: 0, a: 0, b: 0, c: 0, d: 0 }));
  let people = 0;
  let networkEpochs = 0;
  let trainSeconds = 0;
  const fit = async (data: EngineDataset): Promise<Models> => {
    const t = performance.now();
    const base = await recencyHybrid.train(data, { ...settings, sequenceWeight: 0 }, { seed: 1 });
    networkEpochs = withoutNetwork
      ? 0
      : sequenceEpochsFor({ ...settings, sequenceWeight: 1 }, data.ratings.rating.length);
    const withNetwork = withoutNetwork
      ? null
      : await recencyHybrid.train(data, { ...settings, sequenceWeight: 1 }, { seed: 1 });
    trainSeconds = (performance.now() - t) / 1000;
    return { base, withNetwork };
  };
  if (protocol === 'B') {
    const data = mode === 'val' ? withoutLast(full) : full;
    const split = leaveLastOutSplit(data);
    const models = await fit(trainSetToDataset(split.train, data));
    const looFile = path.join(sharedDir, 'datasets', 'splits', `${name}.loo.csv`);
    const sampled =
      mode === 'test' && existsSync(looFile)
        ? parseLooFile(readFileSync(looFile, 'utf8'), full)
        : null;
    const scores = new PersonScores(data.nItems);
    const excluded = new Uint8Array(data.nItems);
    for (let u = 0; u < data.nUsers; u++) {
      const target = split.testItem[u];
      if (target < 0) continue;
      const h = split.train.histories[u];
      people++;
      await scores.fill(models, h, false);
      for (const i of h.items) excluded[i] = 1;
      const negatives = sampled?.testItem[u] === target ? sampled.negatives[u] : null;
      grid.forEach((w, g) => {
        const s = scores.blend(w);
        const rank = rankOf(s, target, excluded);
        rows[g].a += hitAtK(rank, 10);
        rows[g].b += ndcgOfRank(rank, 10);
        if (!negatives) return;
        const r = rankOf(s, target, null, Int32Array.from([target, ...negatives]));
        rows[g].n++;
        rows[g].c += hitAtK(r, 10);
        rows[g].d += ndcgOfRank(r, 10);
      });
      for (const i of h.items) excluded[i] = 0;
    }
  } else {
    // validation: drop the test people, then shift keys so the pseudo-new people (% 10 == 5) are
    // the ones newPeopleSplit takes (% 10 == 0)
    const data =
      mode === 'val'
        ? {
            ...withRatings(full, (k) => full.userKeys[full.ratings.user[k]] % 10 !== 0),
            userKeys: full.userKeys.map((key) => key + 5),
          }
        : full;
    const split = newPeopleSplit(data);
    const models = await fit(trainSetToDataset(split.train, data));
    const scores = new PersonScores(data.nItems);
    const tuned = new PersonScores(data.nItems);
    const excluded = new Uint8Array(data.nItems);
    for (const person of split.people) {
      const relevant = new Set<number>();
      person.hidden.items.forEach((item, j) => {
        if (person.hidden.ratings[j] >= 4) relevant.add(item);
      });
      if (relevant.size === 0) continue;
      people++;
      const v = person.visible;
      await scores.fill(models, v, false);
      await tuned.fill(models, v, true);
      for (const i of v.items) excluded[i] = 1;
      grid.forEach((w, g) => {
        let list = topK(scores.blend(w), 20, excluded);
        rows[g].a += recallAtK(list, relevant, 20);
        rows[g].b += ndcgAtK(list, relevant, 20);
        list = topK(tuned.blend(w), 20, excluded);
        rows[g].c += recallAtK(list, relevant, 20);
        rows[g].d += ndcgAtK(list, relevant, 20);
      });
      for (const i of v.items) excluded[i] = 0;
    }
  }
  const named =
    protocol === 'B'
      ? rows.map((r) => ({
          w: r.w,
          'HR@10': round(r.a / people),
          'NDCG@10': round(r.b / people),
          ...(r.n
            ? { 'HR@10-sampled100': round(r.c / r.n), 'NDCG@10-sampled100': round(r.d / r.n) }
            : {}),
        }))
      : rows.map((r) => ({
          w: r.w,
          'Recall@20': round(r.a / people),
          'NDCG@20': round(r.b / people),
          'Recall@20 fine-tuned': round(r.c / people),
          'NDCG@20 fine-tuned': round(r.d / people),
        }));
  const record: BlendRun = {
    dataset: name,
    protocol,
    mode,
    commit: currentCommit(),
    modelVersion: settingsHash(settings),
    settings: overrides,
    date: new Date().toISOString(),
    machine: machineDescription(null),
    networkEpochs,
    trainSeconds: Math.round(trainSeconds),
    people,
    rows: named,
  };
  const file = path.join(benchDir, 'results', 'blend.json');
  const earlier = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: BlendRun[] }).runs
    : [];
  const same = (r: BlendRun) =>
    r.dataset === name &&
    r.protocol === protocol &&
    r.mode === mode &&
    r.modelVersion === record.modelVersion &&
    (r.networkEpochs === 0) === withoutNetwork;
  const runs = replaceRun(earlier, same, record);
  writeResult('blend', { runs });
  console.table(named);
  console.log(
    `blend ${name} ${protocol} ${mode}: ${people} people, network ${networkEpochs} epochs, ` +
      `trained in ${record.trainSeconds} s, ${Math.round((performance.now() - started) / 1000)} s in all`,
  );
  return 0;
}
