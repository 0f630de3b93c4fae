import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is a native module: the copy in node_modules is built for Node (tests, the CLI,
 * the local host), and Electron needs one built for its own ABI. main/build/build-native.mjs puts
 * that second build in build/native/electron/<platform>-<arch>/ and the Electron shell hands its
 * path to the service process in this variable; main/catalogue/db.ts passes it to better-sqlite3
 * as `nativeBinding`. Without the variable, better-sqlite3 loads its own (Node) build.
 */
export const SQLITE_BINDING_ENV = 'MOVIE_ASSISTANT_SQLITE_BINDING';

export function electronSqliteBindingRelativePath(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  return path.join('build', 'native', 'electron', `${platform}-${arch}`, 'better_sqlite3.node');
}

/**
 * The Electron build of better-sqlite3 under `appRoot` (the repository, or app.asar when
 * packaged: native files live in app.asar.unpacked there), or null when it was never built.
 */
export function findElectronSqliteBinding(appRoot: string): string | null {
  const relative = electronSqliteBindingRelativePath();
  const candidates = [
    path.join(appRoot.replace(/app\.asar$/, 'app.asar.unpacked'), relative),
    path.join(appRoot, relative),
  ];
  return candidates.find((file) => existsSync(file)) ?? null;
}
