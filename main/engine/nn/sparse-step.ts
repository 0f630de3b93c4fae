import * as tf from '../runtime/tf';
import type { EmbeddingTable, SparseAdam } from './embedding-table';

/**
 * One training step of a tfjs model whose embeddings live in EmbeddingTables: the batch's rows are
 * gathered in JS into plain tensors, `tf.valueAndGrads` differentiates the loss with respect to
 * those row tensors and the dense variables, the row gradients are scatter-added into the tables
 * and applied by the sparse optimizer, and the dense gradients go to a tfjs optimizer. tf.gather
 * (and its UnsortedSegmentSum gradient) never runs on a table.
 */
export interface SparseLookup {
  table: EmbeddingTable;
  /** Row ids of this batch, one per example (duplicates allowed). */
  ids: Int32Array;
}

export interface SparseStepOptions {
  lookups: readonly SparseLookup[];
  /** Dense variables on the backend (layers). */
  dense?: readonly tf.Variable[];
  denseOptimizer?: tf.Optimizer;
  sparseOptimizer: SparseAdam;
  /** The loss of the batch from the gathered rows (lookups order, each ids.length × dim). */
  loss: (rows: tf.Tensor2D[], dense: readonly tf.Tensor[]) => tf.Scalar;
}

/** Runs the step and returns the loss value (before the update). */
export function sparseTrainStep(opts: SparseStepOptions): number {
  const dense = opts.dense ?? [];
  const nRows = opts.lookups.length;
  const rowTensors = opts.lookups.map(({ table, ids }) =>
    tf.tensor2d(table.gatherRows(ids), [ids.length, table.dim]),
  );
  const f = (...xs: tf.Tensor[]) => opts.loss(xs.slice(0, nRows) as tf.Tensor2D[], xs.slice(nRows));
  const { value, grads } = tf.valueAndGrads(f)([...rowTensors, ...dense]);
  const loss = value.dataSync()[0];
  opts.lookups.forEach(({ table, ids }, k) => table.accumulateRows(ids, grads[k].dataSync()));
  if (dense.length > 0) {
    if (!opts.denseOptimizer) throw new Error('dense variables need a dense optimizer');
    const named: tf.NamedTensorMap = {};
    dense.forEach((v, k) => (named[v.name] = grads[nRows + k]));
    opts.denseOptimizer.applyGradients(named);
  }
  opts.sparseOptimizer.step(
    opts.lookups.map((l) => l.table).filter((t, k, all) => all.indexOf(t) === k),
  );
  tf.dispose([value, ...grads, ...rowTensors]);
  return loss;
}
