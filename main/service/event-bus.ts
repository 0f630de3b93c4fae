import type { EventName, EventPayload } from '../../shared/api';

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans the service's events out to every door that listens. */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  on(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A door that fails to deliver an event must not break the call that raised it.
      }
    }
  }
}
