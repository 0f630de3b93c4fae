let loaded = false;

/** Called by ./tf.ts when it is evaluated, that is when some code of this thread imports it. */
export function markTensorflowLoaded(): void {
  loaded = true;
}

/**
 * Whether code that uses TensorFlow.js (a model built on it) has been loaded in this thread: the
 * engine starts a backend only then, so a typed-array model never loads TensorFlow.js.
 */
export function tensorflowLoaded(): boolean {
  return loaded;
}
