import * as tf from '../runtime/tf';
import { EmbeddingTable, SparseAdam } from '../nn/embedding-table';
import { throwIfTrainingAborted } from './model-definition';
import { Rng } from '../numeric/rng';
import { sparseTrainStep } from '../nn/sparse-step';
import { Yielder } from '../runtime/yield';
import type { KnowledgeGraph } from './knowledge-graph';

/**
 * TransE (Bordes et al. 2013): entity and relation vectors such that head + relation ≈ tail for
 * the graph's facts. Margin loss max(0, γ + ‖h + r − t‖ − ‖h' + r − t'‖) against a corrupted
 * triple (head or tail replaced by a random entity of the same kind), trained with the engine's
 * sparse Adam on EmbeddingTables (gradients w.r.t. the gathered rows, never tf.gather's), entity
 * rows projected back onto the unit ball after each step.
 */
export interface TransEOptions {
  dim: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  margin: number;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface TransEResult {
  entities: Float32Array;
  relations: Float32Array;
  /** Mean margin loss of the last epoch (0 with no triples). */
  finalLoss: number;
  firstLoss: number;
}

function projectToUnitBall(table: EmbeddingTable, ids: Int32Array): void {
  const d = table.dim;
  const v = table.values;
  for (const id of ids) {
    let s = 0;
    for (let c = 0; c < d; c++) s += v[id * d + c] ** 2;
    if (s > 1) {
      const k = 1 / Math.sqrt(s);
      for (let c = 0; c < d; c++) v[id * d + c] *= k;
    }
  }
}

export async function trainTransE(graph: KnowledgeGraph, o: TransEOptions): Promise<TransEResult> {
  const rng = new Rng(o.seed);
  const d = o.dim;
  const init = (n: number) => rng.fillNormal(new Float32Array(n * d), 1 / Math.sqrt(d));
  const entities = new EmbeddingTable(graph.nEntities, d, init(graph.nEntities));
  const rels = new EmbeddingTable(4, d, init(4));
  projectToUnitBall(
    entities,
    Int32Array.from({ length: graph.nEntities }, (_, i) => i),
  );
  const n = graph.head.length;
  const sparse = new SparseAdam({ learningRate: o.learningRate });
  const nOther = graph.nEntities - graph.nItems;
  const yielder = new Yielder(50);
  let firstLoss = 0;
  let lastLoss = 0;
  for (let epoch = 1; epoch <= o.epochs && n > 0; epoch++) {
    const order = rng.permutation(n);
    let sum = 0;
    let steps = 0;
    for (let k = 0; k < n; k += o.batchSize) {
      const idx = order.subarray(k, k + o.batchSize);
      const B = idx.length;
      const h = new Int32Array(B);
      const r = new Int32Array(B);
      const t = new Int32Array(B);
      const hc = new Int32Array(B);
      const tc = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        const j = idx[b];
        h[b] = graph.head[j];
        r[b] = graph.relation[j];
        t[b] = graph.tail[j];
        // Corrupt the head (another movie) or the tail (another non-movie entity).
        const corruptHead = rng.next() < 0.5 || nOther === 0;
        hc[b] = corruptHead ? rng.int(graph.nItems) : h[b];
        tc[b] = corruptHead ? t[b] : graph.nItems + rng.int(nOther);
      }
      const loss = sparseTrainStep({
        lookups: [
          { table: entities, ids: h },
          { table: rels, ids: r },
          { table: entities, ids: t },
          { table: entities, ids: hc },
          { table: entities, ids: tc },
        ],
        sparseOptimizer: sparse,
        loss: ([eh, er, et, ehc, etc]) => {
          const dist = (a: tf.Tensor2D, b: tf.Tensor2D) =>
            tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(tf.add(a, er), b)), 1), 1e-9));
          return tf.mean(
            tf.relu(tf.add(o.margin, tf.sub(dist(eh, et), dist(ehc, etc)))),
          ) as tf.Scalar;
        },
      });
      projectToUnitBall(entities, h);
      projectToUnitBall(entities, t);
      projectToUnitBall(entities, hc);
      projectToUnitBall(entities, tc);
      sum += loss;
      steps++;
      await yielder.maybeYield();
      throwIfTrainingAborted(o.signal);
    }
    lastLoss = sum / Math.max(1, steps);
    if (epoch === 1) firstLoss = lastLoss;
    o.onEpoch?.(epoch, lastLoss);
  }
  return { entities: entities.values, relations: rels.values, finalLoss: lastLoss, firstLoss };
}
