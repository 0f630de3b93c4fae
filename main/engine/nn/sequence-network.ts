import { arrayKernelsFor, type ArrayKernels } from '../numeric/array-kernels';
import { SimdArena } from '../numeric/simd-kernels';
import { EmbeddingTable } from './embedding-table';
import { LeaveOneOut } from './leave-one-out';
import { SelfAttentiveEncoder, type EncoderConfig, type ItemRows } from './self-attentive-encoder';
import { allocFrom, countingAlloc, TypedParams, type Alloc } from './typed-params';

/**
 * A self-attentive encoder with everything it runs in: its parameters, the item table and the
 * work buffers in one SIMD arena (sized exactly: a counting pass builds the buffers first), the
 * matrix product bound to that arena; or all in plain arrays with the TypeScript kernels where
 * SIMD is unavailable (or off: MOVIE_ASSISTANT_NO_SIMD=1) or the widths do not fit the kernels.
 * For training the item table is an EmbeddingTable with its Adam moments (in the arena, so its
 * Adam step is the SIMD kernel); for inference only its values are kept, outside the arena, and
 * the network has the leave-one-out reruns (nn/leave-one-out.ts).
 */
export interface NetworkWeights {
  params: [string, Float32Array][];
  items: Float32Array;
}

export interface NetworkOptions {
  training: boolean;
  /** Extra arena floats the caller takes through `alloc` (per-sequence buffers of its own). */
  extraFloats?: number;
}

export class SequenceNetwork {
  private constructor(
    readonly config: EncoderConfig,
    readonly params: TypedParams,
    readonly items: ItemRows,
    readonly table: EmbeddingTable | null,
    readonly encoder: SelfAttentiveEncoder,
    readonly leaveOneOut: LeaveOneOut | null,
    readonly kernels: ArrayKernels,
    readonly alloc: Alloc,
    readonly simd: boolean,
  ) {}

  static create(
    config: EncoderConfig,
    nItems: number,
    weights: NetworkWeights,
    options: NetworkOptions,
  ): SequenceNetwork {
    const { dim } = config;
    const fits = dim % 4 === 0 && (dim / config.heads) % 4 === 0;
    let arena: SimdArena | null = null;
    if (fits) {
      const counting = countingAlloc();
      const dummy = new TypedParams(null);
      for (const [name, init] of weights.params) dummy.add(name, new Float32Array(init.length));
      const kernels = arrayKernelsFor(null);
      const encoder = new SelfAttentiveEncoder(
        config,
        dummy,
        emptyRows(dim),
        kernels,
        counting.alloc,
      );
      if (!options.training) new LeaveOneOut(config, dummy, encoder, kernels, counting.alloc);
      const bytes =
        counting.bytes() +
        4 * (options.extraFloats ?? 0) +
        TypedParams.arenaBytes(weights.params.map(([, v]) => v.length)) +
        (options.training ? EmbeddingTable.arenaBytes(nItems, dim) : 0) +
        4096;
      arena = SimdArena.create(bytes);
    }
    const params = new TypedParams(arena);
    for (const [name, init] of weights.params) params.add(name, init.slice());
    const table = options.training
      ? new EmbeddingTable(nItems, dim, weights.items.slice(), arena)
      : null;
    const items: ItemRows = table ?? {
      values: weights.items,
      grad: new Float32Array(0),
      dim,
      touch: () => {},
    };
    const kernels = arrayKernelsFor(arena);
    const alloc = allocFrom(arena);
    const encoder = new SelfAttentiveEncoder(config, params, items, kernels, alloc);
    const leaveOneOut = options.training
      ? null
      : new LeaveOneOut(config, params, encoder, kernels, alloc);
    return new SequenceNetwork(
      config,
      params,
      items,
      table,
      encoder,
      leaveOneOut,
      kernels,
      alloc,
      arena !== null,
    );
  }

  /** The parameters' current values, in the order they were given. */
  exportWeights(): NetworkWeights {
    const values = this.params.export();
    return {
      params: this.params.names().map((name) => [name, values[name]]),
      items: this.items.values.slice(),
    };
  }
}

function emptyRows(dim: number): ItemRows {
  return { values: new Float32Array(0), grad: new Float32Array(0), dim, touch: () => {} };
}
