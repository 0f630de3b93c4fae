import { create } from 'zustand';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface NoticesState {
  notices: Notice[];
  push: (kind: Notice['kind'], text: string) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useNotices = create<NoticesState>((set, get) => ({
  notices: [],
  push: (kind, text) => {
    const notice = { id: nextId++, kind, text };
    set({ notices: [...get().notices.filter((n) => n.text !== text), notice].slice(-4) });
    if (kind === 'info') setTimeout(() => get().dismiss(notice.id), 5000);
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
}));
