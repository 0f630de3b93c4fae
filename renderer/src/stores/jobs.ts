import { create } from 'zustand';
import type { EventPayload } from '../../../shared/api';
import type { JobKind, JobProgress } from '../../../shared/domain';
import { call, onEvent } from '../api/client';
import { isCancelledError, readableError } from '../api/errors';
import { newJobId } from '../api/job-id';

export interface LossPoint {
  step: number;
  loss: number;
  validationLoss: number | null;
  /** What the loss measures; a job that reports several kinds gets one curve per kind. */
  series: string;
}

/** The series of a job that names no kind of loss. */
export const trainingLoss = 'training loss';

export interface JobView {
  jobId: string;
  kind: JobKind;
  progress: JobProgress | null;
  losses: LossPoint[];
  startedAt: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  error: string | null;
}

interface JobsState {
  jobs: Record<string, JobView>;
  track: (jobId: string, kind: JobKind) => void;
  progress: (progress: JobProgress) => void;
  finished: (event: EventPayload<'job.finished'>) => void;
  cancel: (jobId: string) => Promise<void>;
  forget: (jobId: string) => void;
}

function blank(jobId: string, kind: JobKind): JobView {
  return {
    jobId,
    kind,
    progress: null,
    losses: [],
    startedAt: Date.now(),
    status: 'running',
    error: null,
  };
}

/** One point per epoch (or step) that carries a loss; a repeated step replaces the earlier one. */
export function addLoss(losses: LossPoint[], progress: JobProgress): LossPoint[] {
  if (progress.loss === undefined || !Number.isFinite(progress.loss)) return losses;
  const point = {
    step: progress.current,
    loss: progress.loss,
    validationLoss: progress.validationLoss ?? null,
    series: progress.lossName ?? trainingLoss,
  };
  const kept = losses.filter((p) => p.step !== point.step);
  return [...kept, point].sort((a, b) => a.step - b.step);
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  track: (jobId, kind) => set({ jobs: { ...get().jobs, [jobId]: blank(jobId, kind) } }),
  progress: (progress) => {
    const job = get().jobs[progress.jobId] ?? blank(progress.jobId, progress.kind);
    if (job.status !== 'running') return;
    set({
      jobs: {
        ...get().jobs,
        [progress.jobId]: { ...job, progress, losses: addLoss(job.losses, progress) },
      },
    });
  },
  finished: ({ jobId, kind, ok, error }) => {
    const job = get().jobs[jobId] ?? blank(jobId, kind);
    if (job.status !== 'running') return;
    const cancelled = !ok && !!error && /cancel/i.test(error);
    const status = ok ? 'done' : cancelled ? 'cancelled' : 'failed';
    set({
      jobs: { ...get().jobs, [jobId]: { ...job, status, error: ok ? null : (error ?? null) } },
    });
  },
  cancel: async (jobId) => {
    await call('jobs.cancel', { jobId });
  },
  forget: (jobId) => {
    const jobs = { ...get().jobs };
    delete jobs[jobId];
    set({ jobs });
  },
}));

/** Listens for progress of every job, including ones the service started by itself. */
export function attachJobEvents(): () => void {
  const offProgress = onEvent('job.progress', (p) => useJobs.getState().progress(p));
  const offFinished = onEvent('job.finished', (e) => useJobs.getState().finished(e));
  return () => {
    offProgress();
    offFinished();
  };
}

/** Runs one piece of long work under a fresh job id, keeping its state in the jobs store. */
export async function runJob<T>(
  kind: JobKind,
  start: (jobId: string) => Promise<T>,
  onStart?: (jobId: string) => void,
): Promise<T> {
  const jobId = newJobId(kind);
  useJobs.getState().track(jobId, kind);
  onStart?.(jobId);
  try {
    const result = await start(jobId);
    useJobs.getState().finished({ jobId, kind, ok: true });
    return result;
  } catch (error) {
    const message = isCancelledError(error) ? 'cancelled' : readableError(error);
    useJobs.getState().finished({ jobId, kind, ok: false, error: message });
    throw error;
  }
}

export function runningJob(jobs: Record<string, JobView>, kinds: JobKind[]): JobView | null {
  const running = Object.values(jobs).filter(
    (j) => j.status === 'running' && kinds.includes(j.kind),
  );
  return running.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
}
