import { CatalogueDamagedError, isCatalogueDamage } from '../catalogue/damage';
import { openCatalogue, type Db } from '../catalogue/db';
import { stopReleaseReads } from '../catalogue/release-data';
import { stopTagIndexRead, tagIndexRead } from '../catalogue/tag-search';
import { backupPort } from './backup-port';
import { cataloguePort } from './catalogue-port';
import {
  createServiceFromPorts,
  defaultModelsDir,
  type Service,
  type ServiceOptions,
} from './create-service';
import { enginePort, evalPort } from './engine-port';
import { importPort } from './import-port';
import { newestRollingBackup } from './rolling-backups';
import { startSpreadBackfill } from './spread-backfill';
import { loadStarterIfEmpty, starterDirOf, type StarterLoad } from './starter-catalogue';

export type { Service, ServiceOptions } from './create-service';

/**
 * The composition root: opens the catalogue, prepares the engine (started on first use) and
 * wires both into the one handler table. The same object serves Electron IPC, the local host
 * and the CLI. A catalogue file found damaged on the way is named, with its newest backup
 * (CatalogueDamagedError).
 */
export function createService(options: ServiceOptions): Service {
  try {
    return openService(options);
  } catch (error) {
    if (!isCatalogueDamage(error)) throw error;
    throw new CatalogueDamagedError(
      options.dbFile,
      error.message,
      newestRollingBackup(options.dbFile),
    );
  }
}

function openService(options: ServiceOptions): Service {
  const db = openCatalogue(options.dbFile);
  const starterDir = starterDirOf(options.modelsDir ?? defaultModelsDir);
  try {
    if (options.starterCatalogue ?? true) {
      const loaded = loadStarterOrWarn(db, starterDir);
      if (loaded) options.onStarterLoaded?.(loaded);
    }
    const catalogue = cataloguePort(db, options.dbFile, {
      unlockBackoff: options.unlockBackoff,
      starterDir,
    });
    let spreads = startSpreadBackfill(db, options.dbFile);
    const backups = backupPort(db, options.dbFile, {
      rolling: options.dbFile === ':memory:' ? false : (options.rollingBackups ?? false),
    });
    // A release of a million tags takes seconds to read: ready before the first search.
    if (options.readRatingsAhead) void tagIndexRead(db).catch(() => undefined);
    return createServiceFromPorts(
      {
        catalogue: {
          ...catalogue,
          close() {
            spreads.stop();
            stopReleaseReads(db);
            stopTagIndexRead(db);
            catalogue.close();
          },
        },
        backups: {
          ...backups,
          async restore(file) {
            const restored = await backups.restore(file);
            // a backup from before migration 006 brings releases whose spreads are not counted
            spreads.stop();
            spreads = startSpreadBackfill(db, options.dbFile);
            return restored;
          },
        },
        importer: importPort(options.dbFile),
        engine: enginePort({
          db,
          dbFile: options.dbFile,
          modelsDir: options.modelsDir ?? defaultModelsDir,
          backend: options.backend,
          autoPretrain: options.autoPretrain,
          readRatingsAhead: options.readRatingsAhead,
        }),
        evaluation: evalPort(options.modelsDir ?? defaultModelsDir, options.backend),
      },
      {
        dbFile: options.dbFile,
        dispatch: options.dispatch,
        watchOutsideChangesMs: options.watchOutsideChangesMs,
      },
    );
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A starter catalogue that cannot be read leaves the catalogue empty (the app then asks for a
 * release, as before) rather than stopping the app; it says why on stderr.
 */
function loadStarterOrWarn(db: Db, starterDir: string): StarterLoad | null {
  try {
    return loadStarterIfEmpty(db, starterDir);
  } catch (error) {
    process.stderr.write(
      `movie-assistant: the starter catalogue in ${starterDir} was not loaded: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return null;
  }
}
