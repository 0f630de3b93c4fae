import { create } from 'zustand';
import type { EngineStatus } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure } from './failures';
import { runJob } from './jobs';
import { useNotices } from './notices';
import { countOf, formatDuration } from '../util/format';

interface EngineState {
  status: EngineStatus | null;
  loading: boolean;
  error: string | null;
  /** The last training job this window started; its loss curve stays on screen after it ends. */
  trainingJobId: string | null;
  load: (profileId: number | null) => Promise<void>;
  fineTune: (profileId: number) => Promise<void>;
  pretrain: (epochs?: number) => Promise<void>;
}

export const useEngine = create<EngineState>((set, get) => {
  async function train(work: (jobId: string) => Promise<string>, profileId: number | null) {
    try {
      const summary = await runJob(
        profileId === null ? 'pretrain' : 'finetune',
        work,
        (trainingJobId) => set({ trainingJobId }),
      );
      useNotices.getState().push('info', summary);
    } catch (error) {
      const message = describeFailure(error, profileId);
      if (message) useNotices.getState().push('error', `Training stopped: ${message}`);
    } finally {
      await get().load(profileId);
    }
  }

  return {
    status: null,
    loading: false,
    error: null,
    trainingJobId: null,
    load: async (profileId) => {
      set({ loading: true });
      try {
        const status = await call('engine.status', profileId === null ? {} : { profileId });
        set({ status, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: describeFailure(error, profileId) });
      }
    },
    fineTune: (profileId) =>
      train(async (jobId) => {
        const r = await call('engine.finetune', { profileId, jobId });
        // The loss charts on the Model page already show how training went; the notice says what changed.
        return `Your list is up to date with your ${countOf(r.ratings, 'rating')} (fine-tuned in ${formatDuration(r.seconds)}).`;
      }, profileId),
    pretrain: (epochs) =>
      train(async (jobId) => {
        const r = await call('engine.pretrain', { jobId, ...(epochs ? { epochs } : {}) });
        return `Pretrained ${r.model} in ${formatDuration(r.seconds)}.`;
      }, null),
  };
});
