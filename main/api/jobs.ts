import { ApiError } from '../../shared/api';

/** Running long calls by the client-chosen jobId, so `jobs.cancel` can stop them. */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  start(jobId: string): AbortController {
    if (this.running.has(jobId)) {
      throw new ApiError('conflict', `A job with id "${jobId}" is already running`);
    }
    const controller = new AbortController();
    this.running.set(jobId, controller);
    return controller;
  }

  finish(jobId: string, controller: AbortController): void {
    if (this.running.get(jobId) === controller) this.running.delete(jobId);
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort(new ApiError('cancelled', 'Cancelled'));
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) {
      controller.abort(new ApiError('cancelled', 'Cancelled: the service is closing'));
    }
  }

  get size(): number {
    return this.running.size;
  }
}
