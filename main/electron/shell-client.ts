import type { ApiClient } from '../../shared/api';
import { createClient } from '../../shared/client';
import type { ServerFrame } from '../../shared/frames';
import type { ServiceClient } from './service-client';

/**
 * The main process's own typed client of the service (the menu's import uses it): one more
 * connection, with its own session, like a window's.
 */
export function shellApiClient(service: ServiceClient): ApiClient {
  let deliver: (frame: ServerFrame) => void = () => undefined;
  const connection = service.connect((frame) => deliver(frame));
  return createClient({
    send: (frame) => connection.send(frame),
    onFrame: (listener) => {
      deliver = listener;
    },
  });
}
