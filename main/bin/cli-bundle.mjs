// Whether the `movie-assistant` command can run its bundle: dist/main/cli.js exists and is at
// least as new as every source it is built from (main/, shared/, package.json). Plain
// JavaScript, so main/bin/movie-assistant.mjs can ask before it loads tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot as root } from '../util/repo-root.mjs';

/** The CLI bundle that main/build/build-main.mjs writes. */
export const cliBundle = path.join(root, 'dist', 'main', 'cli.js');

/** The newest modification time of the files under `dir`, recursively. */
function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** False when MOVIE_ASSISTANT_FROM_SOURCE=1, when there is no bundle, or when a source is newer. */
export function bundleIsCurrent() {
  if (process.env.MOVIE_ASSISTANT_FROM_SOURCE === '1' || !existsSync(cliBundle)) return false;
  const sources = Math.max(
    newestUnder(path.join(root, 'main')),
    newestUnder(path.join(root, 'shared')),
    statSync(path.join(root, 'package.json')).mtimeMs,
  );
  return statSync(cliBundle).mtimeMs >= sources;
}
