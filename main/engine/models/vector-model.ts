import type { TrainedModel } from './model-definition';

/** The vocabulary and vectors every trained model exposes (TrainedModel's data fields). */
export interface ModelVectors {
  dim: number;
  movieIds: Int32Array;
  userKeys: Int32Array;
  itemVectors: Float32Array;
  datasetUserVectors: Float32Array;
  scale: { min: number; max: number };
}

/** Holds a model's ModelVectors, so each model only says where its own weights keep them. */
export abstract class VectorModel implements Pick<TrainedModel, keyof ModelVectors>, ModelVectors {
  readonly dim: number;
  readonly movieIds: Int32Array;
  readonly userKeys: Int32Array;
  readonly itemVectors: Float32Array;
  readonly datasetUserVectors: Float32Array;
  readonly scale: { min: number; max: number };

  constructor(vectors: ModelVectors) {
    this.dim = vectors.dim;
    this.movieIds = vectors.movieIds;
    this.userKeys = vectors.userKeys;
    this.itemVectors = vectors.itemVectors;
    this.datasetUserVectors = vectors.datasetUserVectors;
    this.scale = vectors.scale;
  }
}
