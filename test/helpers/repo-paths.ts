import path from 'node:path';

/** The repository's root folder (tests and benchmarks only: production code takes its folders as arguments). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The shared data folder (datasets, splits, ANCHORS.md): MOVIE_ASSISTANT_SHARED, else ../shared of the repository. */
export const sharedDir = process.env.MOVIE_ASSISTANT_SHARED ?? path.resolve(repoRoot, '../shared');

/** The MovieLens releases (and their splits/) under the shared folder. */
export const datasetsDir = path.join(sharedDir, 'datasets');
