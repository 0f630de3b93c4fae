import type { EmbeddingTable } from './embedding-table';

/**
 * Next-item binary cross-entropy with sampled negatives, scored against an embedding table (the
 * one the items came in through, as SASRec shares it): for each position r,
 * softplus(−h_r·e[positive_r]) + softplus(h_r·e[negative_r]), times `weight`. Writes dHidden and
 * adds the item rows' gradients into the table (touching them). Returns the unweighted sum.
 */
export function sampledBce(
  hidden: Float32Array,
  rows: number,
  table: EmbeddingTable,
  positives: Int32Array,
  posOff: number,
  negatives: Int32Array,
  negOff: number,
  weight: number,
  dHidden: Float32Array,
): number {
  const d = table.dim;
  const e = table.values;
  const g = table.grad;
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const pi = positives[posOff + r];
    const ni = negatives[negOff + r];
    const p = pi * d;
    const n = ni * d;
    let zp = 0;
    let zn = 0;
    for (let c = 0; c < d; c++) {
      zp += hidden[o + c] * e[p + c];
      zn += hidden[o + c] * e[n + c];
    }
    loss += softplus(-zp) + softplus(zn);
    const gp = -weight * sigmoid(-zp);
    const gn = weight * sigmoid(zn);
    table.touch(pi);
    table.touch(ni);
    for (let c = 0; c < d; c++) {
      const h = hidden[o + c];
      dHidden[o + c] = gp * e[p + c] + gn * e[n + c];
      g[p + c] += gp * h;
      g[n + c] += gn * h;
    }
  }
  return loss;
}

export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
