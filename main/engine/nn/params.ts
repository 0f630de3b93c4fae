import * as tf from '../runtime/tf';
import type { Rng } from '../numeric/rng';

/**
 * A model's dense (backend-resident) weights by logical name: tfjs variables created from a
 * seeded Rng (deterministic), listed in a fixed order for `sparseTrainStep`'s `dense`, and
 * exported to / restored from plain Float32Arrays for saving. Variable names get a unique suffix
 * because tfjs refuses two live variables with one name (two models in one process, tests).
 */
let instance = 0;

export type Init = 'zeros' | 'ones' | { normal: number } | { glorot: true } | Float32Array;

export class DenseParams {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly suffix = `#${++instance}`;

  constructor(private readonly rng: Rng) {}

  /** Creates (once) the variable `name` of `shape`. Glorot uses the first and last dims. */
  add(name: string, shape: number[], init: Init = { glorot: true }): tf.Variable {
    if (this.vars.has(name)) throw new Error(`parameter ${name} exists`);
    const size = shape.reduce((a, b) => a * b, 1);
    let values: Float32Array;
    if (init instanceof Float32Array) {
      if (init.length !== size)
        throw new Error(`${name}: ${init.length} values for shape ${shape.join('×')}`);
      values = init;
    } else if (init === 'zeros') values = new Float32Array(size);
    else if (init === 'ones') values = new Float32Array(size).fill(1);
    else if ('normal' in init) values = this.rng.fillNormal(new Float32Array(size), init.normal);
    else {
      const fanIn = shape.length > 1 ? shape[0] : 1;
      const fanOut = shape[shape.length - 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      values = new Float32Array(size);
      for (let k = 0; k < size; k++) values[k] = (this.rng.next() * 2 - 1) * limit;
    }
    const v = tf.variable(tf.tensor(values, shape), true, `${name}${this.suffix}`);
    this.vars.set(name, v);
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** All variables, in creation order (stable: pass to sparseTrainStep as `dense`). */
  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  /** Current values by logical name, copied off the backend. */
  export(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [name, v] of this.vars) out[name] = Float32Array.from(v.dataSync() as Float32Array);
    return out;
  }

  /** Overwrites every variable from `values` (all names must be present). */
  import(values: Record<string, Float32Array>): void {
    for (const [name, v] of this.vars) {
      const a = values[name];
      if (!a) throw new Error(`saved weights lack ${name}`);
      v.assign(tf.tensor(a, v.shape));
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
