import { events, type EventName, type EventPayload } from '../../shared/api';
import { describeIssues } from '../api/errors';

/** An event and its payload, as a union of pairs: checking the name narrows the payload. */
export type EventArgs = { [E in EventName]: [event: E, payload: EventPayload<E>] }[EventName];
export type AnyEventListener = (...args: EventArgs) => void;

/**
 * Fans the service's events out to every connection that listens. Payloads are checked against
 * the contract here, once, so no connection pushes what a client would have to throw away; a
 * malformed one is reported on stderr (once per event and problem) and dropped.
 */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();
  private readonly reported = new Set<string>();

  on(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      const problem = `${event}: ${describeIssues(parsed.error)}`;
      if (!this.reported.has(problem)) {
        this.reported.add(problem);
        process.stderr.write(`movie-assistant: dropped a malformed event ${problem}\n`);
      }
      return;
    }
    const args = [event, parsed.data] as EventArgs;
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch {
        // A connection that fails to deliver an event must not break the call that raised it.
      }
    }
  }
}
