import { events, type EventName, type EventPayload } from '../../shared/api';
import { describeIssues } from '../api/errors';
import type { EventAudience } from '../api/event-audience';

/** An event and its payload, as a union of pairs: checking the name narrows the payload. */
export type EventArgs = { [E in EventName]: [event: E, payload: EventPayload<E>] }[EventName];
export type AnyEventListener = (...args: EventArgs) => void;

/** Whether a listener hears an event with this audience (undefined: an event for everyone). */
export type HearsEvent = (audience: EventAudience | undefined) => boolean;

interface Subscription {
  listener: AnyEventListener;
  hears: HearsEvent;
}

const hearsEverything: HearsEvent = () => true;

/**
 * Fans the service's events out to the connections that may hear them. Payloads are checked
 * against the contract here, once, so no connection pushes what a client would have to throw
 * away; a malformed one is reported on stderr (once per event and problem) and dropped.
 */
export class EventBus {
  private readonly subscriptions = new Set<Subscription>();
  private readonly reported = new Set<string>();

  /** Listens to the events `hears` lets through (by default every one: the CLI, tests). */
  on(listener: AnyEventListener, hears: HearsEvent = hearsEverything): () => void {
    const subscription = { listener, hears };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>, audience?: EventAudience): void {
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
    for (const { listener, hears } of this.subscriptions) {
      try {
        if (hears(audience)) listener(...args);
      } catch {
        // A connection that fails to deliver an event must not break the call that raised it.
      }
    }
  }
}
