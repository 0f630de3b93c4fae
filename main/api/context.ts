import type { EventName, EventPayload } from '../../shared/api';
import type { EventAudience } from './event-audience';
import type { JobRegistry } from './jobs';
import type { Ports } from './ports';
import type { Session } from './session';
import type { UploadStore } from './uploads';

/** What a handler gets besides its request. */
export interface CallContext extends Ports {
  session: Session;
  /** Pushes an event; one about a profile names it, so only sessions that may open it hear it. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>, audience?: EventAudience): void;
  jobs: JobRegistry;
  uploads: UploadStore;
  version: string;
}
