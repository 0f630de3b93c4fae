import type { ApiErrorShape } from '../../shared/api';
import type { ServerFrame } from '../../shared/frames';
import type { Session, SessionOptions } from '../api/session';
import type { Service } from '../service/create-service';

export interface FrameConnection {
  readonly session: Session;
  /** One frame from the client, already parsed from JSON. */
  receive(frame: unknown): void;
  close(): void;
}

/**
 * One client of a message transport (a WebSocket, an Electron window over IPC): its own
 * session (trusted with paths or not, as the transport says), calls answered by id, and the
 * service events that session may hear pushed to it. The transport only moves frames.
 */
export function createFrameConnection(
  service: Service,
  send: (frame: ServerFrame) => void,
  sessionOptions: SessionOptions,
): FrameConnection {
  const session = service.newSession(sessionOptions);
  let open = true;
  const deliver = (frame: ServerFrame) => {
    if (open) send(frame);
  };
  const stopEvents = service.onSessionEvent(session, (event, payload) =>
    deliver({ event, payload }),
  );

  return {
    session,
    receive(frame) {
      if (!isCallFrame(frame)) {
        const id = (frame as { id?: unknown } | null)?.id;
        deliver({
          id: typeof id === 'number' || typeof id === 'string' ? id : null,
          ok: false,
          error: malformed,
        });
        return;
      }
      void service
        .dispatch(frame.channel, frame.request, session)
        .then((result) => deliver({ id: frame.id, ...result }));
    },
    close() {
      open = false;
      stopEvents();
    },
  };
}

const malformed: ApiErrorShape = {
  code: 'bad-request',
  message: 'Malformed frame: expected {"id": number, "channel": string, "request": object}',
};

function isCallFrame(
  frame: unknown,
): frame is { id: number | string; channel: string; request: unknown } {
  if (typeof frame !== 'object' || frame === null) return false;
  const { id, channel } = frame as { id?: unknown; channel?: unknown };
  return (typeof id === 'number' || typeof id === 'string') && typeof channel === 'string';
}
