import type { PersonHistory } from './model-definition';

/**
 * "Fans' favourites": what the dataset users who loved the movies a person loved also loved, an
 * optional part of the default's ranking (setting `fansFavourites`). For movie i and a person
 * whose loved movies are L:
 *
 *   weight · Σ_{j∈L} C[j, i] / (|L| · (lovers_i + 1)^power)
 *
 * C[j, i] = how many users loved both, lovers_i = how many loved i. The mean over L keeps the
 * term's size independent of how many movies the person loved, so the EASE part, which grows
 * with the history, outweighs it more and more. Meant for the three-rating horror profile that
 * gets the most loved movies of all first (the first list), Shawshank ahead of any horror film.
 * Off in the shipped default: validation chose it on both releases, but on test people it lost
 * the next movie (protocol B) on both and every ranking protocol on ml-latest-small
 * (`npm run bench -- fans`, docs/MODELS.md).
 */
export interface LovedIndex {
  /** Per dataset user u, their loved items: userItems[userStart[u] .. userStart[u + 1]). */
  userStart: Int32Array;
  userItems: Int32Array;
  /** Per item i, the users who loved it in ascending order: itemUsers[itemStart[i] .. itemStart[i + 1]). */
  itemStart: Int32Array;
  itemUsers: Int32Array;
}

export interface FansFavouritesSettings {
  /** 0 leaves the term out. */
  weight: number;
  power: number;
  /** A rating counts as loved from here (one star below the top of the scale). */
  love: number;
}

export function lovedIndex(
  histories: readonly PersonHistory[],
  nItems: number,
  love: number,
): LovedIndex {
  const userStart = new Int32Array(histories.length + 1);
  const itemStart = new Int32Array(nItems + 1);
  histories.forEach((h, u) => {
    let n = 0;
    h.items.forEach((i, t) => {
      if (h.ratings[t] >= love) {
        n++;
        itemStart[i + 1]++;
      }
    });
    userStart[u + 1] = userStart[u] + n;
  });
  for (let i = 0; i < nItems; i++) itemStart[i + 1] += itemStart[i];
  const userItems = new Int32Array(userStart[histories.length]);
  const itemUsers = new Int32Array(userItems.length);
  const fill = itemStart.slice(0, nItems);
  histories.forEach((h, u) => {
    let p = userStart[u];
    h.items.forEach((i, t) => {
      if (h.ratings[t] < love) return;
      userItems[p++] = i;
      itemUsers[fill[i]++] = u;
    });
  });
  return { userStart, userItems, itemStart, itemUsers };
}

/** (lovers + 1)^−power per item. */
function loverDiscounts(index: LovedIndex, power: number): Float32Array {
  const n = index.itemStart.length - 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (index.itemStart[i + 1] - index.itemStart[i] + 1) ** -power;
  return out;
}

/** The items the history loved. */
function lovedItems(history: PersonHistory, love: number): number[] {
  const out: number[] = [];
  history.items.forEach((i, t) => {
    if (history.ratings[t] >= love) out.push(i);
  });
  return out;
}

/**
 * Σ_{j∈loved} C[j, i] for every item into `out`: each user's overlap with `loved` is counted
 * first, then added to every movie that user loved (far fewer steps than per loved movie).
 */
function coLoveSums(
  index: LovedIndex,
  loved: readonly number[],
  overlap: Int32Array,
  out: Float32Array,
): void {
  out.fill(0);
  const touched: number[] = [];
  for (const j of loved)
    for (let p = index.itemStart[j]; p < index.itemStart[j + 1]; p++) {
      const u = index.itemUsers[p];
      if (overlap[u]++ === 0) touched.push(u);
    }
  for (const u of touched) {
    const m = overlap[u];
    overlap[u] = 0;
    for (let p = index.userStart[u]; p < index.userStart[u + 1]; p++) out[index.userItems[p]] += m;
  }
}

/** Scores a person's fans' favourites: reusable buffers for one model. */
export class FansFavourites {
  private readonly discounts: Float32Array;
  private readonly overlap: Int32Array;
  private readonly sums: Float32Array;
  /** Per item, its place among the person's loved movies + 1 (0 elsewhere), while drops() runs. */
  private readonly slot: Int32Array;

  constructor(
    readonly index: LovedIndex,
    readonly settings: FansFavouritesSettings,
  ) {
    this.discounts = loverDiscounts(index, settings.power);
    this.overlap = new Int32Array(index.userStart.length - 1);
    this.sums = new Float32Array(index.itemStart.length - 1);
    this.slot = new Int32Array(index.itemStart.length - 1);
  }

  /** Adds the term for `history` to `out`. */
  addTo(history: PersonHistory, out: Float32Array): void {
    const { weight, love } = this.settings;
    const loved = lovedItems(history, love);
    if (weight === 0 || loved.length === 0) return;
    coLoveSums(this.index, loved, this.overlap, this.sums);
    const scale = weight / loved.length;
    for (let i = 0; i < out.length; i++) out[i] += scale * this.sums[i] * this.discounts[i];
  }

  /**
   * How much `item`'s term drops when each history entry is removed (exact): a loved entry takes
   * its C[j, item] out of the sum and one from |L|; any other entry changes nothing.
   */
  drops(history: PersonHistory, item: number): Float32Array {
    const { weight, love } = this.settings;
    const out = new Float32Array(history.items.length);
    const loved = lovedItems(history, love);
    if (weight === 0 || loved.length === 0) return out;
    const between = this.coLovesWith(loved, item);
    let sum = 0;
    for (const c of between) sum += c;
    const unit = weight * this.discounts[item];
    const full = (unit * sum) / loved.length;
    let k = 0;
    history.items.forEach((_j, t) => {
      if (history.ratings[t] < love) return;
      const without = loved.length > 1 ? (unit * (sum - between[k])) / (loved.length - 1) : 0;
      out[t] = full - without;
      k++;
    });
    return out;
  }

  /**
   * C[j, item] for each loved j: through the item's lovers and what each of them loved, far
   * fewer steps than intersecting the lover lists of every loved movie.
   */
  private coLovesWith(loved: readonly number[], item: number): Int32Array {
    const { index, slot } = this;
    const out = new Int32Array(loved.length);
    loved.forEach((j, k) => (slot[j] = k + 1));
    for (let p = index.itemStart[item]; p < index.itemStart[item + 1]; p++) {
      const u = index.itemUsers[p];
      for (let q = index.userStart[u]; q < index.userStart[u + 1]; q++) {
        const k = slot[index.userItems[q]];
        if (k > 0) out[k - 1]++;
      }
    }
    for (const j of loved) slot[j] = 0;
    return out;
  }
}
