import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The shared datasets live beside the repository, never inside it. */
export const sharedDir = path.resolve(
  process.env.MOVIE_ASSISTANT_SHARED ?? path.join(repoRoot, '../shared'),
);
export const rendererDist = path.join(repoRoot, 'dist', 'renderer');
export const screensDir = path.join(repoRoot, 'test-results', 'screens');
