import * as tf from './tf';

/**
 * ./tf as one value, for `await import('./tf-namespace')`: in the split CLI bundle, import() of
 * ./tf itself would give a chunk namespace without the names it re-exports from TensorFlow.js.
 */
export const tensorflow = tf;
