import type { JobOptions } from '../../core/jobs';
import { TrainingCancelledError } from './errors';

/** What a fine-tune is told about itself by the scheduler that runs it. */
export interface FineTuneRun {
  /** Aborts when the run is cancelled (or the caller's own job signal aborts). */
  signal: AbortSignal;
  /** Whether the scheduler cancelled the run: its result must not be kept. */
  cancelled(): boolean;
}

export type FineTuneJob<R> = (
  profileId: number,
  run: FineTuneRun,
  options?: JobOptions,
) => Promise<R>;

interface RunningFineTune {
  /** Settles (never rejects) when the job has finished, whatever its outcome. */
  settled: Promise<void>;
  controller: AbortController;
}

/**
 * When profiles' personal models are fine-tuned: one debounce timer and at most one running
 * fine-tune per profile (a later request waits for the running one, then runs). cancel() ends
 * both for a profile (deleted, or its catalogue or model changed): the timer is cleared, the
 * running job's signal aborts and it is marked cancelled, so that what it computed is not kept,
 * and requests waiting behind it give up with a TrainingCancelledError.
 */
export class FineTuneScheduler<R> {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly running = new Map<number, RunningFineTune>();
  /** Per profile, how many times its fine-tunes were cancelled. */
  private readonly cancellations = new Map<number, number>();
  private closed = false;

  constructor(
    private readonly job: FineTuneJob<R>,
    readonly debounceMs: number,
  ) {}

  /** Runs a fine-tune after `delayMs` (the debounce by default), replacing one still waiting. */
  schedule(profileId: number, delayMs = this.debounceMs): void {
    if (this.closed) return;
    this.clearTimer(profileId);
    const timer = setTimeout(() => {
      this.timers.delete(profileId);
      this.run(profileId).catch(() => undefined);
    }, delayMs);
    timer.unref();
    this.timers.set(profileId, timer);
  }

  /** Runs a fine-tune now, after the one running for the profile (if any); resolves with its result. */
  async run(profileId: number, options?: JobOptions): Promise<R> {
    this.clearTimer(profileId);
    const epoch = this.epochOf(profileId);
    for (let ahead = this.running.get(profileId); ahead; ahead = this.running.get(profileId))
      await ahead.settled;
    if (this.closed || this.epochOf(profileId) !== epoch)
      throw new TrainingCancelledError('finetune');
    const controller = new AbortController();
    const signal = options?.signal
      ? AbortSignal.any([controller.signal, options.signal])
      : controller.signal;
    const result = this.job(
      profileId,
      { signal, cancelled: () => this.closed || this.epochOf(profileId) !== epoch },
      options,
    );
    const entry = { settled: result.then(noop, noop), controller };
    this.running.set(profileId, entry);
    try {
      return await result;
    } finally {
      if (this.running.get(profileId) === entry) this.running.delete(profileId);
    }
  }

  isRunning(profileId: number): boolean {
    return this.running.has(profileId);
  }

  /** Ends the profile's waiting and running fine-tunes; resolves once the running one has stopped. */
  cancel(profileId: number): Promise<void> {
    this.clearTimer(profileId);
    this.cancellations.set(profileId, this.epochOf(profileId) + 1);
    const running = this.running.get(profileId);
    running?.controller.abort();
    return running?.settled ?? Promise.resolve();
  }

  /** cancel() for every profile. */
  async cancelAll(): Promise<void> {
    const profiles = new Set([...this.timers.keys(), ...this.running.keys()]);
    await Promise.all([...profiles].map((profileId) => this.cancel(profileId)));
  }

  /** Whether a timer is waiting or a fine-tune running. */
  get busy(): boolean {
    return this.timers.size > 0 || this.running.size > 0;
  }

  /** Resolves once every fine-tune running now has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.settled));
  }

  /** Cancels everything; later schedule() calls do nothing and run() calls are cancelled. */
  close(): Promise<void> {
    const stopped = this.cancelAll();
    this.closed = true;
    return stopped;
  }

  private epochOf(profileId: number): number {
    return this.cancellations.get(profileId) ?? 0;
  }

  private clearTimer(profileId: number): void {
    const timer = this.timers.get(profileId);
    if (timer) clearTimeout(timer);
    this.timers.delete(profileId);
  }
}

function noop(): void {}
