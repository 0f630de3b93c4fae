import { create } from 'zustand';
import type {
  ConflictPolicy,
  ExportImportSummary,
  ImportSummary,
  UndoImportSummary,
} from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure } from './failures';
import { runJob, useJobs } from './jobs';
import { registerProfileScoped } from './profile-scope';

export type ImportKind = 'catalogue' | 'export';

interface ImporterState {
  kind: ImportKind;
  source: string;
  jobId: string | null;
  running: boolean;
  cancelling: boolean;
  summary: ImportSummary | null;
  exportSummary: ExportImportSummary | null;
  /** What importing the export would do, shown before anything is written. */
  preview: ExportImportSummary | null;
  /** The source the preview was made of, imported on confirm. */
  previewSource: string | null;
  conflicts: ConflictPolicy;
  /** The import in `exportSummary` undone. */
  undone: UndoImportSummary | null;
  error: string | null;
  setKind: (kind: ImportKind) => void;
  setSource: (source: string) => void;
  setConflicts: (conflicts: ConflictPolicy) => void;
  /** A release is imported at once; a personal export is previewed first (see confirmExport). */
  start: (source: string, profileId: number | null) => Promise<boolean>;
  /** Imports the previewed export with the chosen conflict policy. */
  confirmExport: (profileId: number) => Promise<boolean>;
  /** Puts back the ratings the last export import changed. */
  undoExport: (profileId: number) => Promise<boolean>;
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
  preview: null,
  previewSource: null,
  conflicts: 'newest-wins' as ConflictPolicy,
  undone: null,
  error: null,
};

export const useImporter = create<ImporterState>((set, get) => ({
  ...initial,
  setKind: (kind) => set({ kind, error: null }),
  setSource: (source) => set({ source }),
  setConflicts: (conflicts) => set({ conflicts }),
  /** Imports a path the service can read (typed, dropped in Electron, or uploaded first). */
  start: async (source, profileId) => {
    const kind = get().kind;
    if (kind === 'export' && profileId === null) {
      set({
        error: 'Pick or create a profile first: a personal export becomes that profile’s ratings.',
      });
      return false;
    }
    set({
      running: true,
      cancelling: false,
      error: null,
      summary: null,
      exportSummary: null,
      preview: null,
      previewSource: null,
      undone: null,
    });
    try {
      if (kind === 'catalogue') {
        const summary = await runJob(
          'import',
          (jobId) => call('catalogue.import', { source, jobId }),
          (jobId) => set({ jobId }),
        );
        set({ summary });
      } else {
        const preview = await runJob(
          'import-export',
          (jobId) =>
            call('catalogue.importExport', {
              profileId: profileId!,
              source,
              format: 'auto',
              dryRun: true,
              jobId,
            }),
          (jobId) => set({ jobId }),
        );
        set({ preview, previewSource: source });
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
  confirmExport: async (profileId) => {
    const source = get().previewSource;
    if (source === null) return false;
    set({ running: true, cancelling: false, error: null });
    try {
      const exportSummary = await runJob(
        'import-export',
        (jobId) =>
          call('catalogue.importExport', {
            profileId,
            source,
            format: 'auto',
            conflicts: get().conflicts,
            jobId,
          }),
        (jobId) => set({ jobId }),
      );
      set({ exportSummary, preview: null, previewSource: null });
      return true;
    } catch (error) {
      const message = describeFailure(error, profileId);
      set({ error: message ?? 'Import cancelled. Nothing was changed.' });
      return false;
    } finally {
      set({ running: false, cancelling: false });
    }
  },
  undoExport: async (profileId) => {
    const importId = get().exportSummary?.importId;
    if (importId === null || importId === undefined) return false;
    try {
      const undone = await call('catalogue.undoImport', { profileId, importId });
      set({ undone, error: null });
      return true;
    } catch (error) {
      set({ error: describeFailure(error, profileId) });
      return false;
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

// A personal export's preview, summary and Undo are the profile's: another profile must neither
// see them nor undo the import under its own id.
registerProfileScoped(() =>
  useImporter.setState({ preview: null, previewSource: null, exportSummary: null, undone: null }),
);
