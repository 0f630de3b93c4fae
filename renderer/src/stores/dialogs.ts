import { create } from 'zustand';

export type ProfileDialogKind = 'create' | 'rename' | 'lock' | 'removeLock' | 'delete';

interface DialogsState {
  open: { kind: ProfileDialogKind; profileId: number | null } | null;
  show: (kind: ProfileDialogKind, profileId?: number | null) => void;
  close: () => void;
}

export const useDialogs = create<DialogsState>((set) => ({
  open: null,
  show: (kind, profileId = null) => set({ open: { kind, profileId } }),
  close: () => set({ open: null }),
}));
