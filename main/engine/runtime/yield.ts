/**
 * Lets queued messages (a worker's cancel request, a timer) run between chunks of synchronous
 * training work; long loops await this every few hundred milliseconds at most.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Calls `yieldToEventLoop` only when `intervalMs` passed since the last yield. */
export class Yielder {
  private last = performance.now();
  constructor(private readonly intervalMs = 50) {}
  async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.last >= this.intervalMs) {
      await yieldToEventLoop();
      this.last = performance.now();
    }
  }
}
