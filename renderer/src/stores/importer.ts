import { create } from 'zustand';
import type { ExportImportSummary, ImportSummary } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure } from './failures';
import { runJob, useJobs } from './jobs';

export type ImportKind = 'catalogue' | 'export';

interface ImporterState {
  kind: ImportKind;
  source: string;
  jobId: string | null;
  running: boolean;
  cancelling: boolean;
  summary: ImportSummary | null;
  exportSummary: ExportImportSummary | null;
  error: string | null;
  setKind: (kind: ImportKind) => void;
  setSource: (source: string) => void;
  start: (source: string, profileId: number | null) => Promise<boolean>;
  cancel: () => Promise<void>;
  reset: () => void;
}

const initial = {
  kind: 'catalogue' as ImportKind,
  source: '',
  jobId: null,
  running: false,
  cancelling: false,
  summary: null,
  exportSummary: null,
  error: null,
};

export const useImporter = create<ImporterState>((set, get) => ({
  ...initial,
  setKind: (kind) => set({ kind, error: null }),
  setSource: (source) => set({ source }),
  /** Imports a path the service can read (typed, dropped in Electron, or uploaded first). */
  start: async (source, profileId) => {
    const kind = get().kind;
    if (kind === 'export' && profileId === null) {
      set({
        error: 'Pick or create a profile first: a personal export becomes that profile’s ratings.',
      });
      return false;
    }
    set({ running: true, cancelling: false, error: null, summary: null, exportSummary: null });
    try {
      if (kind === 'catalogue') {
        const summary = await runJob(
          'import',
          (jobId) => call('catalogue.import', { source, jobId }),
          (jobId) => set({ jobId }),
        );
        set({ summary });
      } else {
        const exportSummary = await runJob(
          'import-export',
          (jobId) =>
            call('catalogue.importExport', {
              profileId: profileId!,
              source,
              format: 'auto',
              jobId,
            }),
          (jobId) => set({ jobId }),
        );
        set({ exportSummary });
      }
      return true;
    } catch (error) {
      const message = describeFailure(error, profileId);
      set({ error: message ?? 'Import cancelled. Nothing was changed.' });
      return false;
    } finally {
      set({ running: false, cancelling: false });
    }
  },
  cancel: async () => {
    const jobId = get().jobId;
    if (!jobId || !get().running) return;
    set({ cancelling: true });
    try {
      await useJobs.getState().cancel(jobId);
    } catch (error) {
      set({ cancelling: false, error: describeFailure(error) });
    }
  },
  reset: () => set({ ...initial }),
}));
