import type { Rng } from '../numeric/rng';
import type { VectorKernels } from '../numeric/vector-kernels';
import type { Alloc } from './typed-params';

/**
 * Inverted dropout for the typed-array networks: a mask of 0 (probability `rate`) or
 * 1/(1 − rate), multiplied in forward and backward. Masks come from the vector kernels' xorshift
 * streams, reseeded from the model's Rng for every sequence, so training stays a function of
 * the seed.
 */
export class DropoutStream {
  private readonly state: Int32Array;

  constructor(
    private readonly vec: VectorKernels,
    alloc: Alloc,
  ) {
    const f = alloc(4);
    this.state = new Int32Array(f.buffer, f.byteOffset, 4);
  }

  seed(rng: Rng): void {
    // xorshift32 never leaves 0: keep every stream non-zero
    for (let lane = 0; lane < 4; lane++) this.state[lane] = rng.int(4294967295) + 1;
  }

  fill(mask: Float32Array, n: number, rate: number): void {
    this.vec.dropoutMask(mask, n, this.state, rate);
  }
}

/** What a layer needs to apply dropout in training (null at inference). */
export interface Dropout {
  rate: number;
  stream: DropoutStream;
}
