import { ApiError } from '../../shared/api';
import type { JobKind } from '../../shared/domain';
import type { JobOptions } from '../core/jobs';
import type { CallContext } from './context';

const PROGRESS_INTERVAL_MS = 100;

/** A loss curve gets a point at least every 1/30 of the job's steps, however fast they come. */
const CHART_POINTS = 30;

/**
 * Runs one long call as a job: registers it for `jobs.cancel` by this session only, relays its
 * progress as `job.progress` (at most ten a second, and every change of phase or of kind of loss,
 * after the last report of the one before; a report with a loss also whenever 1/30 of the steps
 * have passed, so a 14 ms fine-tune draws a curve rather than a line between two points), and ends
 * with `job.finished`. A job on one profile (`profileId`) is heard only by the session that
 * started it and the sessions that may open that profile.
 */
export async function runJob<T>(
  ctx: CallContext,
  jobId: string,
  kind: JobKind,
  work: (options: JobOptions) => Promise<T>,
  profileId?: number,
): Promise<T> {
  const controller = ctx.jobs.start(jobId, ctx.session);
  const audience = profileId === undefined ? undefined : { profileId, startedBy: ctx.session };
  let lastSent = 0;
  let lastCurrent = 0;
  let lastKind = '';
  // the latest report held back, sent before a new phase or kind of loss so each ends on its last
  let held: Parameters<JobOptions['onProgress']>[0] | null = null;
  const send = (progress: Parameters<JobOptions['onProgress']>[0]) =>
    ctx.emit('job.progress', { ...progress, jobId, kind }, audience);
  const onProgress: JobOptions['onProgress'] = (progress) => {
    const now = Date.now();
    const done = progress.total !== null && progress.current >= progress.total;
    const progressKind = `${progress.phase}\0${progress.lossName ?? ''}`;
    const changed = progressKind !== lastKind;
    const chartStep =
      progress.loss !== undefined &&
      progress.total !== null &&
      progress.current - lastCurrent >= progress.total / CHART_POINTS;
    if (!changed && !done && !chartStep && now - lastSent < PROGRESS_INTERVAL_MS) {
      held = progress;
      return;
    }
    if (changed && held) send(held);
    held = null;
    lastSent = now;
    lastCurrent = progress.current;
    lastKind = progressKind;
    send(progress);
  };
  try {
    // Work that finished before it noticed a cancel is kept: its result is reported as it is.
    const result = await work({ onProgress, signal: controller.signal });
    ctx.emit('job.finished', { jobId, kind, ok: true }, audience);
    return result;
  } catch (error) {
    const reported = controller.signal.aborted ? cancelled() : error;
    ctx.emit('job.finished', { jobId, kind, ok: false, error: messageOf(reported) }, audience);
    throw reported;
  } finally {
    ctx.jobs.finish(jobId, controller);
  }
}

function cancelled(): ApiError {
  return new ApiError('cancelled', 'Cancelled');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
