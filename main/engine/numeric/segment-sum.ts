import * as tf from '../runtime/tf';

/**
 * A one-pass scatter-add UnsortedSegmentSum for the cpu and wasm backends. The shipped cpu kernel
 * loops over every segment (O(segments × rows × dims): minutes per batch on an embedding table)
 * and wasm ships none, so tf.gather's gradient is unusable there. The engine's own training never
 * takes that gradient (row gradients go to the sparse optimizer); this is the safety net for
 * model code that does.
 */
interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

interface CpuLike {
  readSync(dataId: object): tf.TypedArray;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: tf.TypedArray): TensorInfoLike;
  makeOutput?(shape: number[], dtype: tf.DataType): TensorInfoLike;
  typedArrayFromHeap?(info: TensorInfoLike): tf.TypedArray;
}

/** out[segment[r], :] += x[r, :] for every row r; rows with an out-of-range id are dropped. */
export function segmentSumInto(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  rowSize: number,
  numSegments: number,
  out: Float32Array,
): void {
  out.fill(0);
  for (let r = 0; r < ids.length; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue;
    const o = s * rowSize;
    const xi = r * rowSize;
    for (let c = 0; c < rowSize; c++) out[o + c] += x[xi + c];
  }
}

function kernelFunc({
  inputs,
  backend,
  attrs,
}: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}) {
  const b = backend as CpuLike;
  const x = inputs.x as unknown as TensorInfoLike;
  const segmentIds = inputs.segmentIds as unknown as TensorInfoLike;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const idRank = segmentIds.shape.length;
  const innerShape = x.shape.slice(idRank);
  const rowSize = innerShape.reduce((a, v) => a * v, 1);
  const outShape = [numSegments, ...innerShape];
  const xv = b.readSync(x.dataId);
  const ids = b.readSync(segmentIds.dataId);
  if (b.makeOutput && b.typedArrayFromHeap) {
    const info = b.makeOutput(outShape, 'float32');
    segmentSumInto(xv, ids, rowSize, numSegments, b.typedArrayFromHeap(info) as Float32Array);
    return info as unknown as tf.TensorInfo;
  }
  const out = new Float32Array(numSegments * rowSize);
  segmentSumInto(xv, ids, rowSize, numSegments, out);
  return b.makeTensorInfo!(outShape, 'float32', out) as unknown as tf.TensorInfo;
}

const registered = new Set<string>();

/** Registers the kernel for the active backend when it is cpu or wasm (idempotent). */
export function registerFastSegmentSum(): void {
  const backendName = tf.getBackend();
  if (backendName !== 'cpu' && backendName !== 'wasm') return;
  if (registered.has(backendName)) return;
  if (tf.getKernel(tf.UnsortedSegmentSum, backendName))
    tf.unregisterKernel(tf.UnsortedSegmentSum, backendName);
  tf.registerKernel({
    kernelName: tf.UnsortedSegmentSum,
    backendName,
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  });
  registered.add(backendName);
}
