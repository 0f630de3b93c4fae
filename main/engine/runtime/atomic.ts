import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Atomic saves: a file is written beside its target and renamed over it; a folder is written
 * whole under a temporary name and swapped in, so readers see the old one or the new one, and
 * the last good one stays when anything fails.
 */
function tempName(target: string, tag: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = tempName(file, 'tmp');
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fills a fresh temporary folder with `fill`, then swaps it in as `dir`. If `fill` throws, the
 * temporary folder is removed and `dir` is untouched.
 */
export async function writeDirAtomic(
  dir: string,
  fill: (tmpDir: string) => Promise<void>,
): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  const tmp = tempName(dir, 'tmp');
  await mkdir(tmp);
  try {
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const old = tempName(dir, 'old');
  const hadOld = await exists(dir);
  if (hadOld) await rename(dir, old);
  try {
    await rename(tmp, dir);
  } catch (e) {
    if (hadOld) await rename(old, dir);
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/**
 * After a crash between the two renames of writeDirAtomic, `dir` may be missing while its
 * `.old` copy exists: put it back. Leftover temporary folders are removed.
 */
export async function recoverDir(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const olds = entries.filter((e) => e.startsWith(`.${base}.old-`));
  const tmps = entries.filter((e) => e.startsWith(`.${base}.tmp-`));
  if (!(await exists(dir)) && olds.length > 0) await rename(path.join(parent, olds[0]), dir);
  for (const e of [...olds, ...tmps]) {
    if (await exists(path.join(parent, e)))
      await rm(path.join(parent, e), { recursive: true, force: true });
  }
}
