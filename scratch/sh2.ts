import { solvePerson, trainAls } from '../main/engine/models/recency-als';
import { recencyHybridDefaults } from '../main/engine/models/recency-hybrid';
import { chronologicalHistories } from '../main/engine/models/sequence-data';
import type { PersonHistory } from '../main/engine/models/model-definition';
import type { UserHistories } from '../main/engine/models/user-histories';
import { loadDatasetByName } from '../test/helpers/movielens-csv';
const s = recencyHybridDefaults;
const w = (share: (n: number) => number) => (n: number) => Float64Array.from({ length: n }, (_, t) => 1 + s.ratingRecency * share(n) * Math.exp(-(n - 1 - t) / s.ratingRecencyItems));
const RULES: Record<string, (n: number) => Float64Array> = {
  'n/10 (ships)': w((n) => Math.min(1, n / 10)),
  'n/16': w((n) => Math.min(1, n / 16)),
  '(n/16)^2': w((n) => Math.min(1, (n / 16) ** 2)),
  '(n/16)^3': w((n) => Math.min(1, (n / 16) ** 3)),
  'none below 16': w((n) => (n < 16 ? 0 : 1)),
};
const LENGTHS = [1, 2, 3, 5, 8, 10, 12, 15];
const avg: Record<string, number[]> = {};
for (const name of ['ml-latest-small', 'ml-100k']) {
  const data = loadDatasetByName(name);
  const histories = chronologicalHistories(data);
  const training: PersonHistory[] = []; const validation: PersonHistory[] = [];
  data.userKeys.forEach((key: number, u: number) => { if (key % 10 === 5) validation.push(histories[u]); else if (key % 10 !== 0) training.push(histories[u]); });
  const start = new Int32Array(training.length + 1); training.forEach((x, u) => (start[u + 1] = start[u] + x.items.length));
  const h = { start, items: new Int32Array(start[training.length]), ratings: new Float32Array(start[training.length]), times: new Float64Array(start[training.length]), histories: training } as unknown as UserHistories;
  training.forEach((x, u) => { h.items.set(x.items, start[u]); h.ratings.set(x.ratings, start[u]); h.times.set(x.times, start[u]); });
  let mu = 0; for (const r of h.ratings) mu += r; mu /= h.ratings.length;
  const als = await trainAls(h, data.nItems, mu, s, { seed: 1 });
  const dim = s.dim;
  console.log(name, LENGTHS.join('       '));
  for (const [rname, weights] of Object.entries(RULES)) {
    const cells: string[] = [];
    for (const k of LENGTHS) {
      let sq = 0, c = 0;
      for (const x of validation) {
        if (x.items.length <= k) continue;
        const v = solvePerson(x.items.subarray(0, k), x.ratings.subarray(0, k), weights(k), als.itemVectors, als.itemBias, mu, dim, s.userLambda, s.userBiasLambda);
        for (let t = k; t < x.items.length; t++) {
          const i = x.items[t]; let r = mu + v[dim] + als.itemBias[i];
          for (let f = 0; f < dim; f++) r += v[f] * als.itemVectors[i * dim + f];
          sq += (Math.min(data.scale.max, Math.max(data.scale.min, r)) - x.ratings[t]) ** 2; c++;
        }
      }
      (avg[rname] ??= []).push(Math.sqrt(sq / c));
      cells.push(Math.sqrt(sq / c).toFixed(4));
    }
    console.log(' ', rname.padEnd(14), cells.join(' '));
  }
}
for (const [r, xs] of Object.entries(avg)) console.log(r.padEnd(14), (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4));
