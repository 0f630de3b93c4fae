import { ratingWeights, solvePerson, trainAls } from '../../main/engine/models/recency-als';
import { recencyHybridDefaults } from '../../main/engine/models/recency-hybrid';
import { chronologicalHistories } from '../../main/engine/models/sequence-data';
import type { PersonHistory } from '../../main/engine/models/model-definition';
import type { UserHistories } from '../../main/engine/models/user-histories';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

const LENGTHS = [1, 2, 3, 5, 10, 12, 15, 16];
const settings = recencyHybridDefaults;

type Weights = (n: number) => Float64Array;

/** The weights when a history of n ratings gets `share(n)` of the recency boost. */
const withShare =
  (share: (n: number) => number): Weights =>
  (n) =>
    Float64Array.from(
      { length: n },
      (_, t) =>
        1 +
        settings.ratingRecency * share(n) * Math.exp(-(n - 1 - t) / settings.ratingRecencyItems),
    );

const RULES: Record<string, Weights> = {
  'full boost at any length (before bedb106)': withShare(() => 1),
  'share n / 10 (bedb106)': withShare((n) => Math.min(1, n / 10)),
  'share n / 16 (tried)': withShare((n) => Math.min(1, n / 16)),
  'share (n / 16)² (tried)': withShare((n) => Math.min(1, (n / 16) ** 2)),
  'ratingWeights (ships): share (n / 16)³': (n) => ratingWeights(n, settings),
  'none below 16 (tried)': withShare((n) => (n < 16 ? 0 : 1)),
  'no recency boost': (n) => new Float64Array(n).fill(1),
};

/**
 * Predicted stars after a person's first few ratings, the default's ALS fold-in, on validation
 * people only: the ALS part trained (default settings, seed 1) on users whose userId % 10 is
 * not 0 or 5; the users with userId % 10 == 5 bring their first k ratings (by time); RMSE on all
 * their later ratings, clipped to the scale. Protocol C's people (userId % 10 == 0) are left out.
 * Prints one table per dataset, writes test/bench/results/short-history.json.
 */
export default async function run(): Promise<void> {
  const datasets: Record<string, Record<string, Record<string, number>>> = {};
  for (const name of ['ml-latest-small', 'ml-100k']) {
    const data = loadDatasetByName(name);
    const histories = chronologicalHistories(data);
    const training: PersonHistory[] = [];
    const validation: PersonHistory[] = [];
    data.userKeys.forEach((key: number, u: number) => {
      if (key % 10 === 5) validation.push(histories[u]);
      else if (key % 10 !== 0) training.push(histories[u]);
    });
    const h = concatenated(training);
    let mu = 0;
    for (const r of h.ratings) mu += r;
    mu /= h.ratings.length;
    const als = await trainAls(h, data.nItems, mu, settings, { seed: 1 });
    const { dim, scale } = { dim: settings.dim, scale: data.scale };
    const table: Record<string, Record<string, number>> = {};
    for (const [rule, weights] of Object.entries(RULES)) {
      table[rule] = {};
      for (const k of LENGTHS) {
        let squared = 0;
        let count = 0;
        for (const x of validation) {
          if (x.items.length <= k) continue;
          const v = solvePerson(
            x.items.subarray(0, k),
            x.ratings.subarray(0, k),
            weights(k),
            als.itemVectors,
            als.itemBias,
            mu,
            dim,
            settings.userLambda,
            settings.userBiasLambda,
          );
          for (let t = k; t < x.items.length; t++) {
            const i = x.items[t];
            let r = mu + v[dim] + als.itemBias[i];
            for (let f = 0; f < dim; f++) r += v[f] * als.itemVectors[i * dim + f];
            squared += (Math.min(scale.max, Math.max(scale.min, r)) - x.ratings[t]) ** 2;
            count++;
          }
        }
        table[rule][k] = Math.round(Math.sqrt(squared / count) * 10000) / 10000;
      }
    }
    datasets[name] = table;
    console.log(`${name}: RMSE after the first k ratings, ${validation.length} validation people`);
    console.log(`  ${'k'.padEnd(42)}${LENGTHS.map((k) => String(k).padStart(8)).join('')}`);
    for (const [rule, row] of Object.entries(table))
      console.log(
        `  ${rule.padEnd(42)}${LENGTHS.map((k) => row[k].toFixed(4).padStart(8)).join('')}`,
      );
  }
  const file = writeResult('short-history', {
    benchmark: 'short-history',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    rmseAfterFirstK: datasets,
  });
  console.log(`results: ${file}`);
}

function concatenated(histories: PersonHistory[]): UserHistories {
  const start = new Int32Array(histories.length + 1);
  histories.forEach((x, u) => (start[u + 1] = start[u] + x.items.length));
  const total = start[histories.length];
  const items = new Int32Array(total);
  const ratings = new Float32Array(total);
  const times = new Float64Array(total);
  histories.forEach((x, u) => {
    items.set(x.items, start[u]);
    ratings.set(x.ratings, start[u]);
    times.set(x.times, start[u]);
  });
  return { start, items, ratings, times, histories };
}
