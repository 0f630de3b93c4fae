/**
 * The engine's one way in to TensorFlow.js: the core API plus, as a side effect, the stock gradient
 * functions. tfjs-core's Node bundle registers no gradients (its ESM dist cannot be imported by
 * Node directly); the @tensorflow/tfjs union bundle registers them all. Import tf from here in
 * engine and model code: `import * as tf from '../tf'`.
 */
import '@tensorflow/tfjs';
import { markTensorflowLoaded } from './tensorflow-loaded';

export * from '@tensorflow/tfjs-core';

markTensorflowLoaded();
