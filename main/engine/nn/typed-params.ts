import { arenaBytes, type SimdArena } from '../numeric/simd-kernels';
import { EmbeddingTable, type SparseAdam } from './embedding-table';

/**
 * The dense weights of a typed-array network (no tfjs): named Float32Arrays with gradients, kept
 * as one-row EmbeddingTables so that a dense Adam step is the tables' Adam (the SIMD kernel when
 * they live in an arena) with every row touched. Plus the allocators the networks take their
 * work buffers from: an arena's when SIMD runs, plain arrays otherwise, and a counting one that
 * sizes the arena first.
 */
export type Alloc = (n: number) => Float32Array;

export function allocFrom(arena: SimdArena | null): Alloc {
  return arena ? (n) => arena.floats(n) : (n) => new Float32Array(n);
}

/** Plain arrays, adding up the bytes an arena would need for them. */
export function countingAlloc(): { alloc: Alloc; bytes: () => number } {
  let total = 0;
  return {
    alloc: (n) => {
      total += arenaBytes(n);
      return new Float32Array(n);
    },
    bytes: () => total,
  };
}

export class TypedParams {
  private readonly tables = new Map<string, EmbeddingTable>();

  constructor(private readonly arena: SimdArena | null = null) {}

  /** Arena bytes for parameters of these sizes. */
  static arenaBytes(sizes: Iterable<number>): number {
    let total = 0;
    for (const n of sizes) total += EmbeddingTable.arenaBytes(1, n);
    return total;
  }

  add(name: string, init: Float32Array): EmbeddingTable {
    if (this.tables.has(name)) throw new Error(`parameter ${name} exists`);
    const table = new EmbeddingTable(1, init.length, init, this.arena);
    this.tables.set(name, table);
    return table;
  }

  get(name: string): EmbeddingTable {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no parameter ${name}`);
    return t;
  }

  names(): string[] {
    return [...this.tables.keys()];
  }

  /** One Adam step of every parameter (their gradients are cleared). */
  step(adam: SparseAdam): void {
    for (const t of this.tables.values()) t.touch(0);
    adam.step([...this.tables.values()]);
  }

  clearGrad(): void {
    for (const t of this.tables.values()) t.grad.fill(0);
  }

  /** Copies of the current values by name. */
  export(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of this.tables) out[name] = t.values.slice();
    return out;
  }
}
