import path from 'node:path';
import packageJson from '../../package.json';
import { ApiError, type Channel, type Response } from '../../shared/api';
import type { CallContext } from '../api/context';
import {
  defaultDispatchOptions,
  dispatch,
  type DispatchOptions,
  type DispatchResult,
} from '../api/dispatch';
import { JobRegistry } from '../api/jobs';
import type { Ports } from '../api/ports';
import { sessionHears } from '../api/event-audience';
import { Session, SessionEpoch, type SessionOptions } from '../api/session';
import { UploadStore } from '../api/uploads';
import { repoRoot } from '../util/repo-root.mjs';
import { outsideAsar } from '../util/workers';
import { EventBus, type AnyEventListener } from './event-bus';
import { watchOutsideChanges } from './outside-changes';
import type { RollingBackupPolicy } from './rolling-backups';
import type { StarterLoad } from './starter-catalogue';
import type { UnlockBackoff } from './unlock-throttle';

export interface ServiceOptions {
  /** The catalogue's SQLite file. */
  dbFile: string;
  /** Where pretrained and per-profile models live (default: the repository's models/). */
  modelsDir?: string;
  /** Force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu. */
  backend?: string;
  /** Train a first model in the background when there is none (default true). */
  autoPretrain?: boolean;
  /**
   * On a first launch (no movies, no releases), load the starter catalogue shipped in
   * `<modelsDir>/starter/` so that search, rating and the lists work at once (default true).
   */
  starterCatalogue?: boolean;
  /** Told when the starter catalogue was loaded into an empty catalogue (the CLI says so). */
  onStarterLoaded?: (load: StarterLoad) => void;
  /**
   * The automatic backups in `backups/` beside the catalogue, for the app's long-running entry
   * points (defaultRollingBackups: at most one a day, made at start and while running, the
   * newest 7 kept); none when left out, as for one-shot CLI commands and tests.
   */
  rollingBackups?: RollingBackupPolicy | false;
  /** How wrong passphrases slow down further tries on a profile (default: 5 free, 1 s to 60 s). */
  unlockBackoff?: UnlockBackoff;
  /**
   * For the app's long-running entry points: how often (ms) to look for releases another process
   * imported, removed or chose (OUTSIDE_CHANGES_MS), then say `catalogue.changed` as for the
   * app's own; never when left out, as for one-shot CLI commands and tests.
   */
  watchOutsideChangesMs?: number;
  /**
   * For the app's long-running entry points: read the release's every rating in the background
   * once the engine starts, so that the first movie page's similar movies need not wait for it,
   * and the catalogue's tags at start, so that the first search need not wait for them.
   */
  readRatingsAhead?: boolean;
  dispatch?: Partial<DispatchOptions>;
}

/** How often the app looks for what the CLI changed beside it. */
export const OUTSIDE_CHANGES_MS = 2000;

/** The service behind every entry point: one handler table over one catalogue and one engine. */
export interface Service {
  readonly dbFile: string;
  readonly uploads: UploadStore;
  /**
   * A fresh per-connection session (which locked profiles it has opened). Trusted with paths by
   * default (the CLI, Electron IPC); the local host asks for `{ trust: 'web' }`.
   */
  newSession(options?: SessionOptions): Session;
  dispatch(channel: string, request: unknown, session: Session): Promise<DispatchResult>;
  /** Every event, whichever profile it is about (the CLI's own run, tests). */
  onEvent(listener: AnyEventListener): () => void;
  /** The events `session` may hear: none about a locked profile it has not opened. */
  onSessionEvent(session: Session, listener: AnyEventListener): () => void;
  close(): Promise<void>;
}

/** models/ is unpacked from the packaged app's asar, where the training worker can read it. */
export const defaultModelsDir = outsideAsar(path.join(repoRoot, 'models'));
const version = packageJson.version;

/** Wires ports (the catalogue's, importers', engine's and evaluation's functions) into a service. */
export function createServiceFromPorts(
  ports: Ports,
  options: { dbFile: string; dispatch?: Partial<DispatchOptions>; watchOutsideChangesMs?: number },
): Service {
  const bus = new EventBus();
  const jobs = new JobRegistry();
  const uploads = new UploadStore();
  const epoch = new SessionEpoch();
  const dispatchOptions = { ...defaultDispatchOptions, ...options.dispatch };
  const stopRelay = ports.engine.onModelUpdated((event) =>
    bus.emit('profile.modelUpdated', event, { profileId: event.profileId }),
  );
  const stopDamageRelay = ports.backups.onDamage((message) =>
    bus.emit('catalogue.damaged', { message }),
  );
  // An import (a job) or a restore of this service says catalogue.changed itself when it ends.
  let restoring = 0;
  const backups: Ports['backups'] = {
    ...ports.backups,
    async restore(file) {
      restoring++;
      try {
        return await ports.backups.restore(file);
      } finally {
        restoring--;
      }
    },
  };
  const outside = options.watchOutsideChangesMs
    ? watchOutsideChanges({
        state: () => ports.catalogue.releasesState(),
        everyMs: options.watchOutsideChangesMs,
        busy: () => jobs.size > 0 || restoring > 0,
        onChange: () => {
          ports.engine.catalogueChanged();
          bus.emit('catalogue.changed', {
            reason: "another program changed the catalogue's releases",
          });
        },
      })
    : null;
  let closed = false;

  return {
    dbFile: options.dbFile,
    uploads,
    newSession: (sessionOptions) => new Session(epoch, sessionOptions),
    dispatch(channel, request, session) {
      if (closed) {
        return Promise.resolve({
          ok: false,
          error: { code: 'failed', message: 'The service is closed' },
        });
      }
      const ctx: CallContext = {
        ...ports,
        backups,
        session,
        jobs,
        uploads,
        version,
        emit: (event, payload, audience) => {
          if (event === 'catalogue.changed') outside?.seen();
          bus.emit(event, payload, audience);
        },
      };
      return dispatch(channel, request, ctx, dispatchOptions);
    },
    onEvent: (listener) => bus.on(listener),
    onSessionEvent: (session, listener) =>
      bus.on(listener, (audience) => sessionHears(session, audience, ports.catalogue)),
    async close() {
      if (closed) return;
      closed = true;
      jobs.cancelAll();
      outside?.stop();
      stopRelay();
      stopDamageRelay();
      await ports.backups.close();
      await ports.engine.close();
      ports.catalogue.close();
      uploads.close();
    },
  };
}

/** Calls a channel and returns its response, or throws the ApiError it answered with. */
export async function callService<C extends Channel>(
  service: Service,
  session: Session,
  channel: C,
  request: unknown,
): Promise<Response<C>> {
  const result = await service.dispatch(channel, request, session);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.response as Response<C>;
}
