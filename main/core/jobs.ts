import type { JobProgress } from '../../shared/domain';

/**
 * How a long piece of work (an import, a training run, an evaluation) reports progress and is
 * cancelled. Neutral ground: the API's ports hand it to the areas, and the areas (the engine,
 * the importers) take it without depending on the API.
 */
export interface JobOptions {
  onProgress: (progress: Omit<JobProgress, 'jobId' | 'kind'>) => void;
  signal: AbortSignal;
}
