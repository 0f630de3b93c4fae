import { ApiError } from '../../shared/api';
import type { JobKind } from '../../shared/domain';
import type { JobOptions } from '../core/jobs';
import type { CallContext } from './context';

const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs one long call as a job: registers it for `jobs.cancel` by this session only, relays its
 * progress as `job.progress` (at most ten a second, and every change of phase), and ends with
 * `job.finished`. A job on one profile (`profileId`) is heard only by the session that started it
 * and the sessions that may open that profile.
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
  let lastPhase = '';
  const onProgress: JobOptions['onProgress'] = (progress) => {
    const now = Date.now();
    const done = progress.total !== null && progress.current >= progress.total;
    if (progress.phase === lastPhase && !done && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    lastPhase = progress.phase;
    ctx.emit('job.progress', { ...progress, jobId, kind }, audience);
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
