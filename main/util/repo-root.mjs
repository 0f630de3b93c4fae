// The app's root folder: the nearest folder up from this code whose package.json names a
// package. That is the repository for the sources and for the bundles in dist/main/ (whose own
// package.json only marks them as ES modules and names nothing), and app.asar when packaged.
// Plain JavaScript, so the build scripts and main/bin/ use it without tsx; the bundles inline it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function namesPackage(file) {
  if (!existsSync(file)) return false;
  try {
    return typeof JSON.parse(readFileSync(file, 'utf8')).name === 'string';
  } catch {
    return false;
  }
}

function findRoot(from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (namesPackage(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../..');
  }
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
