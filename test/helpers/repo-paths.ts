import path from 'node:path';
import { repoRoot } from '../../main/util/repo-root.mjs';

/** The repository's root folder (production code takes its folders as arguments). */
export { repoRoot };

/** The shared data folder (datasets, splits, ANCHORS.md): MOVIE_ASSISTANT_SHARED, else ../shared of the repository. */
export const sharedDir = path.resolve(
  process.env.MOVIE_ASSISTANT_SHARED ?? path.join(repoRoot, '../shared'),
);

/** The MovieLens releases (and their splits/) under the shared folder. */
export const datasetsDir = path.join(sharedDir, 'datasets');
