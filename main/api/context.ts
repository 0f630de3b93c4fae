import type { EventName, EventPayload } from '../../shared/api';
import type { JobRegistry } from './jobs';
import type { Ports } from './ports';
import type { Session } from './session';
import type { UploadStore } from './uploads';

/** What a handler gets besides its request. */
export interface CallContext extends Ports {
  session: Session;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  jobs: JobRegistry;
  uploads: UploadStore;
  version: string;
}
