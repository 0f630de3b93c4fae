import { ApiError } from '../../shared/api';
import type { Session } from './session';

interface RunningJob {
  controller: AbortController;
  /** The session that started the job: the only one that may cancel it. */
  owner: Session;
}

/** Running long calls by the client-chosen jobId, so `jobs.cancel` can stop them. */
export class JobRegistry {
  private readonly running = new Map<string, RunningJob>();

  start(jobId: string, owner: Session): AbortController {
    if (this.running.has(jobId)) {
      throw new ApiError('conflict', `A job with id "${jobId}" is already running`);
    }
    const controller = new AbortController();
    this.running.set(jobId, { controller, owner });
    return controller;
  }

  finish(jobId: string, controller: AbortController): void {
    if (this.running.get(jobId)?.controller === controller) this.running.delete(jobId);
  }

  /**
   * Stops a job the session started. Another session's job is left running and answered like an
   * unknown one, so a connection learns nothing about other connections' work.
   */
  cancel(jobId: string, by: Session): boolean {
    const job = this.running.get(jobId);
    if (!job || job.owner !== by) return false;
    job.controller.abort(new ApiError('cancelled', 'Cancelled'));
    return true;
  }

  cancelAll(): void {
    for (const { controller } of this.running.values()) {
      controller.abort(new ApiError('cancelled', 'Cancelled: the service is closing'));
    }
  }

  get size(): number {
    return this.running.size;
  }
}
