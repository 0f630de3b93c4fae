import path from 'node:path';
import { repoRoot } from '../../helpers/repo-paths';

export { repoRoot, sharedDir } from '../../helpers/repo-paths';
export const rendererDist = path.join(repoRoot, 'dist', 'renderer');
export const screensDir = path.join(repoRoot, 'test-results', 'screens');
