/**
 * Item-based CF similarity: binary co-occurrence cosine between items over the users' rated sets,
 * pruned to each item's k nearest (a sparse row per item). O(Σ_u n_u²) time, O(nItems·k) memory.
 */
export interface ItemNeighbours {
  k: number;
  /** nItems × k neighbour ids (−1 = none), best first. */
  index: Int32Array;
  /** nItems × k cosine similarities. */
  sim: Float32Array;
}

export function itemCosineNeighbours(
  itemsByUser: readonly Int32Array[],
  nItems: number,
  k: number,
): ItemNeighbours {
  const count = new Float64Array(nItems);
  const usersOf: number[][] = Array.from({ length: nItems }, () => []);
  itemsByUser.forEach((items, u) => {
    for (const i of items) {
      count[i]++;
      usersOf[i].push(u);
    }
  });
  const index = new Int32Array(nItems * k).fill(-1);
  const sim = new Float32Array(nItems * k);
  const co = new Float64Array(nItems);
  const touched: number[] = [];
  for (let i = 0; i < nItems; i++) {
    touched.length = 0;
    for (const u of usersOf[i]) {
      for (const j of itemsByUser[u]) {
        if (j === i) continue;
        if (co[j] === 0) touched.push(j);
        co[j]++;
      }
    }
    const cand = touched.map((j) => ({ j, s: co[j] / Math.sqrt(count[i] * count[j]) }));
    cand.sort((a, b) => b.s - a.s || a.j - b.j);
    for (let r = 0; r < Math.min(k, cand.length); r++) {
      index[i * k + r] = cand[r].j;
      sim[i * k + r] = cand[r].s;
    }
    for (const j of touched) co[j] = 0;
  }
  return { k, index, sim };
}

/** Item-CF scores of a history: every rated item spreads its similarity to its k nearest. */
export function itemCfScores(
  nb: ItemNeighbours,
  history: ArrayLike<number>,
  out: Float32Array,
): void {
  out.fill(0);
  const { k, index, sim } = nb;
  for (let h = 0; h < history.length; h++) {
    const o = history[h] * k;
    for (let r = 0; r < k; r++) {
      const j = index[o + r];
      if (j < 0) break;
      out[j] += sim[o + r];
    }
  }
}
