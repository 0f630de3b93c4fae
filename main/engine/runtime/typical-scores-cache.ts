import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic';

interface CachedScores {
  key: string;
  scores: number[];
}

/**
 * The one part of a model's list data that takes a noticeable time to build and depends only on
 * the model and the catalogue's release: the typical best picks' scores behind for-you's match
 * percentage (some 150 scorings of dataset users). One small file keeps them for the latest
 * model and release, so that a one-shot command (the CLI's recommend) does not redo them.
 */
export class TypicalScoresCache {
  constructor(private readonly file: string) {}

  /** The scores stored under `key`, if the file holds them (read synchronously: it is tiny). */
  get(key: string): Float32Array | undefined {
    try {
      const cached = JSON.parse(readFileSync(this.file, 'utf8')) as CachedScores;
      return cached.key === key ? Float32Array.from(cached.scores) : undefined;
    } catch {
      return undefined; // none yet, or damaged: built again
    }
  }

  set(key: string, scores: Float32Array): Promise<void> {
    const cached: CachedScores = { key, scores: Array.from(scores) };
    return writeFileAtomic(this.file, JSON.stringify(cached));
  }
}
