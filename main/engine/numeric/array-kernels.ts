import { gemmFor, type Gemm } from './gemm';
import type { SimdArena } from './simd-kernels';
import { vectorKernelsFor, type VectorKernels } from './vector-kernels';

/** Everything a typed-array network computes with: the matrix product and the row kernels. */
export interface ArrayKernels {
  gemm: Gemm;
  vec: VectorKernels;
}

/** The SIMD kernels on that arena's arrays, or the TypeScript ones without an arena. */
export function arrayKernelsFor(arena: SimdArena | null): ArrayKernels {
  return { gemm: gemmFor(arena), vec: vectorKernelsFor(arena) };
}
